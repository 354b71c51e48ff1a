"""
Operations Command Center - MikroTik Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The MikroTik integration (librouteros) against the RouterOS
    API fake on loopback: the 24-port table (names, link, admin state,
    speeds, aliases, model), rates from two samples with a controlled
    counter delta and clock, counter reset, the kept connection and its
    rebuild after a drop, every failure as its error kind without the
    password, API-SSL with certificate checks, the pure parsers, and the
    values through the aggregator with last good data kept on failure, and
    the login refusal recognised by its text ("invalid user name or
    password", with or without "(6)", in any trap).

CHANGELOG:
- 1.1.0 (2026-12-01): login refusal matched on its text: exact message, without "(6)", later stage, multi-trap
- 1.0.0 (2026-11-26): Initial implementation
"""

import json
import ssl
import time

import pytest
from librouteros.exceptions import MultiTrapError, TrapError

from modules.ops_center.integrations.base import AuthFailed, BadResponse, Timeout, Unreachable
from modules.ops_center.integrations.kit.rates import sample_rates
from modules.ops_center.integrations.mikrotik import MikroTik
from modules.ops_center.integrations.mikrotik import parse as parse
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.fakes.routeros_fake import LOGIN_TRAP, RouterOsFake, make_self_signed

PASSWORD = "ros-lab-pass"


@pytest.fixture
def fake():
    """A running RouterOS API fake."""
    server = RouterOsFake(users={"admin": PASSWORD}).start()
    yield server
    server.stop()


@pytest.fixture
def make():
    """Build MikroTik integrations pointed at a fake; closes them afterwards."""
    made = []

    def build(server_or_port, **settings):
        port = server_or_port if isinstance(server_or_port, int) else server_or_port.port
        cfg = {"host": "127.0.0.1", "port": port, "username": "admin", "password": PASSWORD, "timeout": 1.0}
        cfg.update(settings)
        integ = MikroTik("mikrotik", cfg)
        made.append(integ)
        return integ

    yield build
    for integ in made:
        integ.close()


def clocked(integ, start=1_795_000_000.0):
    """Give an integration a clock the test moves by hand."""
    now = [start]
    integ.clock = lambda: now[0]
    return now


# ---------------------------------------------------------------------------- values


def test_port_table_of_the_24_port_crs(fake, make):
    switch = make(fake).fetch().switches[0]
    assert (switch.name, switch.source, switch.vendor, switch.model) == ("mikrotik", "mikrotik", "MikroTik",
                                                                         "CRS326-24G-2S+")
    assert switch.port_count == 24 and len(switch.ports) == 24
    assert [p.name for p in switch.ports] == [f"ether{i}" for i in range(1, 25)], "bridge, vlan, lo are no ports"
    assert [p.index for p in switch.ports] == list(range(1, 25))
    assert switch.ports_up == 18
    by = {p.name: p for p in switch.ports}
    assert (by["ether1"].oper, by["ether1"].admin, by["ether1"].speed_mbps) == ("up", "up", 1000)
    assert by["ether5"].speed_mbps == 100  # negotiated rate from /interface/ethernet/monitor
    assert by["ether6"].speed_mbps == 100
    for n in (19, 20, 21, 22):
        assert (by[f"ether{n}"].oper, by[f"ether{n}"].admin, by[f"ether{n}"].speed_mbps) == ("down", "up", None)
    for n in (23, 24):
        assert (by[f"ether{n}"].oper, by[f"ether{n}"].admin) == ("down", "down")
    assert [by[f"ether{n}"].alias for n in (1, 2, 4, 5, 7, 24)] == ["uplink-opnsense", "proxmox-1", "nas-01",
                                                                     "printer", "", "spare"]
    assert all(p.rx_bps is None and p.tx_bps is None for p in switch.ports), "first sample has no rate"
    assert "/interface/ethernet/monitor" in fake.commands


def test_model_field_overrides_board_name_and_skips_the_resource_call(fake, make):
    switch = make(fake, model="CRS326 rack 2").fetch().switches[0]
    assert switch.model == "CRS326 rack 2"
    assert "/system/resource/print" not in fake.commands


def test_rates_from_two_samples_with_controlled_delta(fake, make):
    integ = make(fake)
    now = clocked(integ)
    integ.fetch()
    now[0] += 10.0
    ports = {p.name: p for p in integ.fetch().switches[0].ports}
    # The fake adds 125 000 * n rx and 12 500 * n tx bytes to ether<n> per print: bits/s = bytes * 8 / 10 s.
    assert (ports["ether1"].rx_bps, ports["ether1"].tx_bps) == (100_000.0, 10_000.0)
    assert (ports["ether3"].rx_bps, ports["ether3"].tx_bps) == (300_000.0, 30_000.0)
    assert (ports["ether19"].rx_bps, ports["ether23"].tx_bps) == (0.0, 0.0), "no link, no traffic: a real 0"
    json.dumps(integ.memory)  # memory is persisted as JSON between polls and processes
    fake.counters["ether2"] = [5, 5]  # counter reset (reboot, wrap)
    now[0] += 5.0
    ports = {p.name: p for p in integ.fetch().switches[0].ports}
    assert (ports["ether2"].rx_bps, ports["ether2"].tx_bps) == (None, None)
    assert ports["ether1"].rx_bps == 200_000.0


