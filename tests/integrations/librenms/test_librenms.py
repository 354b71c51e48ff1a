"""
Operations Command Center - LibreNMS Integration Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The LibreNMS integration against its loopback fake: parsing of
    canned (all-string) payloads, normalised alerts, log tails and WAN
    figures, incremental log polling, every error class, the aggregator
    keeping the last good data, and the ack/unmute write-back requests.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import time
from zoneinfo import ZoneInfo

import pytest
import requests

from modules.ops_center.integrations.base import (
    ActionFailed,
    AuthFailed,
    BadResponse,
    ConfigError,
    Timeout,
    Unreachable,
)
from modules.ops_center.integrations.librenms import Librenms
from modules.ops_center.integrations.librenms.parse import (
    as_map,
    parse_alerts,
    parse_availability,
    parse_log_rows,
    parse_port,
    result_list,
    to_float,
    to_int,
)
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.fakes.librenms_fake import ADMIN_TOKEN, READ_TOKEN, USER_TOKEN, LibrenmsFake

UTC_TZ = ZoneInfo("UTC")


@pytest.fixture
def fake():
    """A running LibreNMS fake."""
    server = LibrenmsFake().start()
    yield server
    server.stop()


def make(fake, token=READ_TOKEN, **settings):
    """A LibreNMS integration pointed at the fake."""
    base = {"url": fake.url, "token": token, "timeout": 0.5, "wan_ports": {"WAN1": "323"},
            "wan_devices": {"WAN1": "wan1-modem.example.lan"}}
    base.update(settings)
    return Librenms("librenms", base)


def calls(fake, path):
    """Query dicts of the requests the fake received for one path."""
    return [{k: v[0] for k, v in r.query.items()} for r in fake.requests if r.path == "/api/v0" + path]


# --------------------------------------------------------------------------- pure parsing


def test_value_helpers_accept_old_string_values():
    assert to_int("12") == 12 and to_int("12.0") == 12 and to_int(None) is None and to_int("x", 7) == 7
    assert to_float("99.946000") == 99.946 and to_float("~") is None and to_float(True) is None
    assert as_map("WAN1=323, WAN2 = 324") == {"WAN1": "323", "WAN2": "324"}
    assert as_map({"WAN1": 323}) == {"WAN1": "323"} and as_map(None) == {}
    with pytest.raises(ConfigError):
        as_map("WAN1")


def test_alert_rows_all_strings_parse_with_rules_hosts_and_zone():
    payload = {"status": "ok", "count": 3, "alerts": [
        {"id": "7", "device_id": "4", "rule_id": "9", "state": "2", "note": "a\n2026-01-01 - Ack (op) on it",
         "timestamp": "2026-07-01 12:00:00", "severity": "critical"},
        {"hostname": "fw.example.lan", "id": "8", "device_id": "5", "rule_id": "10", "state": "3",
         "timestamp": "2026-07-01 12:05:00", "severity": "ok"},
        {"id": "not-a-number", "rule_id": "9"}]}
    alerts = parse_alerts(result_list(payload, "alerts", "/alerts"), "nms", {"9": "Disk full"},
                          {"4": "nas.example.lan"}, ZoneInfo("Europe/Berlin"))
    assert [a.id for a in alerts] == ["nms:7", "nms:8"]
    first, second = alerts
    assert (first.title, first.host, first.severity, first.acknowledged) == \
           ("Disk full", "nas.example.lan", "critical", True)
    assert first.timestamp == "2026-07-01T10:00:00+00:00", "Berlin summer time is UTC+2"
    assert "on it" in first.detail and first.category == "monitoring" and first.ack_supported
    assert (second.title, second.host, second.severity, second.acknowledged) == \
           ("rule 10", "fw.example.lan", "info", False)
    assert "worse" in second.detail


def test_error_envelope_and_missing_list_are_bad_responses():
    with pytest.raises(BadResponse, match="Device foo does not exist"):
        result_list({"status": "error", "message": "Device foo does not exist"}, "logs", "/logs/syslog")
    with pytest.raises(BadResponse, match="no 'alerts' list"):
        result_list({"status": "ok"}, "alerts", "/alerts")
    with pytest.raises(BadResponse):
        result_list(["not", "an", "object"], "alerts", "/alerts")


@pytest.mark.parametrize("priority,expected", [
    ("emerg", "critical"), ("alert", "critical"), ("crit", "critical"), ("err", "warning"),
    ("warning", "warning"), ("notice", "info"), ("info", "info"), ("debug", "info"),
    ("2", "critical"), ("3", "warning"), ("6", "info"), ("", "info")])
def test_syslog_priority_maps_to_severity(priority, expected):
    row = {"seq": "1", "priority": priority, "level": priority, "msg": "m", "timestamp": "2026-01-01 00:00:00"}
    assert parse_log_rows([row], "syslog", UTC_TZ)[0]["severity"] == expected


def test_eventlog_rows_strings_and_severity():
    rows = [{"event_id": "10050349", "hostname": "localhost", "datetime": "2017-07-22 19:57:47",
             "message": "ifAlias:  ->  <pptp>", "type": "interface", "severity": "5"},
            {"event_id": "10050350", "datetime": "2017-07-22 19:58:00", "message": "ok", "severity": "2"}]
    lines = parse_log_rows(rows, "eventlog", UTC_TZ)
    assert [(line["id"], line["severity"], line["ts"]) for line in lines] == [
        (10050349, "warning", "2017-07-22T19:57:47+00:00"), (10050350, "info", "2017-07-22T19:58:00+00:00")]


def test_port_rates_are_bytes_per_second_to_mbps():
    doc = {"status": "ok", "message": "", "port": [{"port_id": "323", "ifInOctets_rate": "387",
                                                     "ifOutOctets_rate": "596", "ifOperStatus": "up"}]}
    assert parse_port(doc, "323") == (0.003, 0.005, "up")  # 387 B/s * 8 = 3096 bit/s
    as_object = {"status": "ok", "port": {"ifInOctets_rate": 125000000, "ifOutOctets_rate": "12500000",
                                          "ifOperStatus": "down"}}
    assert parse_port(as_object, "1") == (1000.0, 100.0, "down")
    with pytest.raises(BadResponse, match="no port 9"):
        parse_port({"status": "ok", "port": []}, "9")


def test_availability_takes_the_30_day_row():
    doc = {"status": "ok", "availability": [{"duration": 86400, "availability_perc": "100.000000"},
                                            {"duration": "2592000", "availability_perc": "99.946000"}]}
    assert parse_availability(doc, "localhost") == 99.946
    assert parse_availability({"status": "ok", "availability": []}, "x") is None


# --------------------------------------------------------------------------- live fetch


@pytest.mark.parametrize("strings", [False, True])
def test_fetch_normalises_alerts_logs_and_wan(strings):
    server = LibrenmsFake(strings=strings).start()
    try:
        data = make(server, max_log_lines=10).fetch()
    finally:
        server.stop()
    monitoring = {a.id: a for a in data.alerts if a.category == "monitoring"}
    assert sorted(monitoring) == ["librenms:11", "librenms:12"], "state 0 (clear) is not asked for"
    assert monitoring["librenms:11"].severity == "critical" and not monitoring["librenms:11"].acknowledged
    assert monitoring["librenms:11"].title == "Devices up/down" and monitoring["librenms:11"].host == \
        "nas.example.lan"
    assert monitoring["librenms:12"].acknowledged and monitoring["librenms:12"].severity == "warning"
    logs = [a for a in data.alerts if a.category == "syslog"]
    assert len(logs) == 6
    assert logs[0].id == "librenms:syslog-502" and logs[0].severity == "warning"
    assert {a.id: a.severity for a in logs}["librenms:syslog-501"] == "critical"
    assert logs[0].timestamp == "2026-11-26T08:03:30+00:00"
    [wan] = data.wan
    assert (wan.name, wan.rx_mbps, wan.tx_mbps, wan.uptime_pct_30d, wan.status) == \
           ("WAN1", 490.0, 122.0, 99.946, "unknown")
    assert calls(server, "/alerts") == [{"state": "1,2,3,4,5"}]
    assert calls(server, "/devices") == [], "rows carry hostname: no device list needed"


def test_legacy_alert_rows_resolve_hostnames_once_per_fetch():
    server = LibrenmsFake(legacy_alerts=True).start()
    try:
        integration = make(server)
        hosts = {a.host for a in integration.fetch().alerts if a.category == "monitoring"}
        integration.fetch()
    finally:
        server.stop()
    assert hosts == {"nas.example.lan", "core-sw.example.lan"}
    assert len(calls(server, "/devices")) == 2, "one /devices read per fetch"


def test_logs_are_polled_incrementally_and_keep_the_newest_lines(fake):
    integration = make(fake, max_log_lines=2, wan_ports={}, wan_devices={})
    first = [a.id for a in integration.fetch().alerts if a.category == "syslog"]
    assert first == ["librenms:syslog-502", "librenms:eventlog-103"]
    assert calls(fake, "/logs/syslog") == [{"limit": "2"}, {"limit": "2", "start": "1"}], \
        "start is a row offset: the tail is total - limit"
    for n in range(3):
        fake.add_syslog(f"new line {n}", "alert", timestamp=f"2026-11-26 09:00:0{n}")
    second = [a for a in integration.fetch().alerts if a.category == "syslog"]
    assert [a.id for a in second] == ["librenms:syslog-505", "librenms:syslog-504"]
    assert second[0].severity == "critical" and second[0].title == "app: new line 2"
    assert calls(fake, "/logs/syslog")[2:] == [{"limit": "2", "from": "503"},
                                               {"limit": "2", "from": "503", "start": "1"}]
    assert calls(fake, "/logs/eventlog")[-1] == {"limit": "2", "from": "104"}
    assert [line["id"] for line in integration.memory["syslog"]["lines"]] == [504, 505]
    third = [a.id for a in integration.fetch().alerts if a.category == "syslog"]
    assert third == ["librenms:syslog-505", "librenms:syslog-504"], "nothing new: the kept lines stay"


def test_rules_and_availability_are_read_at_the_slow_ttl(fake):
    integration = make(fake)
    integration.fetch()
    integration.fetch()
    assert len(calls(fake, "/rules")) == 1
    assert len(calls(fake, "/devices/wan1-modem.example.lan/availability")) == 1
    fake.rules[4] = {"id": 4, "name": "New rule", "severity": "warning"}
    fake.alerts[14] = {"id": 14, "device_id": 1, "rule_id": 4, "state": 1, "note": "",
                       "timestamp": "2026-11-26 08:30:00"}
    titles = {a.id: a.title for a in integration.fetch().alerts}
    assert titles["librenms:14"] == "New rule" and len(calls(fake, "/rules")) == 2


def test_port_down_marks_the_wan_down(fake):
    fake.set_port_rates(323, 0, 0, oper="down")
    [wan] = make(fake).fetch().wan
    assert (wan.status, wan.rx_mbps, wan.tx_mbps) == ("down", 0.0, 0.0)


# --------------------------------------------------------------------------- errors


def test_fake_answers_401_exactly_as_laravel(fake):
    for headers in ({}, {"X-Auth-Token": "wrong"}):
        resp = requests.get(fake.url + "/api/v0/alerts", headers=headers, timeout=2)
        assert (resp.status_code, resp.json()) == (401, {"message": "Unauthenticated."})


@pytest.mark.parametrize("case,kind,text", [
    ("refused", Unreachable, "cannot connect"), ("hang", Timeout, "within 0.5 s"),
    ("401", AuthFailed, "HTTP 401"), ("403", AuthFailed, "HTTP 403"), ("500", BadResponse, "HTTP 500"),
    ("malformed", BadResponse, "did not return JSON"), ("truncated", BadResponse, "failed")])
def test_each_failure_becomes_its_error_kind_without_the_token(fake, case, kind, text):
    token = {"401": "wrong-token-value-123", "403": USER_TOKEN}.get(case, READ_TOKEN)
    integration = make(fake, token=token)
    if case == "refused":
        fake.stop()
    elif case in ("hang", "500", "malformed", "truncated"):
        fake.mode = case
    started = time.monotonic()
    with pytest.raises(kind) as caught:
        integration.fetch()
    assert time.monotonic() - started < 3
    assert text in str(caught.value)
    assert token not in str(caught.value)


# --------------------------------------------------------------------------- aggregator


def test_aggregator_shows_live_values_then_keeps_them_on_failure(app, fake):
    with app.app_context():
        save_instance("librenms", "nms", {"url": fake.url, "token": READ_TOKEN, "timeout": 0.5,
                                          "wan_ports": {"WAN1": "323"}})
        session().commit()
        first = get_aggregator(app).snapshot(force=True)
        fake.mode = "500"
        second = get_aggregator(app).snapshot(force=True)
    src = next(s for s in first["sources"] if s["name"] == "nms")
    assert src["ok"] and not src["stale"] and src["error"] is None
    assert {a["id"] for a in first["alerts"] if a["category"] == "monitoring"} == {"nms:11", "nms:12"}
    assert [(w["name"], w["rx_mbps"], w["tx_mbps"]) for w in first["wan"]] == [("WAN1", 490.0, 122.0)]
    src = next(s for s in second["sources"] if s["name"] == "nms")
    assert not src["ok"] and src["stale"] and src["error_kind"] == "bad_response"
    assert "HTTP 500" in src["error"] and READ_TOKEN not in src["error"]
    assert {a["id"] for a in second["alerts"]} == {a["id"] for a in first["alerts"]}, "last good data stays"
    assert second["wan"][0]["rx_mbps"] == 490.0


# --------------------------------------------------------------------------- write-back


def test_ack_then_unack_send_the_documented_requests(fake):
    integration = make(fake, token=ADMIN_TOKEN)
    assert integration.ack_alert("11", "on it") == "Alert has been acknowledged"
    assert fake.writes[-1] == {"method": "PUT", "path": "/api/v0/alerts/11",
                               "body": {"note": "on it", "until_clear": True}}
    acked = {a.id: a.acknowledged for a in integration.fetch().alerts if a.category == "monitoring"}
    assert acked["librenms:11"] is True
    assert integration.unack_alert("librenms:11") == "Alert has been unmuted"
    assert fake.writes[-1] == {"method": "PUT", "path": "/api/v0/alerts/unmute/11", "body": {"note": ""}}
    acked = {a.id: a.acknowledged for a in integration.fetch().alerts if a.category == "monitoring"}
    assert acked["librenms:11"] is False


def test_ack_with_a_non_admin_token_is_refused_clearly(fake):
    with pytest.raises(AuthFailed, match="not an admin .*HTTP 403") as caught:
        make(fake, token=READ_TOKEN).ack_alert("11", "note")
    assert READ_TOKEN not in str(caught.value)
    assert fake.writes[-1]["path"] == "/api/v0/alerts/11" and fake.alerts[11]["state"] == 1


def test_ack_of_an_unknown_or_non_numeric_alert_fails(fake):
    integration = make(fake, token=ADMIN_TOKEN)
    with pytest.raises(ActionFailed, match="no alert 999"):
        integration.ack_alert("999", "x")
    with pytest.raises(ActionFailed, match="not a LibreNMS alert id"):
        integration.ack_alert("librenms:syslog-501", "x")
    assert [w["path"] for w in fake.writes] == ["/api/v0/alerts/999"], "a log line id sends nothing"
