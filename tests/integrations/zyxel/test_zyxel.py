"""
Operations Command Center - Zyxel Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The zyxel integration over SNMP (in-process agent with a
    48-port IF-MIB whose counters advance) and over SSH (in-process paramiko
    server speaking both CLI dialects): port tables, speeds, aliases, rates
    from two samples (first None, wrap and restart handled), dialect
    detection, pager, legacy key exchange opt-in, host key pinning, refused
    logins, slow switches, the aggregator keeping the last good data, and
    parsers on canned output, the logout per dialect (GS1900: exit twice)
    and a ZyNOS 4.x prompt carrying ESC 7 (also split across reads).
    Prints round trips and duration of one 48-port SNMP poll.

CHANGELOG:
- 1.1.0 (2026-12-01): logout per dialect; ZyNOS 4.x prompt with ESC 7, whole and split
- 1.0.0 (2026-11-26): Initial implementation
"""

import socket
import time

import pytest

from modules.ops_center.integrations.base import AuthFailed, BadResponse, Timeout, Unreachable
from modules.ops_center.integrations.kit.rates import counter_rate
from modules.ops_center.integrations.zyxel import Zyxel
from modules.ops_center.integrations.zyxel.parse import (
    apply_rates,
    is_cli_error,
    model_from_sysdescr,
    parse_gs1900_counters,
    parse_gs1900_status,
    parse_zynos_interfaces,
    parse_zynos_model,
)
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.fakes.snmp_agent import AUTH_KEY, PRIV_KEY, USER, SnmpAgent
from tests.fakes.zyxel_ssh import PASSWORD, USERNAME, ZyxelSshFake


class Clock:
    """A settable wall clock for rate samples."""

    def __init__(self):
        self.now = 1_750_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def switch_agent():
    with SnmpAgent(tree=None, switch_ports=48, community="sw-c0mmunity") as running:
        yield running


@pytest.fixture
def agent(switch_agent):
    return switch_agent.reset()


def snmp_switch(agent, **extra):
    """A Zyxel instance in SNMP mode with a controllable clock."""
    settings = dict(host="127.0.0.1", port=agent.port, snmp_user=USER, snmp_auth_key=AUTH_KEY,
                    snmp_priv_key=PRIV_KEY, timeout=3.0, retries=0)  # generous: the agent shares this CPU
    settings.update(extra)
    integ = Zyxel("zyxel-1", settings)
    integ.clock = Clock()
    return integ


def ssh_switch(fake, **extra):
    """A Zyxel instance in SSH mode with a controllable clock."""
    settings = dict(host="127.0.0.1", mode="ssh", ssh_port=fake.port, ssh_username=USERNAME, ssh_password=PASSWORD,
                    timeout=2.0)
    settings.update(extra)
    integ = Zyxel("zyxel-2", settings)
    integ.clock = Clock()
    return integ


def by_index(switch):
    """Ports of a Switch by index."""
    return {p.index: p for p in switch.ports}


def test_snmp_port_table_and_rates_from_two_samples(agent):
    integ = snmp_switch(agent)
    first = integ.fetch().switches[0]
    assert (first.name, first.source, first.vendor, first.model) == ("zyxel-1", "zyxel-1", "Zyxel", "GS1920-48HPv2")
    assert (first.port_count, first.ports_up) == (48, 40), "enet0 and vlan1 are not front-panel ports"
    ports = by_index(first)
    assert sorted(ports) == list(range(1, 49))
    assert (ports[1].name, ports[1].alias, ports[1].oper, ports[1].admin, ports[1].speed_mbps) == (
        "port1", "uplink-core", "up", "up", 1000)
    assert (ports[47].oper, ports[47].admin, ports[47].speed_mbps) == ("down", "down", None)
    assert all(p.rx_bps is None and p.tx_bps is None for p in first.ports), "first sample has no rate"
    agent.advance(10)
    integ.clock.now += 10
    ports = by_index(integ.fetch().switches[0])
    assert (ports[1].rx_bps, ports[1].tx_bps) == (1_000_000.0, 250_000.0)
    assert (ports[24].rx_bps, ports[24].tx_bps) == (24_000_000.0, 6_000_000.0)
    assert ports[3].rx_bps == 3_000_000.0, "64-bit counter wrapped between the samples"
    assert (ports[45].rx_bps, ports[45].tx_bps) == (0.0, 0.0)