def test_rates_continue_from_memory_in_a_new_object(fake, make):
    first = make(fake)
    now = clocked(first)
    first.fetch()
    second = make(fake)
    second.memory = json.loads(json.dumps(first.memory))
    second.clock = lambda: now[0] + 20.0
    ports = {p.name: p for p in second.fetch().switches[0].ports}
    assert ports["ether4"].rx_bps == 500_000.0 * 8 / 20


# ---------------------------------------------------------------------------- connection


def test_connection_is_kept_between_polls_and_closed_by_close(fake, make):
    integ = make(fake)
    integ.fetch()
    integ.fetch()
    assert (fake.connections, fake.logins) == (1, 1)
    assert fake.commands.count("/login") == 1
    integ.close()
    deadline = time.monotonic() + 2
    while fake._clients and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not fake._clients, "close() must end the session"


def test_reconnects_after_the_router_drops_the_connection(fake, make):
    integ = make(fake)
    integ.fetch()
    assert fake.drop_connections() == 1
    switch = integ.fetch().switches[0]  # the dead kept connection is rebuilt in the same poll
    assert switch.ports_up == 18
    assert (fake.connections, fake.logins) == (2, 2)


def test_lost_connection_fails_then_next_poll_reconnects(fake, make):
    integ = make(fake)
    integ.fetch()
    fake.mode = "drop"
    with pytest.raises(Unreachable, match="closed the connection"):
        integ.fetch()
    fake.mode = "ok"
    assert integ.fetch().switches[0].port_count == 24
    assert fake.logins == 2


# ---------------------------------------------------------------------------- errors


def test_refused_is_unreachable(make):
    gone = RouterOsFake().start()
    port = gone.port
    gone.stop()
    with pytest.raises(Unreachable, match="refused"):
        make(port).fetch()


def test_hang_at_login_is_a_timeout(fake, make):
    fake.mode = "hang"
    started = time.monotonic()
    with pytest.raises(Timeout, match="within 0.3 s") as err:
        make(fake, timeout=0.3).fetch()
    assert time.monotonic() - started < 1.5
    assert "login" in str(err.value) and PASSWORD not in str(err.value)


def test_hang_mid_session_is_a_timeout_and_the_next_poll_reconnects(fake, make):
    integ = make(fake, timeout=0.3)
    integ.fetch()
    fake.mode = "hang"
    with pytest.raises(Timeout):
        integ.fetch()
    fake.mode = "ok"
    assert integ.fetch().switches[0].ports_up == 18
    assert fake.logins == 2


@pytest.mark.parametrize("how", ["wrong password", "rejected"])
def test_bad_credentials_are_auth_failed_without_the_password(fake, make, how):
    secret = "wr0ng-Secret-99" if how == "wrong password" else PASSWORD
    if how == "rejected":
        fake.mode = "reject"
    with pytest.raises(AuthFailed) as err:
        make(fake, password=secret).fetch()
    assert LOGIN_TRAP in str(err.value)
    assert secret not in str(err.value)
    assert fake.logins == 0


@pytest.mark.parametrize("trap", [LOGIN_TRAP, "invalid user name or password"])
def test_login_refusal_is_a_clear_auth_error_matched_on_its_text(fake, make, trap):
    fake.login_trap = trap  # RouterOS >= 6.43: "!trap =message=invalid user name or password (6)", then "!done"
    integ = make(fake, password="wr0ng-Secret-99")
    with pytest.raises(AuthFailed) as err:
        integ.fetch()
    assert str(err.value) == f"127.0.0.1:{fake.port} refused the login of 'admin': {trap} (check username and password)"
    assert "wr0ng-Secret-99" not in str(err.value) and fake.logins == 0
    integ._stage = "/interface/print"  # the same text later on (a session whose user was removed) is auth too
    assert isinstance(integ._translate(TrapError(message=LOGIN_TRAP)), AuthFailed)
    both = MultiTrapError(TrapError(message="no such item"), TrapError(message=LOGIN_TRAP))
    assert isinstance(integ._translate(both), AuthFailed)
    assert isinstance(integ._translate(TrapError(message="no such item")), BadResponse)


def test_pre_6_43_login_refusal_is_still_auth_failed(fake, make):
    fake.login_trap = "cannot log in"  # older RouterOS wording (librouteros docs/api_analysis.rst)
    with pytest.raises(AuthFailed, match=r"login to 127\.0\.0\.1:\d+ rejected: cannot log in"):
        make(fake, password="wr0ng-Secret-99").fetch()


