"""
Operations Command Center - APC PDU Light Poll Tests

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The APC PDU poll against the in-process agent, on every tree:
    later polls read states and load only (fewer varbinds) yet show every
    outlet with its name; a switched outlet and the new load show at once;
    a renamed outlet shows within STATIC_EVERY polls; a reboot and every
    Nth poll read the names again; the memory survives a JSON round trip.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import json

import pytest

from modules.ops_center.integrations.apc_pdu import ApcPdu
from modules.ops_center.integrations.apc_pdu.parse import STATIC_EVERY
from tests.fakes.snmp_agent import SnmpAgent
from tests.integrations.apc_pdu.test_apc_pdu import settings
from tests.integrations.zyxel.test_zyxel import Clock


@pytest.fixture(scope="module")
def agents():
    with SnmpAgent(tree="rpdu") as old, SnmpAgent(tree="rpdu2") as new, SnmpAgent(tree="spdu") as first:
        yield {"rpdu": old, "rpdu2": new, "spdu": first}


@pytest.fixture(params=["rpdu", "rpdu2", "spdu"])
def agent(request, agents):
    return agents[request.param].reset()


def pdu(agent):
    """An instance with a settable clock."""
    integ = ApcPdu("pdu-1", settings(agent))
    integ.clock = Clock()
    return integ


def poll(integ, seconds=30):
    """One poll; returns (Pdu, varbinds received)."""
    integ.clock.now += seconds
    snmp = integ.snmp()
    before = snmp.varbinds
    result = integ.fetch().pdus[0]
    return result, snmp.varbinds - before


def view(result):
    """What the page shows of a PDU."""
    return (result.name, result.load_amps, result.rating_amps, result.model,
            [(o.number, o.name, o.state, o.protected) for o in result.outlets])


def test_later_polls_receive_fewer_varbinds_and_show_every_outlet(agent):
    integ = pdu(agent)
    first, full = poll(integ)
    second, fewer = poll(integ)
    assert view(second) == view(first) and len(second.outlets) == 24
    assert second.outlets[1].name == "fw-opnsense" or agent.tree == "spdu"
    if agent.tree != "spdu":  # the sPDU column alone is the whole table: only the identity GET is saved
        assert fewer < full / 2, (full, fewer)
    else:
        assert fewer < full
    assert integ.last_round_trips == 2, "one GET and one GETBULK"


def test_switched_outlet_and_load_show_at_once(agent):
    integ = pdu(agent)
    before, _full = poll(integ)
    poll(integ)
    agent.state[3] = not agent.state[3]
    after, _count = poll(integ)
    assert after.outlets[2].state != before.outlets[2].state
    if agent.tree != "spdu":
        assert after.load_amps != before.load_amps


def test_renamed_outlet_shows_within_static_every_polls(agent):
    if agent.tree == "spdu":
        pytest.skip("the sPDU tree has no outlet names")
    integ = pdu(agent)
    poll(integ)
    agent.names[4] = "hv-04"
    seen = [poll(integ)[0].outlets[3].name for _ in range(STATIC_EVERY)]
    assert seen[-1] == "hv-04" and seen[:-1] == ["hv-01"] * (STATIC_EVERY - 1)


def test_every_nth_poll_and_a_reboot_read_the_names_again(agent):
    integ = pdu(agent)
    counts = [poll(integ)[1] for _ in range(2 * STATIC_EVERY + 1)]
    full = counts[STATIC_EVERY]  # the first poll also probes the tree
    assert [i for i, c in enumerate(counts[1:], 1) if c == full] == [STATIC_EVERY, 2 * STATIC_EVERY]
    agent.names[5] = "hv-05"
    agent.reboot()
    result, count = poll(integ)
    assert full < count < full + 10, "sysUpTime went back: the light GET, then a full poll"
    assert agent.tree == "spdu" or result.outlets[4].name == "hv-05"


def test_memory_survives_json_and_a_new_object(agent):
    first = pdu(agent)
    result, full = poll(first)
    second = pdu(agent)
    second.memory = json.loads(json.dumps(first.memory))  # what the cache stores
    again, count = poll(second)
    assert view(again) == view(result) and count < full
