"""
Operations Command Center - Inbox Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The inbox pipeline through the real watcher on the scripted
    lab: derived events (WAN down, mapped port down, outlet on -> off, PDU
    load); 500 events with sightings = sum of counts, and a restart mid-way
    that neither loses nor doubles anything; normal and sticky acks through
    the action path (LibreNMS ``until_clear``, audit rows, incident acks);
    maintenance marks that never hide and never suppress a recovery; the API's
    filters, search and refusals; the CLI; a watcher gap as a blind spot; and
    an inbox failure that never stops polling.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import json
import random

from sqlalchemy import select

from modules.ops_center.integrations.base import SourceData, Wan
from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.toml_import import import_systems
from modules.ops_center.services.inbox import pipeline
from modules.ops_center.services.polling.watcher import Watcher
from tests import test_inbox_scene as lab_kit
from tests.conftest import login, make_app
from tests.test_inbox_scene import (
    CLOCK,
    SCENE,
    WRITES,
    add_systems,
    alert,
    events,
    incidents,
    pdu,
    step,
    switch,
    uptime,
)

scene, scene_lab = lab_kit.scene, lab_kit.scene_lab


def audit_rows(app):
    with app.app_context():
        return [(r.action, r.target, r.requested, r.result)
                for r in session().execute(select(OpsAuditLog).order_by(OpsAuditLog.id)).scalars()]


def test_derived_events_wan_port_outlet_and_load(scene_lab):
    app, watcher = scene_lab
    add_systems(app, fw="test_scene", sw="test_scene", pdu_1="test_scene")
    with app.app_context():
        import_systems('[[link]]\nport = "sw:3"\nhost = "nas01"\n')
    outlets = {1: ("NAS01", "on"), 2: ("Spare", "off")}
    SCENE.update(fw=lambda: SourceData(wan=[Wan("WAN1", "up", source="fw"), Wan("WAN2", "degraded", source="fw")]),
                 sw=lambda: SourceData(switches=[switch("sw", 8, down=(5,))]),
                 **{"pdu-1": lambda: SourceData(pdus=[pdu("pdu-1", outlets, load=10.0)])})
    step(app, watcher)
    got = {e["fingerprint"]: (e["severity"], e["condition"]) for e in events(app)}
    assert got == {"fw|wan:WAN2|degraded": ("warning", "degraded")}, "unmapped port 5 down and a spare off are quiet"
    SCENE["fw"] = lambda: SourceData(wan=[Wan("WAN1", "down", source="fw")])
    SCENE["sw"] = lambda: SourceData(switches=[switch("sw", 8, down=(3, 5))])
    outlets[1] = ("NAS01", "off")
    SCENE["pdu-1"] = lambda: SourceData(pdus=[pdu("pdu-1", outlets, load=13.5)])
    step(app, watcher)
    got = {e["fingerprint"]: (e["state"], e["severity"], e["entity"]) for e in events(app)}
    assert got == {"fw|wan:WAN2|degraded": ("resolved", "warning", "wan:WAN2"),
                   "fw|wan:WAN1|down": ("firing", "critical", "wan:WAN1"),
                   "sw|port:sw:3|down": ("firing", "warning", "port:sw:3"),
                   "pdu-1|outlet:pdu-1:1|off": ("firing", "warning", "outlet:pdu-1:1"),
                   "pdu-1|pdu:pdu-1|load": ("firing", "warning", "pdu:pdu-1")}
    load = events(app, fingerprint="pdu-1|pdu:pdu-1|load")[0]
    assert load["detail"] == "13.5 A of 16 A (84 %)"


def test_500_events_sightings_are_the_sum_of_counts_across_a_restart(tmp_path, scene):
    app = make_app(tmp_path)
    add_systems(app, bulk="test_scene")
    rng, seen, expected = random.Random(5), set(), 0
    for cycle in range(8):
        if cycle == 4:  # a new process on the same database takes over mid-way
            app = make_app(tmp_path)
        watcher = Watcher(app, "thread")
        present = sorted(rng.sample(range(600), 500))
        SCENE["bulk"] = lambda p=present: SourceData(alerts=[alert("bulk", i, f"alert {i}") for i in p])
        step(app, watcher)
        step(app, watcher, "none")  # a cycle with nothing new: nothing counted twice
        watcher.release()
        expected += len(present)
        seen.update(present)
    rows = events(app)
    assert len(rows) == len(seen) and len({r["fingerprint"] for r in rows}) == len(rows)
    assert sum(r["count"] for r in rows) == expected
    firing = {int(r["fingerprint"].split(":")[1]) for r in rows if r["state"] == "firing"}
    assert firing == set(present), "what the last fetch reported fires; the rest resolved"


def test_normal_ack_clears_on_change_sticky_holds_until_recovery_with_writeback(scene_lab):
    app, watcher = scene_lab
    add_systems(app, nms="test_scene_nms")
    sev = {"1": "warning", "2": "warning"}
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", n, f"disk {n}", "nas01", s, ack=True)
                                              for n, s in sev.items()])
    step(app, watcher)
    client = app.test_client()
    token = login(client)
    headers = {"X-CSRFToken": token}
    ids = {e["fingerprint"]: e["id"] for e in events(app)}
    one = client.post(f"/ops/api/events/{ids['nms:1']}/ack", json={"note": "looking"}, headers=headers).get_json()
    two = client.post(f"/ops/api/events/{ids['nms:2']}/ack", json={"sticky": True}, headers=headers).get_json()
    assert (one["kind"], one["writeback"], two["kind"]) == ("normal", {"nms:1": "ok"}, "sticky")
    assert WRITES == [("1", "looking", False), ("2", "", True)], "LibreNMS until_clear follows the ack kind"
    snap = client.get("/ops/api/summary").get_json()
    assert all(a["acknowledged"] for a in snap["alerts"]), "the alerts panel agrees"
    sev.update({"1": "critical", "2": "critical"})  # both change; only the normal ack clears
    step(app, watcher)
    acks = {e["fingerprint"]: e["ack_kind"] for e in events(app)}
    assert acks == {"nms:1": None, "nms:2": "sticky"}
    del sev["2"]  # recovery clears the sticky ack too
    step(app, watcher)
    assert {e["fingerprint"]: (e["state"], e["ack_kind"]) for e in events(app)}["nms:2"] == ("resolved", None)
    rows = audit_rows(app)
    assert rows[0][:3] == ("event.ack", f"event {ids['nms:1']} disk 1", "normal") and rows[0][3] == "ok"
    assert rows[1][2:] == ("sticky", "ok")


def test_acking_an_incident_acks_its_members_and_is_audited_once(scene_lab):
    app, watcher = scene_lab
    add_systems(app, hostmon="test_scene", kuma="test_scene")
    SCENE.update(hostmon=lambda: SourceData(uptime=uptime("hostmon", pve01="down")),
                 kuma=lambda: SourceData(uptime=uptime("kuma", pve01="down")))
    step(app, watcher)
    inc = incidents(app, "open")[0]
    assert inc["members"] == 2 and inc["root_ref"] == "host:pve01"
    client = app.test_client()
    token = login(client, "viewer")
    assert client.post(f"/ops/api/incidents/{inc['id']}/ack", json={}, headers={"X-CSRFToken": token}) \
        .status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client)
    assert client.post(f"/ops/api/incidents/{inc['id']}/ack", json={}).status_code == 400  # no CSRF token
    done = client.post(f"/ops/api/incidents/{inc['id']}/ack", json={"sticky": True, "note": "on it"},
                       headers={"X-CSRFToken": token})
    assert done.status_code == 200 and done.get_json()["count"] == 2
    assert {e["ack_kind"] for e in events(app)} == {"sticky"}
    assert incidents(app)[0]["state"] == "acknowledged"
    snap = client.get("/ops/api/summary").get_json()
    assert [i["state"] for i in snap["incidents"]] == ["acknowledged"], "acked, still listed"
    assert [r for r in audit_rows(app) if r[0] == "incident.ack" and r[3] != "refused"] == [
        ("incident.ack", f"incident {inc['id']} pve01 down", "sticky", "ok")]
    refused = [r for r in audit_rows(app) if r[3] == "refused"]
    assert len(refused) == 2, "the viewer's and the tokenless attempts are audited"
    assert client.post("/ops/api/incidents/999/ack", json={}, headers={"X-CSRFToken": token}).status_code == 404


def test_maintenance_marks_never_hides_and_never_suppresses_recovery(scene_lab):
    app, watcher = scene_lab
    add_systems(app, hostmon="test_scene")
    state = {"pve01": "down"}
    SCENE["hostmon"] = lambda: SourceData(uptime=uptime("hostmon", **state))
    step(app, watcher)
    client = app.test_client()
    token = login(client)
    made = client.post("/ops/api/maintenance", json={"scope_kind": "entity", "scope": "host:pve01", "minutes": 60},
                       headers={"X-CSRFToken": token})
    assert made.status_code == 200 and made.get_json()["active"] is True
    step(app, watcher)
    ev = events(app)[0]
    assert ev["maintenance_id"] == made.get_json()["id"] and ev["state"] == "firing"
    assert incidents(app)[0]["in_maintenance"] == 1
    listed = client.get("/ops/api/incidents").get_json()["incidents"]
    assert len(listed) == 1 and listed[0]["in_maintenance"] is True, "marked, not hidden"
    state["pve01"] = "up"
    step(app, watcher)
    assert events(app)[0]["state"] == "resolved" and incidents(app)[0]["state"] == "resolved"
    bad = client.post("/ops/api/maintenance", json={"scope_kind": "entity", "scope": "x", "minutes": 0},
                      headers={"X-CSRFToken": token})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "minutes"
    ended = client.post(f"/ops/api/maintenance/{made.get_json()['id']}/end", headers={"X-CSRFToken": token})
    assert ended.get_json()["active"] is False
    assert [r[:2] for r in audit_rows(app)] == [("maintenance.start", "entity host:pve01"),
                                                ("maintenance.end", "entity host:pve01")]


def test_events_api_filters_search_and_refusals(scene_lab):
    app, watcher = scene_lab
    add_systems(app, nms="test_scene_nms", hostmon="test_scene")
    SCENE.update(nms=lambda: SourceData(alerts=[alert("nms", 1, "CPU 100% on pve01", "pve01", "critical"),
                                                alert("nms", 2, "Disk 95%_full", "nas01")]),
                 hostmon=lambda: SourceData(uptime=uptime("hostmon", nas01="down")))
    step(app, watcher)
    client = app.test_client()
    assert client.get("/ops/api/events").status_code == 401
    login(client, "viewer")

    def fps(**params):
        body = client.get("/ops/api/events", query_string=params).get_json()
        return sorted(e["fingerprint"] for e in body["events"]), body["total"]

    assert fps()[1] == 3
    assert fps(source="nms") == (["nms:1", "nms:2"], 2)
    assert fps(severity="critical") == (["hostmon|host:nas01|down", "nms:1"], 2)
    assert fps(entity="host:nas01") == (["hostmon|host:nas01|down", "nms:2"], 2)
    assert fps(q="100%") == (["nms:1"], 1) and fps(q="95%_") == (["nms:2"], 1), "LIKE wildcards are text"
    assert fps(q="PVE01") == (["nms:1"], 1)
    assert fps(state="resolved") == ([], 0)
    bad = client.get("/ops/api/events?severity=loud")
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "severity"
    assert client.get("/ops/api/events?limit=0").status_code == 400
    assert client.get("/ops/api/incidents?state=closed").status_code == 400
    assert client.get("/ops/api/incidents/12345").status_code == 404


def test_cli_lists_incidents_and_their_events(scene_lab):
    app, watcher = scene_lab
    add_systems(app, hostmon="test_scene")
    SCENE["hostmon"] = lambda: SourceData(uptime=uptime("hostmon", pve01="down"))
    step(app, watcher)
    runner = app.test_cli_runner()
    out = runner.invoke(args=["ops-center", "incidents"])
    assert out.exit_code == 0 and "open" in out.output and "pve01 down" in out.output and "root pve01" in out.output
    as_json = json.loads(runner.invoke(args=["ops-center", "incidents", "--json"]).output)
    assert [i["root"]["ref"] for i in as_json] == ["host:pve01"]
    evs = runner.invoke(args=["ops-center", "incidents", "--events", str(as_json[0]["id"])])
    assert "hostmon|" not in evs.output and "pve01 down  [host:pve01] x1" in evs.output


def test_a_watcher_gap_is_recorded_and_an_inbox_failure_never_stops_polling(scene_lab, monkeypatch):
    app, watcher = scene_lab
    add_systems(app, hostmon="test_scene")
    step(app, watcher)
    CLOCK.offset += 300  # nobody watched for five minutes
    step(app, watcher)
    gap = events(app, category="blind")
    assert len(gap) == 1 and gap[0]["state"] == "resolved"
    assert gap[0]["title"].startswith("watcher not running for 5 min")
    assert incidents(app)[0]["state"] == "resolved"

    def broken(_app, now=None):
        raise RuntimeError("inbox bug")

    monkeypatch.setattr(pipeline, "process", broken)
    assert watcher.cycle() is True and pipeline.run_cycle(app) is None
