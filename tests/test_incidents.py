"""
Operations Command Center - Incident Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Correlation through the real watcher and inbox on a scripted
    lab: a core-switch port failure storm, in any arrival order, is ONE
    incident rooted at that port with every host's alerts from three
    systems (and the cut-off switch's own) attached as UNREACHABLE, and the
    port's recovery resolves it all; an outlet switched off through the
    action route correlates host down and port down into one incident rooted
    at the outlet, with the audit row on its timeline; a source going blind
    is one blind-spot incident and its own alerts are not resolved while it
    is blind; unmapped alerts burst per source.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import random

import pytest

from modules.ops_center.integrations.base import SourceData
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.toml_import import import_systems
from tests import test_inbox_scene as lab_kit
from tests.conftest import login
from tests.test_inbox_scene import SCENE, UNREACHABLE, add_systems, alert, events, incidents, step, switch, uptime

scene, scene_lab = lab_kit.scene, lab_kit.scene_lab  # the scripted lab's fixtures

HOSTS = ("pve01", "pve02", "nas01")
LINKS = """
[[link]]
uplink = "core:24"
port = "zyxel-1:48"
""" + "".join(f'\n[[link]]\nport = "zyxel-1:{i}"\nhost = "{h}"\n' for i, h in enumerate(HOSTS, 1))


def storm_lab(app):
    """core (port 24 is zyxel-1's uplink), zyxel-1 (three hosts), Hostmon, Kuma, LibreNMS; all well."""
    add_systems(app, core="test_scene", zyxel_1="test_scene", hostmon="test_scene", kuma="test_scene",
                nms="test_scene_nms")
    with app.app_context():
        import_systems(LINKS)
        session().commit()
    SCENE.update(core=lambda: SourceData(switches=[switch("core", 24)]),
                 **{"zyxel-1": lambda: SourceData(switches=[switch("zyxel-1", 48)])},
                 hostmon=lambda: SourceData(uptime=uptime("hostmon", **dict.fromkeys(HOSTS, "up"))),
                 kuma=lambda: SourceData(uptime=uptime("kuma", **dict.fromkeys(HOSTS, "up"))),
                 nms=lambda: SourceData())


FAILURES = {
    "core": lambda: SourceData(switches=[switch("core", 24, down=(24,))]),
    "zyxel-1": UNREACHABLE,
    "hostmon": lambda: SourceData(uptime=uptime("hostmon", **dict.fromkeys(HOSTS, "down"))),
    "kuma": lambda: SourceData(uptime=uptime("kuma", **dict.fromkeys(HOSTS, "down"))),
    "nms": lambda: SourceData(alerts=[alert("nms", i, "Device Down! Due to no ICMP response.", h, "critical")
                                      for i, h in enumerate((*HOSTS, "zyxel-1"), 1)]),
}


@pytest.mark.parametrize("seed", [0, 1, 2, 3, "root-last", "root-first"])
def test_a_core_port_storm_is_one_incident_rooted_at_the_port_whatever_the_order(scene_lab, seed):
    app, watcher = scene_lab
    storm_lab(app)
    step(app, watcher)
    assert events(app) == [] and incidents(app) == []
    order = [n for n in FAILURES if n != "core"]
    random.Random(seed if isinstance(seed, int) else 7).shuffle(order)
    if isinstance(seed, int):
        order.insert(random.Random(seed).randrange(len(order) + 1), "core")  # the root arrives anywhere
    else:
        order = ["core", *order] if seed == "root-first" else [*order, "core"]
    assert sorted(order) == sorted(FAILURES)
    for name in order:
        SCENE[name] = FAILURES[name]
        step(app, watcher, name)
        if name == "zyxel-1":
            step(app, watcher, name)  # a second failure in a row makes it a blind spot
    live = incidents(app, "open", "acknowledged")
    assert len(live) == 1, [(i["title"], i["root_ref"]) for i in live]
    inc = live[0]
    assert (inc["root_kind"], inc["root_ref"]) == ("port", "port:core:24")
    assert inc["title"].startswith("core port 24 down → ") and all(h in inc["title"] for h in HOSTS)
    members = events(app, incident_id=inc["id"])
    assert len(members) == 1 + 3 * 3 + 1 + 1 == inc["members"]  # port, 3 hosts x 3 systems, zyxel-1 alert, blind
    by_host = {h: {m["source"] for m in members if m["entity"] == f"host:{h}"} for h in HOSTS}
    assert by_host == dict.fromkeys(HOSTS, {"hostmon", "kuma", "nms"})
    assert all(m["relation"] == "unreachable" for m in members if m["entity"] != "port:core:24")
    assert [m["relation"] for m in members if m["entity"] == "port:core:24"] == ["root"]
    assert {m["entity"] for m in members} >= {"source:zyxel-1", "switch:zyxel-1"}
    assert set(inc["sources"].split(",")) == {"core", "hostmon", "kuma", "nms", "zyxel-1"}
    assert all(e["incident_id"] == inc["id"] for e in events(app)), "nothing left outside the incident"
    # The port comes back and so does everything behind it: one cycle later it is all resolved.
    storm_lab_back = {"core": lambda: SourceData(switches=[switch("core", 24)]),
                      "zyxel-1": lambda: SourceData(switches=[switch("zyxel-1", 48)]),
                      "hostmon": lambda: SourceData(uptime=uptime("hostmon", **dict.fromkeys(HOSTS, "up"))),
                      "kuma": lambda: SourceData(uptime=uptime("kuma", **dict.fromkeys(HOSTS, "up"))),
                      "nms": lambda: SourceData()}
    SCENE.update(storm_lab_back)
    step(app, watcher)
    done = {i["id"]: i for i in incidents(app)}[inc["id"]]
    assert done["state"] == "resolved" and done["resolved_at"] is not None
    assert {e["state"] for e in events(app)} == {"resolved"}
    assert incidents(app, "open", "acknowledged") == []


def test_a_blind_source_is_one_incident_and_its_alerts_are_not_resolved_while_blind(scene_lab):
    app, watcher = scene_lab
    add_systems(app, nms="test_scene_nms")
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 7, "Disk full", "nas01"),
                                              alert("nms", 8, "CPU high", "pve01")])
    step(app, watcher)
    SCENE["nms"] = UNREACHABLE
    step(app, watcher)
    assert {e["fingerprint"]: e["state"] for e in events(app)} == {"nms:7": "firing", "nms:8": "firing"}
    step(app, watcher)
    blind = events(app, category="blind")
    assert len(blind) == 1 and blind[0]["state"] == "firing" and blind[0]["title"] == "nms blind: unreachable"
    live = incidents(app, "open")
    blind_inc = [i for i in live if i["root_ref"] == "source:nms"]
    assert [i["title"] for i in blind_inc] == ["nms blind"]
    for _ in range(3):
        step(app, watcher)
    counts = {e["fingerprint"]: (e["state"], e["count"]) for e in events(app)}
    assert counts["nms:7"] == ("firing", 1) and counts["nms:8"] == ("firing", 1), "not counted, not resolved"
    assert counts["watcher|source:nms|blind"] == ("firing", 4)
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 8, "CPU high", "pve01")])
    step(app, watcher)
    states = {e["fingerprint"]: e["state"] for e in events(app)}
    assert states == {"nms:7": "resolved", "nms:8": "firing", "watcher|source:nms|blind": "resolved"}
    assert {i["root_ref"]: i["state"] for i in incidents(app)}["source:nms"] == "resolved"