def test_snmp_restart_gives_no_rate_then_recovers(agent):
    integ = snmp_switch(agent)
    integ.fetch()
    agent.reboot()
    agent.advance(5)
    integ.clock.now += 60
    assert all(p.rx_bps is None for p in integ.fetch().switches[0].ports), "sysUpTime went back: no made-up rate"
    agent.advance(10)
    integ.clock.now += 10
    assert by_index(integ.fetch().switches[0])[2].rx_bps == 2_000_000.0


def test_snmp_memory_survives_a_new_object(agent):
    first = snmp_switch(agent)
    first.fetch()
    second = snmp_switch(agent)
    second.memory = dict(first.memory)  # what the aggregator does across processes (JSON in the cache)
    agent.advance(30)
    second.clock.now = first.clock.now + 30
    assert by_index(second.fetch().switches[0])[10].tx_bps == 2_500_000.0


def test_snmp_v2c_and_all_interfaces(agent):
    integ = snmp_switch(agent, snmp_version="v2c", snmp_community="sw-c0mmunity", all_interfaces=True)
    switch = integ.fetch().switches[0]
    assert switch.port_count == 50
    assert {p.name for p in switch.ports} >= {"enet0", "vlan1"}


def test_snmp_poll_round_trips_and_duration(agent, capsys):
    integ = snmp_switch(agent)
    integ.fetch()
    first = integ.last_round_trips
    started = time.monotonic()
    switch = integ.fetch().switches[0]
    elapsed = time.monotonic() - started
    assert switch.port_count == 48
    assert integ.last_round_trips <= 4, "one GET + GETBULK batches of all nine columns"
    with capsys.disabled():
        print(f"\n[measure] Zyxel 48-port SNMP poll: {integ.last_round_trips} SNMP round trips "
              f"(first poll {first}), {elapsed * 1000:.1f} ms")


def test_snmp_wrong_credentials_and_timeout(agent):
    with pytest.raises(AuthFailed) as info:
        snmp_switch(agent, snmp_auth_key="not-the-key-1").fetch()
    assert "not-the-key-1" not in str(info.value)
    agent.drop = True
    with pytest.raises(Timeout):
        snmp_switch(agent, timeout=0.5).fetch()


@pytest.mark.parametrize("dialect,model", [("zynos", "GS2210-48"), ("gs1900", "GS1900")])
def test_ssh_both_dialects(dialect, model):
    with ZyxelSshFake(dialect=dialect) as fake:
        integ = ssh_switch(fake)
        switch = integ.fetch().switches[0]
        assert (switch.model, switch.port_count, switch.ports_up, switch.vendor) == (model, 48, 40, "Zyxel")
        ports = by_index(switch)
        assert (ports[1].oper, ports[1].speed_mbps, ports[48].oper, ports[48].speed_mbps) == ("up", 1000, "down", None)
        assert integ.memory["dialect"] == dialect
        if dialect == "zynos":  # the CLI prints Tx/Rx KBs/s: rates at once
            assert (ports[1].rx_bps, ports[1].tx_bps, ports[39].speed_mbps) == (1_000_000.0, 250_000.0, 100)
            assert ports[24].alias == ""
        else:  # byte counters: the first sample has no rate
            assert ports[24].alias == "ap-lobby" and ports[1].rx_bps is None
            fake.advance(20)
            integ.clock.now += 20
            ports = by_index(integ.fetch().switches[0])
            assert (ports[1].rx_bps, ports[24].tx_bps, ports[45].rx_bps) == (1_000_000.0, 6_000_000.0, 0.0)
        fake.commands.clear()
        integ.fetch()
        expected = {"zynos": ["show interfaces *"], "gs1900": ["show interfaces all status", "show interfaces all"]}
        assert fake.commands == expected[dialect], "the dialect (and ZyNOS model) are remembered"


@pytest.mark.parametrize("dialect,exits", [("zynos", [1]), ("gs1900", [2])])
def test_ssh_session_ends_with_the_dialects_exit(dialect, exits):
    with ZyxelSshFake(dialect=dialect) as fake:
        started = time.monotonic()
        assert ssh_switch(fake).fetch().switches[0].port_count == 48
        assert time.monotonic() - started < 1.5, "the switch closes at once; no waiting out the logout bound"
        assert fake.exits == exits, "GS1900 ends an SSH session only at the second exit"
        assert fake.closed_by_exit == 1 and "exit" not in fake.commands
        with pytest.raises(BadResponse):
            ssh_switch(fake, cli_dialect="zynos" if dialect == "gs1900" else "gs1900").fetch()
        deadline = time.monotonic() + 3
        while len(fake.exits) < 2 and time.monotonic() < deadline:  # the fake notices the hang-up on its own time
            time.sleep(0.02)
        assert fake.exits == exits + [0], "a failed read sends no logout"


