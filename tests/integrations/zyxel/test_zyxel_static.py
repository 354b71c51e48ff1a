"""
Operations Command Center - Zyxel Static Column Tests

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The Zyxel SNMP poll against the in-process agent reads the
    static IF-MIB columns (names, type, speed, alias) only when due: later
    polls receive fewer varbinds yet show the full port list; a renamed
    alias shows at once when ifTableLastChange moves and within
    STATIC_EVERY polls otherwise; a reboot, a new ifNumber and every Nth
    poll read them again; the memory survives a JSON round trip.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import json

import pytest

from modules.ops_center.integrations.zyxel.parse import STATIC_EVERY, STATIC_MAX_AGE, SYS, stale_rows, static_due
from tests.fakes.snmp_agent import SnmpAgent
from tests.integrations.zyxel.test_zyxel import by_index, snmp_switch


@pytest.fixture(scope="module")
def switch_agent():
    with SnmpAgent(tree=None, switch_ports=48) as running:
        yield running


@pytest.fixture
def agent(switch_agent):
    return switch_agent.reset()


def poll(integ, agent, seconds=30):
    """One poll after ``seconds`` of traffic; returns (ports by index, varbinds received)."""
    agent.advance(seconds)
    integ.clock.now += seconds
    snmp = integ.snmp()
    before = snmp.varbinds
    switch = integ.fetch().switches[0]
    return by_index(switch), snmp.varbinds - before


def view(ports):
    """What the page shows of each port besides the rates."""
    return {i: (p.name, p.alias, p.oper, p.admin, p.speed_mbps) for i, p in ports.items()}


def test_later_polls_receive_fewer_varbinds_and_show_the_full_port_list(agent):
    integ = snmp_switch(agent)
    first, full = poll(integ, agent)
    second, fewer = poll(integ, agent)
    assert fewer < full / 2, (full, fewer)  # 4 of 9 columns
    assert view(second) == view(first) and len(second) == 48
    assert (second[1].name, second[1].alias, second[1].speed_mbps) == ("port1", "uplink-core", 1000)
    assert second[24].rx_bps == 24_000_000.0, "rates from the dynamic columns"
    assert integ.last_round_trips == 2, "one GET and one GETBULK"


def test_alias_rename_shows_at_once_when_iftablelastchange_moves(agent):
    integ = snmp_switch(agent)
    poll(integ, agent)
    poll(integ, agent)
    agent.set_alias(5, "camera-garage")
    agent.table_changed()
    ports, _count = poll(integ, agent)
    assert ports[5].alias == "camera-garage"


def test_alias_rename_alone_shows_within_static_every_polls(agent):
    integ = snmp_switch(agent)
    poll(integ, agent)
    agent.set_alias(2, "nas-02")  # ifTableLastChange does not move for an alias (IF-MIB)
    seen = [poll(integ, agent)[0][2].alias for _ in range(STATIC_EVERY)]
    assert seen[-1] == "nas-02" and seen.index("nas-02") <= STATIC_EVERY - 1


def test_every_nth_poll_reads_the_static_columns_again(agent):
    integ = snmp_switch(agent)
    counts = [poll(integ, agent)[1] for _ in range(2 * STATIC_EVERY + 1)]
    full, dynamic = counts[0], counts[1]
    assert [i for i, c in enumerate(counts) if c == full] == [0, STATIC_EVERY, 2 * STATIC_EVERY]
    assert all(c == dynamic for i, c in enumerate(counts) if i % STATIC_EVERY)


def test_reboot_reads_the_static_columns_again(agent):
    integ = snmp_switch(agent)
    _ports, full = poll(integ, agent)
    poll(integ, agent)
    agent.set_alias(7, "renamed-while-down")
    agent.reboot()  # sysUpTime back to ~0
    ports, count = poll(integ, agent, seconds=2)
    assert count == full and ports[7].alias == "renamed-while-down"
    assert all(p.rx_bps is None for p in ports.values()), "no rate across a restart"


def test_memory_survives_json_and_a_new_object(agent):
    first = snmp_switch(agent)
    ports, full = poll(first, agent)
    second = snmp_switch(agent)
    second.memory = json.loads(json.dumps(first.memory))  # what the cache stores
    second.clock.now = first.clock.now
    again, count = poll(second, agent)
    assert count < full / 2 and view(again) == view(ports)
    assert again[10].tx_bps == 2_500_000.0


def test_static_due_and_stale_rows_reasons():
    system = {SYS["uptime"]: 500, SYS["ifnumber"]: 50, SYS["lastchange"]: 0}
    cache = {"cols": {"x": {}}, "polls": 0, "t": 1000.0, "uptime": 400, "ifnumber": 50, "lastchange": 0,
             "rows": ["1", "2"], "up": ["1"]}
    assert static_due({}, system, 1000.0) == "first poll"
    assert static_due(cache, system, 1010.0) == ""
    assert static_due(dict(cache, polls=STATIC_EVERY - 1), system, 1010.0) == "every Nth poll"
    assert static_due(cache, system, 1000.0 + STATIC_MAX_AGE) == "age"
    assert static_due(cache, system, 999.0) == "age", "a clock that went back"
    assert static_due(cache, dict(system, **{SYS["uptime"]: 10}), 1010.0) == "reboot"
    assert static_due(cache, dict(system, **{SYS["ifnumber"]: 51}), 1010.0) == "ifNumber"
    assert static_due(cache, dict(system, **{SYS["lastchange"]: 450}), 1010.0) == "ifTableLastChange"
    oper = "1.3.6.1.2.1.2.2.1.8"
    assert not stale_rows(cache, {oper: {"1": 1, "2": 2}})
    assert stale_rows(cache, {oper: {"1": 1, "2": 1}}), "a link came up: its speed may be new"
    assert stale_rows(cache, {oper: {"1": 1, "2": 2, "3": 2}}), "an interface appeared"
