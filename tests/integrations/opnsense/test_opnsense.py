"""
Operations Command Center - OPNsense Integration Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The OPNsense integration against its loopback fake: IPS rows,
    gateway readings ("9.1 ms", "0.0 %", "~") and status names, WAN rates
    from two counter samples (first poll None, reset None), the real 401/403
    bodies, every error class, and the aggregator keeping the last good data.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import time

import pytest
import requests

from modules.ops_center.integrations.base import AuthFailed, BadResponse, ConfigError, Timeout, Unreachable
from modules.ops_center.integrations.kit.rates import counter_rate, sample_rates
from modules.ops_center.integrations.opnsense import Opnsense
from modules.ops_center.integrations.opnsense.parse import (
    gateway_status,
    measure,
    parse_ids_alerts,
    parse_traffic,
)
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.fakes.opnsense_fake import API_KEY, API_SECRET, OpnsenseFake

MAPS = {"wan_gateways": {"WAN1": "WAN_DHCP", "WAN2": "WAN_LTE"}, "wan_interfaces": {"WAN1": "wan", "WAN2": "LTE"}}


@pytest.fixture
def fake():
    """A running OPNsense fake."""
    server = OpnsenseFake().start()
    yield server
    server.stop()


def make(fake, key=API_KEY, secret=API_SECRET, **settings):
    """An OPNsense integration pointed at the fake."""
    base = {"url": fake.url, "api_key": key, "api_secret": secret, "timeout": 0.5}
    base.update(settings)
    return Opnsense("opnsense", base)


# --------------------------------------------------------------------------- pure parsing


def test_dpinger_readings_parse_and_tilde_is_none():
    assert (measure("9.1 ms"), measure("0.0 %"), measure("100.0 %"), measure("~"), measure(None)) == \
           (9.1, 0.0, 100.0, None, None)


@pytest.mark.parametrize("item,expected", [
    ({"status": "none", "delay": "9.1 ms", "loss": "0.0 %"}, ("up", 9.1, 0.0)),
    ({"status": "down", "delay": "0.0 ms", "loss": "100.0 %"}, ("down", None, 100.0)),
    ({"status": "force_down", "delay": "~", "loss": "~"}, ("down", None, None)),
    ({"status": "loss", "delay": "20.0 ms", "loss": "12.0 %"}, ("degraded", 20.0, 12.0)),
    ({"status": "delay", "delay": "250.5 ms", "loss": "0.0 %"}, ("degraded", 250.5, 0.0)),
    ({"status": "delay+loss", "delay": "300 ms", "loss": "25 %"}, ("degraded", 300.0, 25.0)),
    ({"status": "pending", "delay": "~", "loss": "~"}, ("unknown", None, None)),
    ({"status_translated": "Online", "delay": "5 ms", "loss": "0 %"}, ("up", 5.0, 0.0)),
    ({"status_translated": "Offline", "delay": "~", "loss": "~"}, ("down", None, None))])
def test_gateway_status_names(item, expected):
    assert gateway_status(item) == expected


def test_ids_rows_become_ips_alerts_with_stable_unique_ids():
    payload = {"rows": [
        {"timestamp": "2026-08-22T13:59:58.123456+0000", "flow_id": 1234567890, "in_iface": "igb0",
         "src_ip": "203.0.113.5", "src_port": 51515, "dest_ip": "192.0.2.10", "dest_port": 443, "proto": "TCP",
         "alert": "ET SCAN Suspicious inbound to mySQL port 3306", "alert_sid": 2010937, "alert_action": "allowed"},
        {"timestamp": "2026-08-22T13:59:58.123456+0000", "flow_id": 1234567890, "src_ip": "203.0.113.5",
         "alert": "ET SCAN Suspicious inbound to mySQL port 3306", "alert_sid": 2010937, "alert_action": "allowed"},
        {"timestamp": "2026-08-22T13:00:00+0000", "src_ip": "203.0.113.9", "dest_ip": "192.0.2.10",
         "alert": {"signature": "GPL ATTACK_RESPONSE id check returned root", "severity": 1,
                   "signature_id": 2100498, "action": "blocked"}},
        {"timestamp": "2026-08-22T12:00:00+0000", "src_ip": "203.0.113.9", "alert": "sev 3", "alert_severity": 3},
        {"timestamp": "2026-08-22T11:00:00+0000", "src_ip": "203.0.113.9", "alert": "sev 2", "alert_severity": "2"},
    ], "rowCount": 5, "total": 5, "current": 1}
    alerts = parse_ids_alerts(payload, "fw")
    assert len(alerts) == 4, "the same flow+signature twice is one alert"
    first = alerts[0]
    assert first.id == "fw:1234567890-2010937" and first.category == "ips" and first.host == "203.0.113.5"
    assert first.title == "ET SCAN Suspicious inbound to mySQL port 3306"
    assert first.detail == "203.0.113.5:51515 → 192.0.2.10:443 TCP allowed; sid 2010937 on igb0"
    assert first.timestamp == "2026-08-22T13:59:58+00:00" and first.severity == "warning"
    assert [a.severity for a in alerts[1:]] == ["critical", "info", "warning"]
    assert alerts[1].title == "GPL ATTACK_RESPONSE id check returned root" and "blocked" in alerts[1].detail
    again = parse_ids_alerts(payload, "fw")
    assert [a.id for a in again] == [a.id for a in alerts], "hash ids are stable across polls"
    assert len(alerts[1].id) == len("fw:") + 16
    with pytest.raises(BadResponse, match="no 'rows' list"):
        parse_ids_alerts([], "fw")  # what a GET answers


def test_traffic_counters_and_rates():
    stamp, counters = parse_traffic({"interfaces": {"wan": {"bytes received": "123456789",
                                                             "bytes transmitted": "98765432", "name": "WAN"}},
                                     "time": 1787400000.123})
    assert stamp == 1787400000.123 and counters == {"wan": {"name": "WAN", "rx": 123456789, "tx": 98765432}}
    assert counter_rate(0, 62_500_000, 10) == 50_000_000.0
    assert counter_rate(None, 5, 10) is None, "first sample: no rate, not zero"
    assert counter_rate(1000, 10, 10) is None, "counter reset (width unknown)"
    assert counter_rate(0, 10, 0) is None
    rates, memory = sample_rates(None, {"wan": [0, 0]}, 100.0, uptime=500)
    assert rates == {"wan": (None, None)}
    rates, memory = sample_rates(memory, {"wan": [125_000_000, 0]}, 110.0, uptime=510)
    assert rates == {"wan": (100_000_000.0, 0.0)}
    restarted, _ = sample_rates(memory, {"wan": [250_000_000, 5]}, 120.0, uptime=3)
    assert restarted == {"wan": (None, None)}, "a restart between samples gives no rate, not a jump"


# --------------------------------------------------------------------------- live fetch


def test_fetch_normalises_ips_gateways_and_rates_from_two_samples(fake):
    integration = make(fake, **MAPS)
    first = integration.fetch()
    assert [a.severity for a in first.alerts] == ["info", "warning", "warning"]
    assert {a.category for a in first.alerts} == {"ips"} and first.alerts[0].host == "203.0.113.5"
    wans = {w.name: w for w in first.wan}
    assert (wans["WAN1"].status, wans["WAN1"].latency_ms, wans["WAN1"].loss_pct) == ("up", 9.1, 0.0)
    assert (wans["WAN2"].status, wans["WAN2"].latency_ms, wans["WAN2"].loss_pct) == ("degraded", 48.3, 12.0)
    assert (wans["WAN1"].rx_mbps, wans["WAN1"].tx_mbps) == (None, None), "first poll: no rate"
    fake.add_traffic("wan", rx_bytes=62_500_000, tx_bytes=12_500_000, seconds=10)  # 50 / 10 Mbps
    fake.add_traffic("opt1", rx_bytes=1_250_000, tx_bytes=0, seconds=0)
    wans = {w.name: w for w in integration.fetch().wan}
    assert (wans["WAN1"].rx_mbps, wans["WAN1"].tx_mbps) == (50.0, 10.0)
    assert (wans["WAN2"].rx_mbps, wans["WAN2"].tx_mbps) == (1.0, 0.0)
    fake.interfaces["wan"]["bytes received"] = 1000  # reboot: counters start again
    fake.add_traffic("wan", 0, 2_500_000, seconds=10)
    wans = {w.name: w for w in integration.fetch().wan}
    assert (wans["WAN1"].rx_mbps, wans["WAN1"].tx_mbps) == (None, 2.0)
    ids = [r for r in fake.requests if r.path == "/api/ids/service/query_alerts"]
    assert {r.method for r in ids} == {"POST"}
    assert ids[0].json() == {"current": 1, "rowCount": 50, "sort": {}, "searchPhrase": ""}


def test_rates_survive_a_new_integration_object_through_memory(fake):
    first = make(fake, **MAPS)
    first.fetch()
    fake.add_traffic("wan", 25_000_000, 0, seconds=20)
    second = make(fake, **MAPS)
    second.memory = dict(first.memory)  # what the aggregator restores from the cache
    assert {w.name: w.rx_mbps for w in second.fetch().wan}["WAN1"] == 10.0


def test_without_maps_every_gateway_shows_under_its_name(fake):
    data = make(fake).fetch()
    assert [(w.name, w.status, w.latency_ms, w.loss_pct) for w in data.wan] == [
        ("WAN_DHCP", "up", 9.1, 0.0), ("WAN_LTE", "degraded", 48.3, 12.0), ("WAN_GW6", "unknown", None, None)]
    assert not any(r.path == "/api/diagnostics/traffic/interface" for r in fake.requests)


def test_gateway_going_down_and_missing_mapping(fake):
    fake.set_gateway("WAN_DHCP", status="down", delay="0.0 ms", loss="100.0 %")
    wans = {w.name: w for w in make(fake, wan_gateways={"WAN1": "WAN_DHCP", "WAN3": "NOPE"}).fetch().wan}
    assert (wans["WAN1"].status, wans["WAN1"].latency_ms, wans["WAN1"].loss_pct) == ("down", None, 100.0)
    assert wans["WAN3"].status == "unknown"


def test_unknown_interface_is_a_config_error_naming_the_known_ones(fake):
    with pytest.raises(ConfigError, match=r"opt9.*wan \(WAN\)"):
        make(fake, wan_interfaces={"WAN1": "opt9"}).fetch()


# --------------------------------------------------------------------------- errors


def test_fake_answers_401_and_403_with_the_real_bodies(fake):
    resp = requests.get(fake.url + "/api/routes/gateway/status", auth=(API_KEY, "wrong"), timeout=2)
    assert (resp.status_code, resp.json()) == (401, {"status": 401, "message": "Authentication Failed"})
    fake.denied.add("/api/ids/")
    resp = requests.post(fake.url + "/api/ids/service/query_alerts", auth=(API_KEY, API_SECRET), json={},
                         timeout=2)
    assert (resp.status_code, resp.json()) == (403, {"status": 403, "message": "Forbidden"})
    fake.denied.clear()
    resp = requests.post(fake.url + "/api/ids/service/query_alerts", auth=(API_KEY, API_SECRET),
                         headers={"Content-Type": "application/json"}, timeout=2)
    assert (resp.status_code, resp.json()) == (400, {"status": 400, "message": "Invalid JSON syntax"})
    resp = requests.get(fake.url + "/api/ids/service/query_alerts", auth=(API_KEY, API_SECRET), timeout=2)
    assert resp.json() == []


@pytest.mark.parametrize("case,kind,text", [
    ("refused", Unreachable, "cannot connect"), ("hang", Timeout, "within 0.5 s"),
    ("401", AuthFailed, "HTTP 401"), ("403", AuthFailed, "HTTP 403"), ("500", BadResponse, "HTTP 500"),
    ("malformed", BadResponse, "did not return JSON"), ("truncated", BadResponse, "failed")])
def test_each_failure_becomes_its_error_kind_without_secrets(fake, case, kind, text):
    secret = "wrong-secret-value-123" if case == "401" else API_SECRET
    integration = make(fake, secret=secret, **MAPS)
    if case == "refused":
        fake.stop()
    elif case == "403":
        fake.denied.add("/api/diagnostics/")
    elif case in ("hang", "500", "malformed", "truncated"):
        fake.mode = case
    started = time.monotonic()
    with pytest.raises(kind) as caught:
        integration.fetch()
    assert time.monotonic() - started < 3
    assert text in str(caught.value)
    assert secret not in str(caught.value) and API_KEY not in str(caught.value)


# --------------------------------------------------------------------------- aggregator


def test_aggregator_shows_live_values_then_keeps_them_on_failure(app, fake):
    with app.app_context():
        save_instance("opnsense", "fw", {"url": fake.url, "api_key": API_KEY, "api_secret": API_SECRET,
                                         "timeout": 0.5, **MAPS})
        session().commit()
        first = get_aggregator(app).snapshot(force=True)
        fake.add_traffic("wan", 62_500_000, 12_500_000, seconds=10)
        second = get_aggregator(app).snapshot(force=True)
        fake.mode = "unauthorized"
        third = get_aggregator(app).snapshot(force=True)
    assert next(s for s in first["sources"] if s["name"] == "fw")["ok"]
    assert len([a for a in first["alerts"] if a["category"] == "ips"]) == 3
    assert {w["name"]: w["rx_mbps"] for w in first["wan"]} == {"WAN1": None, "WAN2": None}
    assert {w["name"]: (w["rx_mbps"], w["tx_mbps"], w["status"]) for w in second["wan"]} == {
        "WAN1": (50.0, 10.0, "up"), "WAN2": (0.0, 0.0, "degraded")}
    src = next(s for s in third["sources"] if s["name"] == "fw")
    assert not src["ok"] and src["stale"] and src["error_kind"] == "auth_failed"
    assert "HTTP 401" in src["error"] and "credentials rejected" in src["error"] and API_SECRET not in src["error"]
    assert "Authentication Failed" not in src["error"], "stored errors carry the status, never the body"
    assert {w["name"]: w["rx_mbps"] for w in third["wan"]} == {"WAN1": 50.0, "WAN2": 0.0}, "last good data"
    assert len(third["alerts"]) == len(second["alerts"])