@pytest.mark.parametrize("split", [False, True])
def test_zynos_4_prompt_with_esc_7(split):
    """ZyNOS 4.x prints "XGS4600# " then ESC 7 (oxidized zynoscli.rb); the sequence may end a read half-way."""
    with ZyxelSshFake(dialect="zynos", prompt="XGS4600# \x1b7", split_prompt=split) as fake:
        started = time.monotonic()
        integ = ssh_switch(fake)
        switch = integ.fetch().switches[0]
        assert time.monotonic() - started < 2.0, "the prompt is found, not waited out"
        assert (switch.model, switch.port_count, switch.ports_up) == ("GS2210-48", 48, 40)
        assert integ.memory["dialect"] == "zynos" and fake.exits == [1]
        assert fake.commands == ["show interfaces all status", "show interfaces *", "show system-information"], \
            "no stray '7' in a command"


@pytest.mark.parametrize("dialect", ["zynos", "gs1900"])
def test_ssh_pager_is_answered(dialect):
    with ZyxelSshFake(dialect=dialect, page_lines=25) as fake:
        switch = ssh_switch(fake, cli_dialect=dialect).fetch().switches[0]
        assert switch.port_count == 48 and [p.index for p in switch.ports] == list(range(1, 49))


@pytest.mark.parametrize("kex", ["diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"])
def test_legacy_kex_is_opt_in(kex):
    with ZyxelSshFake(dialect="gs1900", legacy_only=True, legacy_kex=(kex,)) as fake:
        with pytest.raises(BadResponse, match="allow_legacy_kex"):
            ssh_switch(fake).fetch()
        assert fake.logins == 0
        switch = ssh_switch(fake, allow_legacy_kex=True).fetch().switches[0]
        assert switch.port_count == 48 and fake.agreed_kex == [kex]


def test_host_key_pinning():
    with ZyxelSshFake(dialect="zynos") as fake:
        assert ssh_switch(fake, host_key=fake.fingerprint).fetch().switches[0].port_count == 48
        assert fake.logins == 1
        with pytest.raises(AuthFailed, match="pinned host_key") as info:
            ssh_switch(fake, host_key="SHA256:" + "A" * 43).fetch()
        assert fake.logins == 1, "the password is not sent to an unpinned key"
        assert PASSWORD not in str(info.value)


def test_ssh_rejected_login_and_slow_switch():
    with ZyxelSshFake(dialect="gs1900", reject=True) as fake:
        with pytest.raises(AuthFailed, match="rejected") as info:
            ssh_switch(fake).fetch()
        assert PASSWORD not in str(info.value)
    with ZyxelSshFake(dialect="gs1900", slow=1.2) as fake:
        started = time.monotonic()
        with pytest.raises(Timeout):
            ssh_switch(fake, timeout=0.5).fetch()
        assert time.monotonic() - started < 4.0


def test_ssh_silent_service_and_closed_port():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    try:
        with pytest.raises(Timeout, match="handshake"):  # accepts TCP, never sends an SSH banner
            Zyxel("z", dict(host="127.0.0.1", mode="ssh", ssh_port=port, ssh_username=USERNAME,
                            ssh_password=PASSWORD, timeout=0.5)).fetch()
    finally:
        listener.close()
    with pytest.raises(Unreachable, match="refused"):
        Zyxel("z", dict(host="127.0.0.1", mode="ssh", ssh_port=port, ssh_username=USERNAME,
                        ssh_password=PASSWORD, timeout=0.5)).fetch()


def test_ssh_explicit_wrong_dialect_is_bad_response():
    with ZyxelSshFake(dialect="zynos") as fake:
        with pytest.raises(BadResponse, match="no port table in the gs1900 CLI output"):
            ssh_switch(fake, cli_dialect="gs1900").fetch()


