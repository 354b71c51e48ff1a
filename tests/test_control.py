"""
Operations Command Center - Control Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Outlet switching (login, role, CSRF, validation, protected
    outlets, cooldown, read-back verified / failed) with exactly one audit
    row per attempt; alert acknowledgement with write-back and persistence;
    the switch port table; the audit page and CLI.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import pytest

from modules.ops_center.integrations.demo import DemoPdu
from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from tests.conftest import login, make_app

pytestmark = pytest.mark.usefixtures("test_types")

URL = "/ops/api/pdu/pdu-1/outlets/"


@pytest.fixture
def fast(tmp_path):
    return make_app(tmp_path, OPS_CENTER_READBACK_SECONDS=1.0, OPS_CENTER_READBACK_INTERVAL=0.1,
                    OPS_CENTER_OUTLET_COOLDOWN=5)


def audit_rows(app):
    with app.app_context():
        return [{c: getattr(r, c) for c in ("username", "source_ip", "action", "target", "before", "requested",
                                            "after", "result", "error")}
                for r in session().query(OpsAuditLog).order_by(OpsAuditLog.id)]


def prime(client):
    """Poll once so the PDU's outlets are known."""
    assert client.get("/ops/api/summary").status_code == 200


def act(client, token, number, state, **extra):
    body = {"state": state, **extra}
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(URL + str(number), json=body, headers=headers)


def test_refusals_each_leave_one_audit_row(fast):
    client = fast.test_client()
    assert act(client, None, 4, "off").status_code == 401
    token = login(client, "viewer")
    assert act(client, token, 4, "off").status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "op")
    prime(client)
    assert act(client, None, 4, "off").status_code == 400  # no CSRF token
    assert act(client, "forged-token", 4, "off").status_code == 400
    cases = [(99, "off", 400, "does not exist"), ("abc", "off", 400, "integer"), (4, "toggle", 400, "explicit"),
             (4, None, 400, "explicit"), (1, "off", 403, "protected")]
    for number, state, status, text in cases:
        resp = act(client, token, number, state)
        assert resp.status_code == status and text in resp.get_json()["error"]["message"], (number, state)
    rows = audit_rows(fast)
    # A refusal before login is counted, never written: its text would be the caller's to choose.
    assert len(rows) == 3 + len(cases)
    assert all(r["result"] == "refused" for r in rows)
    assert [r["error"][:3] for r in rows[:3]] == ["403", "400", "400"]
    assert rows[0]["username"] == "viewer" and rows[0]["source_ip"] == "127.0.0.1"
    assert fast.extensions["ops_center"].anonymous_refusals == 1
    assert rows[-1]["target"] == "pdu-1/1 'OPNsense-FW'" and "protected" in rows[-1]["error"]
    assert DemoPdu("pdu-1", {}).get_outlet(4) == "on", "nothing was switched"


def test_switch_off_verified_then_cooldown(fast):
    client = fast.test_client()
    token = login(client)
    prime(client)
    resp = act(client, token, 4, "off")
    assert resp.status_code == 200
    body = resp.get_json()
    assert body == {"pdu": "pdu-1", "outlet": 4, "name": "NAS-01", "requested": "off", "before": "on",
                    "after": "off", "result": "verified", "error": None}
    assert DemoPdu("pdu-1", {}).get_outlet(4) == "off"
    busy = act(client, token, 4, "on")
    assert busy.status_code == 409 and "cooling down" in busy.get_json()["error"]["message"]
    snap = client.get("/ops/api/summary").get_json()
    outlet = next(o for o in snap["pdus"][0]["outlets"] if o["number"] == 4)
    assert outlet["state"] == "off", "the cache was refreshed after the action"
    rows = audit_rows(fast)
    assert [(r["action"], r["result"]) for r in rows] == [("outlet.off", "verified"), ("outlet.on", "refused")]
    assert rows[0]["before"] == "on" and rows[0]["after"] == "off" and rows[0]["requested"] == "off"
    assert rows[0]["target"] == "pdu-1/4 'NAS-01'" and rows[0]["username"] == "op"


def test_protected_outlet_needs_its_typed_name(fast):
    client = fast.test_client()
    token = login(client)
    prime(client)
    assert act(client, token, 8, "off", confirm_name="ops-dashboard").status_code == 403
    resp = act(client, token, 8, "off", confirm_name="Ops-Dashboard")
    assert resp.status_code == 200 and resp.get_json()["result"] == "verified"


def test_reboot_ends_on(fast):
    client = fast.test_client()
    token = login(client)
    prime(client)
    body = act(client, token, 5, "reboot").get_json()
    assert body["result"] == "verified" and body["after"] == "on" and body["requested"] == "reboot"


def test_set_accepted_but_state_kept_is_failed(fast):
    with fast.app_context():
        save_instance("test_stuck_pdu", "pdu-1", {})
        session().commit()
    client = fast.test_client()
    token = login(client)
    prime(client)
    resp = act(client, token, 4, "off")
    assert resp.status_code == 502
    body = resp.get_json()
    assert body["result"] == "failed" and body["before"] == "on" and body["after"] == "on"
    assert "read back on instead of off" in body["error"]["message"] and body["error"]["status"] == 502
    assert [(r["action"], r["result"]) for r in audit_rows(fast)] == [("outlet.off", "failed")]


def test_unknown_pdu_and_huge_body(fast):
    client = fast.test_client()
    token = login(client)
    resp = client.post("/ops/api/pdu/..%2f..%2fetc/outlets/1", json={"state": "on"}, headers={"X-CSRFToken": token})
    assert resp.status_code == 404 and resp.is_json
    big = client.post(URL + "4", data="x" * 10000, content_type="application/json", headers={"X-CSRFToken": token})
    assert big.status_code == 413