@pytest.mark.parametrize("mode,text", [("garbled", "garbled reply"), ("fatal", "session terminated")])
def test_garbled_and_fatal_replies_are_bad_response(fake, make, mode, text):
    integ = make(fake)
    integ.fetch()
    fake.mode = mode
    with pytest.raises(BadResponse, match=text) as err:
        integ.fetch()
    assert PASSWORD not in str(err.value)
    fake.mode = "ok"
    assert integ.fetch().switches[0].port_count == 24


def test_latency_within_timeout_still_answers(make):
    slow = RouterOsFake(users={"admin": PASSWORD}, latency=0.05).start()
    try:
        started = time.monotonic()
        assert make(slow).fetch().switches[0].ports_up == 18
        assert time.monotonic() - started >= 0.25  # login + 4 commands, 50 ms each
    finally:
        slow.stop()


def test_api_ssl_verifies_the_certificate(make, tmp_path):
    cert, key = make_self_signed(tmp_path)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server = RouterOsFake(users={"admin": PASSWORD}, tls_context=ctx).start()
    try:
        good = make(server, use_ssl=True, ca_bundle=cert).fetch().switches[0]
        assert good.ports_up == 18
        with pytest.raises(Unreachable, match="TLS verification failed"):
            make(server, use_ssl=True).fetch()
        assert make(server, use_ssl=True, verify_tls=False).fetch().switches[0].port_count == 24
    finally:
        server.stop()


# ---------------------------------------------------------------------------- pure parsing


@pytest.mark.parametrize("text,mbps", [("1Gbps", 1000), ("100Mbps", 100), ("2.5Gbps", 2500), ("10Gbps", 10000),
                                       ("10M-baseT-half", 10), ("10G-baseSR-LR", 10000), ("1G-baseT-full", 1000),
                                       ("", None), ("auto", None), (None, None)])
def test_parse_speed(text, mbps):
    assert parse.parse_speed(text) == mbps


def test_port_rows_use_the_ethernet_list_else_the_ether_type():
    interfaces = [{"name": "ether1", "type": "ether"}, {"name": "bridge", "type": "bridge"},
                  {"name": "sfp-sfpplus1", "type": "ether"}, {"name": "vlan10", "type": "vlan"}]
    assert [r["name"] for r in parse.port_rows(interfaces, [{"name": "sfp-sfpplus1"}, {"name": "ether1"}])] == \
        ["sfp-sfpplus1", "ether1"]
    assert [r["name"] for r in parse.port_rows(interfaces, [])] == ["ether1", "sfp-sfpplus1"]
    with pytest.raises(BadResponse):
        parse.port_rows(["garbage"], [])


def test_configured_speed_applies_without_monitor_rates():
    rows = [{"name": "ether1", "running": True, "disabled": False},
            {"name": "ether2", "running": "true", "disabled": "false", "comment": "fixed"}]
    ethernet = [{"name": "ether1", "auto-negotiation": True, "speed": "1G-baseT-full"},
                {"name": "ether2", "auto-negotiation": False, "speed": "100M-baseT-full"}]
    ports = parse.build_ports(rows, ethernet, [], {})
    assert [(p.speed_mbps, p.oper, p.admin, p.alias) for p in ports] == [(None, "up", "up", ""),
                                                                        (100, "up", "up", "fixed")]


def test_rates_first_sample_reset_and_missing_counter():
    first, memory = sample_rates(None, {"ether1": [1000, 2000]}, 100.0)
    assert first == {"ether1": (None, None)}
    later, memory = sample_rates(memory, {"ether1": [2000, 1000], "ether2": [None, 7]}, 104.0)
    assert later == {"ether1": (2000.0, None), "ether2": (None, None)}
    same_time, _ = sample_rates(memory, {"ether1": [3000, 3000]}, 104.0)
    assert same_time == {"ether1": (None, None)}


# ---------------------------------------------------------------------------- through the aggregator


def test_values_through_the_aggregator_and_last_good_data_on_failure(app, fake):
    with app.app_context():
        save_instance("mikrotik", "crs-1", {"host": "127.0.0.1", "port": fake.port, "username": "admin",
                                            "password": PASSWORD, "timeout": 1.0})
        session().commit()
        agg = get_aggregator(app)
        try:
            first = agg.snapshot(force=True)
            time.sleep(0.05)
            second = agg.snapshot(force=True)
            switch = next(s for s in second["switches"] if s["name"] == "crs-1")
            assert (switch["model"], switch["port_count"], switch["ports_up"]) == ("CRS326-24G-2S+", 24, 18)
            assert all(p["rx_bps"] is None for p in first["switches"][0]["ports"])
            assert switch["ports"][0]["rx_bps"] > 0, "memory carried the first sample to the second poll"
            assert switch["ports"][0]["alias"] == "uplink-opnsense"
            fake.stop()
            third = agg.snapshot(force=True)
        finally:
            agg.close()
    src = next(s for s in third["sources"] if s["name"] == "crs-1")
    assert (src["ok"], src["stale"], src["error_kind"]) == (False, True, "unreachable")
    assert PASSWORD not in src["error"]
    assert third["switches"][0]["ports_up"] == 18, "last good data stays"