def test_aggregator_keeps_last_good_data(app, agent):
    with ZyxelSshFake(dialect="gs1900") as fake, app.app_context():
        snmp_settings = dict(host="127.0.0.1", port=agent.port, snmp_user=USER, snmp_auth_key=AUTH_KEY,
                             snmp_priv_key=PRIV_KEY, timeout=1.0, retries=0)  # below the app's 2 s fetch timeout
        save_instance("zyxel", "zyxel-snmp", snmp_settings)
        save_instance("zyxel", "zyxel-ssh", dict(host="127.0.0.1", mode="ssh", ssh_port=fake.port,
                                                 ssh_username=USERNAME, ssh_password=PASSWORD, timeout=2.0))
        session().commit()
        first = get_aggregator(app).snapshot(force=True)
        assert [s["ok"] for s in first["sources"]] == [True, True]
        assert [(s["name"], s["port_count"], s["ports_up"]) for s in first["switches"]] == [
            ("zyxel-snmp", 48, 40), ("zyxel-ssh", 48, 40)]
        agent.drop = True
        fake.reject = True
        second = get_aggregator(app).snapshot(force=True)
        kinds = {s["name"]: (s["ok"], s["stale"], s["error_kind"]) for s in second["sources"]}
        assert kinds == {"zyxel-snmp": (False, True, "timeout"), "zyxel-ssh": (False, True, "auth_failed")}
        assert second["switches"] == first["switches"], "last good port tables stay"
        for src in second["sources"]:
            assert PASSWORD not in src["error"] and AUTH_KEY not in src["error"] and PRIV_KEY not in src["error"]


ZYNOS_FIXTURE = (" show interfaces *\n  Port Info\tPort NO.\t\t:1\n  \t\tLink\t\t\t:1000M/F  \n"
                 "  \t\tStatus\t\t\t:FORWARDING\n  \t\tLACP\t\t\t:Disabled\n  \t\tTxPkts\t\t\t:14067675\n"
                 "  \t\tTx KBs/s\t\t:34.616\n  \t\tRx KBs/s\t\t:722.337\n  \n"
                 "  Port Info\tPort NO.\t\t:7\n  \t\tLink\t\t\t:Down  \n  \t\tStatus\t\t\t:STOP\n"
                 " \t\tTx KBs/s\t\t:0.0\n  \t\tRx KBs/s\t\t:0.0\n  \n"
                 "  Port Info\tPort NO.\t\t:11\n  \t\tLink\t\t\t:1000M/F SFP\n  \t\tStatus\t\t\t:FORWARDING\n")


def test_parsers_on_canned_output():
    ports = parse_zynos_interfaces(ZYNOS_FIXTURE)
    assert [(p.index, p.oper, p.speed_mbps) for p in ports] == [(1, "up", 1000), (7, "down", None), (11, "up", 1000)]
    assert (ports[0].rx_bps, ports[0].tx_bps) == (5_778_696.0, 276_928.0)
    assert ports[2].rx_bps is None, "no rate line, no made-up rate"
    assert parse_zynos_model("System Name\t\t: GS-3012\nProduct Model\t\t: GS-3012\n") == "GS-3012"
    status = ("Port Name        Status       Vlan Duplex Speed   Type\n"
              "1    uplink core  connected    1    a-full  a-1000M Copper\n"
              "2                notconnect   10   auto    auto    Fiber\r\n"
              "3    x            disabled     1    auto    auto    Copper\n")
    assert [(p.index, p.alias, p.oper, p.admin, p.speed_mbps) for p in parse_gs1900_status(status)] == [
        (1, "uplink core", "up", "up", 1000), (2, "", "down", "up", None), (3, "x", "down", "down", None)]
    counters = parse_gs1900_counters("GigabitEthernet5 is up\n     10 packets input, 1234 bytes, 0 throttles\n"
                                     "     7 packets output, 999 bytes, 0 underrun\nGigabitEthernet6 is down\n")
    assert counters == {"5": [1234, 999]}
    assert is_cli_error("% Invalid input detected at '^' marker.") and is_cli_error("Invalid command")
    assert not is_cli_error(status)
    assert model_from_sysdescr("GS1920-24HPv2") == "GS1920-24HPv2"
    assert model_from_sysdescr("Zyxel XGS4600-32 V4.70") == "XGS4600-32"


def test_rate_arithmetic():
    assert counter_rate(None, 10, 10) is None and counter_rate(10, 20, 0) is None
    assert counter_rate(1000, 2250, 10) == 1000.0
    assert counter_rate(2**32 - 100, 150, 1, width=32) == 2000.0  # 32-bit wrap
    assert counter_rate(500, 100, 1, width=None) is None  # unknown width: a decrease is a reset
    assert counter_rate(0, 10**9, 1, speed_mbps=100) is None  # faster than the link: discontinuity
    memory = apply_rates([], {"1": [5, 6]}, {}, 100.0, uptime=50)
    assert memory == {"t": 100.0, "uptime": 50, "width": 64, "ctr": {"1": [5, 6]}}