def test_ack_writes_back_persists_and_unacks(fast, tmp_path):
    client = fast.test_client()
    token = login(client)
    snap = client.get("/ops/api/summary").get_json()
    alert = next(a for a in snap["alerts"] if a["category"] == "monitoring")
    resp = client.post("/ops/api/alerts/ack", json={"id": alert["id"], "note": "looking at it"},
                       headers={"X-CSRFToken": token})
    assert resp.status_code == 200
    assert resp.get_json()["writeback"] == "ok" and resp.get_json()["by"] == "op"
    restarted = make_app(tmp_path).test_client()  # a new app on the same database
    login(restarted)
    again = restarted.get("/ops/api/summary").get_json()
    acked = next(a for a in again["alerts"] if a["id"] == alert["id"])
    assert acked["acknowledged"] is True and acked["ack"]["note"] == "looking at it"
    assert again["alerts"][-1]["acknowledged"] is True, "acknowledged alerts sort last"
    syslog = next(a for a in again["alerts"] if a["category"] == "syslog")
    body = client.post("/ops/api/alerts/ack", json={"id": syslog["id"]}, headers={"X-CSRFToken": token}).get_json()
    assert body["writeback"] == "unsupported" and body["acknowledged"] is True
    body = client.post("/ops/api/alerts/unack", json={"id": alert["id"]}, headers={"X-CSRFToken": token}).get_json()
    assert body["acknowledged"] is False and body["writeback"] == "ok"
    final = client.get("/ops/api/summary").get_json()
    assert next(a for a in final["alerts"] if a["id"] == alert["id"])["acknowledged"] is False
    assert [r["action"] for r in audit_rows(fast)] == ["alert.ack", "alert.ack", "alert.unack"]


def test_firewalla_archive_and_failed_writeback_keeps_local_ack(fast):
    with fast.app_context():
        save_instance("test_broken_ack", "librenms-ro", {})
        session().commit()
    client = fast.test_client()
    token = login(client)
    snap = client.get("/ops/api/summary").get_json()
    alert = next(a for a in snap["alerts"] if a["category"] == "monitoring")
    body = client.post("/ops/api/alerts/ack", json={"id": alert["id"], "note": "n"},
                       headers={"X-CSRFToken": token}).get_json()
    assert body["acknowledged"] is True and body["writeback"] == "failed"
    assert "403" in body["writeback_error"]
    snap = client.get("/ops/api/summary").get_json()
    stored = next(a for a in snap["alerts"] if a["id"] == alert["id"])
    assert stored["acknowledged"] is True and stored["ack"]["writeback"] == "failed"
    assert audit_rows(fast)[-1]["result"] == "partial"


def test_ack_bad_input(op_client):
    token = login(op_client)
    for body, status in (({"id": "nope"}, 400), ({"id": "opnsense:does-not-exist"}, 404), ({}, 400),
                         ({"id": "librenms:101", "note": 5}, 400), ({"id": "x" * 300 + ":1"}, 400)):
        resp = op_client.post("/ops/api/alerts/ack", json=body, headers={"X-CSRFToken": token})
        assert resp.status_code == status and resp.is_json, body


def test_switch_port_table_and_filter(op_client):
    body = op_client.get("/ops/api/switches/zyxel-1/ports").get_json()
    assert body["switch"]["port_count"] == 48 and len(body["ports"]) == 48
    assert {"index", "name", "alias", "oper", "admin", "speed_mbps", "rx_bps", "tx_bps"} <= set(body["ports"][0])
    down = op_client.get("/ops/api/switches/zyxel-1/ports?state=down").get_json()["ports"]
    up = op_client.get("/ops/api/switches/zyxel-1/ports?state=up").get_json()["ports"]
    assert down and all(p["oper"] == "down" for p in down)
    assert len(up) == body["switch"]["ports_up"]
    assert op_client.get("/ops/api/switches/nope/ports").status_code == 404
    assert op_client.get("/ops/api/switches/zyxel-1/ports?state=bogus").status_code == 400


def test_audit_page_and_cli(fast):
    client = fast.test_client()
    token = login(client)
    prime(client)
    act(client, token, 4, "off")
    act(client, token, 1, "off")
    page = client.get("/ops/audit").get_data(as_text=True)
    assert "outlet.off" in page and "NAS-01" in page and "refused" in page
    api = client.get("/ops/api/audit?since=2000-01-01").get_json()["rows"]
    assert [r["result"] for r in api] == ["refused", "verified"]
    assert client.get("/ops/api/audit?since=yesterday").status_code == 400
    out = fast.test_cli_runner().invoke(args=["ops-center", "audit", "--since", "2000-01-01"]).output
    assert "outlet.off" in out and "verified" in out and "refused" in out
    later = fast.test_cli_runner().invoke(args=["ops-center", "audit", "--since", "2999-01-01"])
    assert "no audit rows" in later.output


def test_cooldown_holds_across_server_processes(tmp_path):
    """Two apps on one database (as two server processes): the second may not switch the same outlet."""
    first = make_app(tmp_path, OPS_CENTER_READBACK_SECONDS=1.0, OPS_CENTER_READBACK_INTERVAL=0.1)
    second = make_app(tmp_path, OPS_CENTER_READBACK_SECONDS=1.0, OPS_CENTER_READBACK_INTERVAL=0.1)
    one, two = first.test_client(), second.test_client()
    token_one, token_two = login(one), login(two)
    prime(one)
    prime(two)
    assert act(one, token_one, 4, "off").get_json()["result"] == "verified"
    busy = act(two, token_two, 4, "on")
    assert busy.status_code == 409, busy.get_json()
    assert act(two, token_two, 5, "off").get_json()["result"] == "verified", "other outlets are free"