def test_an_outlet_switched_off_is_one_incident_rooted_at_the_outlet_with_its_audit_row(scene_lab):
    app, watcher = scene_lab
    add_systems(app, pdu_1="test_scene_pdu", sw="test_scene", hostmon="test_scene", kuma="test_scene")
    from modules.ops_center.integrations.demo import current_store

    def powered():
        return current_store().states()[5]

    SCENE.update(sw=lambda: SourceData(switches=[switch("sw", 8, down=() if powered() else (2,))]),
                 hostmon=lambda: SourceData(uptime=uptime("hostmon", proxmox_1="up" if powered() else "down")),
                 kuma=lambda: SourceData(uptime=uptime("kuma", proxmox_1="up" if powered() else "down")))
    with app.app_context():
        import_systems('[[link]]\noutlet = "pdu-1:5"\nhost = "proxmox-1"\n\n'
                       '[[link]]\nport = "sw:2"\nhost = "proxmox-1"\n')
    step(app, watcher)
    client = app.test_client()
    token = login(client)
    resp = client.post("/ops/api/pdu/pdu-1/outlets/5", json={"state": "off"}, headers={"X-CSRFToken": token})
    assert resp.status_code == 200 and resp.get_json()["result"] == "verified"
    step(app, watcher)
    live = incidents(app, "open")
    assert len(live) == 1, [i["title"] for i in live]
    inc = live[0]
    assert inc["root_ref"] == "outlet:pdu-1:5"
    assert inc["title"] == "pdu-1 outlet 5 'Proxmox-1' off → proxmox-1 unreachable"
    rel = {(e["source"], e["entity"]): e["relation"] for e in events(app, incident_id=inc["id"])}
    assert rel == {("pdu-1", "outlet:pdu-1:5"): "root", ("sw", "port:sw:2"): "caused",
                   ("hostmon", "host:proxmox-1"): "unreachable", ("kuma", "host:proxmox-1"): "unreachable"}
    detail = client.get(f"/ops/api/incidents/{inc['id']}").get_json()
    actions = [t for t in detail["timeline"] if t["type"] == "action"]
    assert [(a["action"], a["target"], a["result"]) for a in actions] == [
        ("outlet.off", "pdu-1/5 'Proxmox-1'", "verified")]
    assert detail["incident"]["root"] == {"kind": "outlet", "ref": "outlet:pdu-1:5",
                                          "name": "pdu-1 outlet 5 'Proxmox-1'"}
