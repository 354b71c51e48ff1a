"""
Operations Command Center - API Tests

Version: 1.0.1
Last Modified: 2026-12-01
Author: Billas
Description: Snapshot shape and units on demo data, per-section endpoints,
    JSON errors, login requirement, security headers and the poll CLI.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.0.1 (2026-12-01): The health check also shows the watcher (no names: its holder is "<role> pid N")
"""

import json

from tests.conftest import login

SOURCE_KEYS = {"name", "type", "ok", "error", "fetched_at", "last_success_at", "stale", "latency_ms"}
WAN_KEYS = {"name", "status", "rx_mbps", "tx_mbps", "latency_ms", "loss_pct", "uptime_pct_30d", "source"}
ALERT_KEYS = {"id", "source", "category", "severity", "title", "detail", "host", "timestamp", "acknowledged",
              "ack_supported"}


def test_summary_requires_login(client):
    resp = client.get("/ops/api/summary")
    assert resp.status_code == 401
    assert resp.get_json() == {"error": {"status": 401, "message": "login required"}}
    assert client.get("/ops/").status_code == 302


def test_summary_shape_and_units_on_demo_data(op_client):
    snap = op_client.get("/ops/api/summary").get_json()
    assert snap["demo"] is True and snap["overall"] in ("ok", "degraded", "down", "unknown")
    assert len(snap["sources"]) == 8
    for src in snap["sources"]:
        assert SOURCE_KEYS <= set(src)
        assert src["ok"] is True and src["stale"] is False and src["error"] is None
    assert [w["name"] for w in snap["wan"]] == ["WAN1", "WAN2"]
    for wan in snap["wan"]:
        assert WAN_KEYS <= set(wan)
        assert wan["status"] == "up"
        assert 50 < wan["rx_mbps"] < 700 and 5 < wan["tx_mbps"] < 200  # Mbps, not bits or bytes
        assert 0 <= wan["loss_pct"] <= 100 and 0 < wan["uptime_pct_30d"] <= 100
        assert set(wan["source"].split(",")) == {"opnsense", "hostmon"}, "merged across sources"
    assert snap["wan"][0]["uptime_pct_30d"] == 99.2
    cats = {a["category"] for a in snap["alerts"]}
    assert {"ips", "security", "monitoring", "syslog"} <= cats
    for alert in snap["alerts"]:
        assert ALERT_KEYS <= set(alert)
        assert alert["severity"] in ("critical", "warning", "info")
        assert alert["id"].startswith(alert["source"] + ":")
    outage = snap["outages"][0]
    assert outage["target"] == "WAN1" and outage["duration_s"] == 240 and outage["start"].endswith("03:00:00+00:00")
    pdu = snap["pdus"][0]
    assert pdu["name"] == "PDU-1" and pdu["rating_amps"] == 15.0 and 0 < pdu["load_amps"] < 15
    assert len(pdu["outlets"]) >= 8
    assert {o["state"] for o in pdu["outlets"]} == {"on", "off"}
    assert any(o["protected"] for o in pdu["outlets"])
    sizes = {s["name"]: (s["port_count"], len(s["ports"])) for s in snap["switches"]}
    assert sizes == {"mikrotik": (24, 24), "zyxel-1": (48, 48), "zyxel-2": (24, 24)}
    for sw in snap["switches"]:
        assert sw["ports_up"] == sum(p["oper"] == "up" for p in sw["ports"])
        up = [p for p in sw["ports"] if p["oper"] == "up"]
        assert all(isinstance(p["rx_bps"], int | float) and p["speed_mbps"] == 1000 for p in up)


def test_demo_values_drift_between_polls(op_client):
    first = op_client.get("/ops/api/summary?refresh=1").get_json()
    second = op_client.get("/ops/api/summary?refresh=1").get_json()
    assert first["generated_at"] <= second["generated_at"]
    assert [w["rx_mbps"] for w in first["wan"]] != [w["rx_mbps"] for w in second["wan"]]


def test_section_endpoints(op_client):
    for section in ("wan", "alerts", "outages", "uptime", "pdus", "switches", "sources"):
        body = op_client.get(f"/ops/api/{section}").get_json()
        assert set(body) == {"generated_at", "overall", "sources", section}
        assert isinstance(body[section], list) and body[section]
    resp = op_client.get("/ops/api/nonsense")
    assert resp.status_code == 404
    assert "unknown section" in resp.get_json()["error"]["message"]
    resp = op_client.get("/ops/api/pdu/x/y/z")
    assert resp.status_code == 404 and resp.get_json()["error"]["status"] == 404


def test_page_has_csp_without_inline_scripts(op_client):
    resp = op_client.get("/ops/")
    assert resp.status_code == 200
    csp = resp.headers["Content-Security-Policy"]
    script_src = [d for d in csp.split(";") if d.strip().startswith("script-src")][0]
    assert "unsafe-inline" not in script_src and "'self'" in script_src
    html = resp.get_data(as_text=True)
    assert "<script>" not in html and "onclick=" not in html
    assert "/ops/vendor/jquery.min.js" in html
    with op_client.get("/ops/vendor/jquery.min.js") as jq:
        assert jq.status_code == 200 and b"jQuery" in jq.data[:400]


def test_viewer_sees_outlets_disabled(client):
    login(client, "viewer")
    html = client.get("/ops/").get_data(as_text=True)
    assert 'data-can-control="0"' in html
    assert client.get("/ops/api/summary").status_code == 200


def test_poll_cli_prints_snapshot_json(app):
    result = app.test_cli_runner().invoke(args=["ops-center", "poll", "--json"])
    assert result.exit_code == 0, result.output
    snap = json.loads(result.output)
    assert set(snap) >= {"generated_at", "overall", "sources", "wan", "alerts", "outages", "pdus", "switches"}
    table = app.test_cli_runner().invoke(args=["ops-center", "poll"])
    assert "overall:" in table.output and "pdu-1" in table.output


def test_health_needs_no_login_and_tells_no_names(client):
    resp = client.get("/ops/api/health")
    assert resp.status_code == 200
    body = resp.get_json()
    assert set(body) == {"overall", "sources_ok", "sources_failed", "generated_at", "watcher"}
    assert body["sources_ok"] == 8 and body["sources_failed"] == 0
    assert "opnsense" not in resp.get_data(as_text=True)
