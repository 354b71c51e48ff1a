"""
Operations Command Center - Topology Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``[[link]]`` tables in the systems file (validated like
    ``[[wan]]``: one line naming the table, all or nothing, a file of links
    alone), links suggested from the names the systems report (outlet names,
    port aliases, two switches naming each other, a gateway's WANs), and the
    operator accepting, adding and removing links through the API (operator,
    CSRF, audited).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import pytest
from sqlalchemy import select

from modules.ops_center.integrations.base import SourceData, Wan
from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session
from modules.ops_center.models.credentials import OpsCredential
from modules.ops_center.models.events import OpsLink
from modules.ops_center.services.admin.toml_import import ImportFailed, import_systems
from tests import test_inbox_scene as lab_kit
from tests.conftest import login
from tests.test_inbox_scene import SCENE, add_systems, alert, pdu, step, switch, uptime

scene, scene_lab = lab_kit.scene, lab_kit.scene_lab
SYSTEMS = '[[system]]\ntype = "test_scene"\nname = "sw"\n\n[[system]]\ntype = "test_scene_pdu"\nname = "pdu-1"\n'


def links(app):
    with app.app_context():
        return sorted((r.kind, r.upstream, r.downstream, r.origin)
                      for r in session().execute(select(OpsLink)).scalars())


def test_link_tables_import_with_their_systems(scene_lab):
    app, _watcher = scene_lab
    text = SYSTEMS + """
[[link]]
outlet = "pdu-1:5"
host = "PVE01"

[[link]]
port = "sw:12"
host = "pve01"

[[link]]
uplink = "sw:24"
port = "sw:1"

[[link]]
outlet = "pdu-1:2"
switch = "sw"

[[link]]
gateway = "opnsense"
wan = "WAN1"

[[link]]
host = "pve01"
port = "sw:12"
"""
    with app.app_context():
        assert import_systems(text) == (["sw", "pdu-1"], [])
    assert links(app) == [("network", "port:sw:12", "host:pve01", "toml"),
                          ("power", "outlet:pdu-1:2", "switch:sw", "toml"),
                          ("power", "outlet:pdu-1:5", "host:pve01", "toml"),
                          ("uplink", "port:sw:24", "port:sw:1", "toml"),
                          ("wan", "host:opnsense", "wan:WAN1", "toml")]
    with app.app_context():
        import_systems(text)  # importing again changes nothing
    assert len(links(app)) == 5


@pytest.mark.parametrize("link,message", [
    ('outlet = "pdu-1:5"', "[[link]] #1: a link names two things: outlet + host|switch, port + host, uplink + port "
                           "or gateway + wan (got outlet)"),
    ('outlet = "pdu-1:5"\nport = "sw:1"', "[[link]] #1: a link names two things"),
    ('outlet = "pdu-9:5"\nhost = "a"', "[[link]] #1: 'outlet' names unknown system 'pdu-9'"),
    ('port = "pdu-1:5"\nhost = "a"', "[[link]] #1: 'port' names 'pdu-1', which reports no switches"),
    ('port = "sw"\nhost = "a"', "[[link]] #1: 'port' must look like \"<system>:<number>\", e.g. \"zyxel-1:12\""),
    ('port = "sw:0"\nhost = "a"', "[[link]] #1: 'port' must look like"),
    ('port = "sw:3"\nhost = "<b>"', "[[link]] #1: 'host' = '<b>' is not a plain name"),
    ('port = "sw:3"\nhost = 7', "[[link]] #1: 'host' must be a non-empty string"),
    ('port = "sw:3"\nhost = "a"\ncolour = "red"', "[[link]] #1: unknown field 'colour'"),
])
def test_a_bad_link_names_its_table_and_nothing_is_imported(scene_lab, link, message):
    app, _watcher = scene_lab
    with app.app_context():
        with pytest.raises(ImportFailed) as err:
            import_systems(SYSTEMS + "\n[[link]]\n" + link + "\n")
        assert str(err.value).startswith(message) and "\n" not in str(err.value)
        assert session().execute(select(OpsCredential)).first() is None, "all or nothing"
    assert links(app) == []


def test_a_file_of_links_alone_names_configured_systems(scene_lab):
    app, _watcher = scene_lab
    add_systems(app, sw="test_scene")
    with app.app_context():
        assert import_systems('[[link]]\nport = "sw:4"\nhost = "nas01"\n') == ([], [])
    assert links(app) == [("network", "port:sw:4", "host:nas01", "toml")]
    result = app.test_cli_runner().invoke(args=["ops-center", "systems", "import", "/dev/null"])
    assert result.exit_code != 0 and "no [[system]] table found" in result.output


def test_suggestions_from_names_accepted_added_and_removed_through_the_api(scene_lab):
    app, watcher = scene_lab
    add_systems(app, core="test_scene", zyxel_1="test_scene", pdu_1="test_scene", hostmon="test_scene",
                nms="test_scene_nms", fw="test_scene")
    SCENE.update(
        core=lambda: SourceData(switches=[switch("core", 24, aliases={24: "to zyxel-1", 3: "NAS_01"})]),
        **{"zyxel-1": lambda: SourceData(switches=[switch("zyxel-1", 48, aliases={48: "uplink core", 1: "pve01"})]),
           "pdu-1": lambda: SourceData(pdus=[pdu("pdu-1", {5: ("PVE-01", "on"), 6: ("Zyxel 1", "on"),
                                                          7: ("spare", "off")})])},
        hostmon=lambda: SourceData(uptime=uptime("hostmon", pve01="up", nas01="up")),
        nms=lambda: SourceData(alerts=[alert("nms", 1, "Port flapping", "printer")]),
        fw=lambda: SourceData(wan=[Wan("WAN1", "up", source="fw")]))
    step(app, watcher)
    client = app.test_client()
    login(client, "viewer")
    found = client.get("/ops/api/topology").get_json()
    assert found["links"] == []
    assert sorted((s["kind"], s["upstream"], s["downstream"]) for s in found["suggestions"]) == [
        ("network", "port:core:3", "host:nas01"), ("network", "port:zyxel-1:1", "host:pve01"),
        ("power", "outlet:pdu-1:5", "host:pve01"), ("power", "outlet:pdu-1:6", "switch:zyxel-1"),
        ("uplink", "port:core:24", "port:zyxel-1:48"), ("wan", "host:fw", "wan:WAN1")]
    pick = next(s for s in found["suggestions"] if s["kind"] == "uplink")
    assert pick["link"] == {"uplink": "core:24", "port": "zyxel-1:48"}
    token = login(client, "viewer")
    assert client.post("/ops/api/topology/links", json={"op": "accept", "link": pick["link"]},
                       headers={"X-CSRFToken": token}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client)
    headers = {"X-CSRFToken": token}
    assert client.post("/ops/api/topology/links", json={"op": "accept", "link": pick["link"]}).status_code == 400
    done = client.post("/ops/api/topology/links", json={"op": "accept", "link": pick["link"]}, headers=headers)
    assert done.status_code == 200 and done.get_json()["created"] is True
    added = client.post("/ops/api/topology/links", json={"op": "add", "link": {"port": "core:9", "host": "printer"}},
                        headers=headers).get_json()
    bad = client.post("/ops/api/topology/links", json={"op": "add", "link": {"port": "core:x", "host": "a"}},
                      headers=headers)
    assert bad.status_code == 400 and bad.get_json()["error"]["message"].startswith("link: 'port' must look like")
    assert client.post("/ops/api/topology/links", json={"op": "paint"}, headers=headers).status_code == 400
    after = client.get("/ops/api/topology").get_json()
    assert [(k["upstream"], k["origin"]) for k in after["links"]] == [("port:core:24", "suggested"),
                                                                    ("port:core:9", "operator")]
    assert "uplink" not in {s["kind"] for s in after["suggestions"]}, "an accepted suggestion is not offered again"
    gone = client.post("/ops/api/topology/links", json={"op": "remove", "id": added["link"]["id"]}, headers=headers)
    assert gone.status_code == 200 and len(client.get("/ops/api/topology").get_json()["links"]) == 1
    assert client.post("/ops/api/topology/links", json={"op": "remove", "id": 999}, headers=headers).status_code == 404
    with app.app_context():
        rows = [(r.action, r.target, r.result) for r in session().execute(select(OpsAuditLog)).scalars()]
    assert [r for r in rows if r[2] != "refused"] == [
        ("link.add", "port:core:24 -> port:zyxel-1:48", "ok"), ("link.add", "port:core:9 -> host:printer", "ok"),
        ("link.remove", "port:core:9 -> host:printer", "ok")]
    assert len([r for r in rows if r[2] == "refused"]) == 2
