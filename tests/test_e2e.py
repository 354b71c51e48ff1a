"""
Operations Command Center - End-to-end Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The whole lab on loopback (every protocol fake, the same one the
    benchmark uses, plus an Uptime Kuma status page) configured from one TOML file: one poll fills every
    section from live data; an outlet switched through the real SNMPv3 agent
    is verified (and a PDU that keeps its state yields "failed"); alert
    acknowledgements reach the LibreNMS and Firewalla fakes; the page in
    Chromium shows the live WANs, alerts, the PDU and all three switches.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import json
import time

import pytest

from benchmarks.lab import Lab
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.toml_import import import_systems
from tests.conftest import PASSWORDS, login, make_app
from tests.fakes.uptime_kuma_fake import UptimeKumaFake, beats
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser

pytestmark = pytest.mark.usefixtures("test_types")

ZERO = {k: 0.0 for k in ("opnsense", "librenms", "hostmon", "firewalla", "mikrotik", "zyxel-2")}


@pytest.fixture(scope="module")
def lab():
    running = Lab(ZERO).start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def kuma():
    """An Uptime Kuma status page: the printer was down 3-2 minutes ago, the NAS is up."""
    now = time.time()
    server = UptimeKumaFake(slug="lab", groups=[("Lab", [(7, "printer", "ping"), (8, "nas", "http")])],
                            heartbeats={7: beats(now, states=lambda ago: 0 if 120 < ago <= 180 else 1),
                                        8: beats(now)}, uptime_24={7: 0.9993, 8: 1.0}).start()
    yield server
    server.stop()


@pytest.fixture
def live_app(tmp_path, lab, kuma):
    lab.fakes["pdu-1"].reset()
    app = make_app(tmp_path, OPS_CENTER_READBACK_SECONDS=2.0, OPS_CENTER_READBACK_INTERVAL=0.1,
                   OPS_CENTER_FETCH_TIMEOUT=8.0)
    kuma_toml = f'\n[[system]]\ntype = "uptime_kuma"\nname = "kuma"\nurl = "{kuma.url}"\nslug = "lab"\n'
    with app.app_context():
        import_systems(lab.toml(timeout=5) + kuma_toml)
        session().commit()
    return app


def test_one_poll_fills_every_section_from_live_data(live_app):
    result = live_app.test_cli_runner().invoke(args=["ops-center", "poll", "--json"])
    assert result.exit_code == 0, result.output
    snap = json.loads(result.output)
    assert snap["demo"] is False
    bad = {s["name"]: s["error"] for s in snap["sources"] if not s["ok"]}
    assert not bad, bad
    wans = {w["name"]: w for w in snap["wan"]}
    assert set(wans) >= {"WAN1", "WAN2"}
    assert wans["WAN1"]["status"] == "up" and wans["WAN1"]["latency_ms"] == 9.1
    assert wans["WAN2"]["status"] == "degraded" and wans["WAN2"]["loss_pct"] == 12.0
    assert wans["WAN1"]["uptime_pct_30d"] is not None and set(wans["WAN1"]["source"].split(",")) == {
        "opnsense", "hostmon"}
    cats = {}
    for alert in snap["alerts"]:
        cats.setdefault(alert["category"], set()).add(alert["source"])
    assert cats["ips"] == {"opnsense"} and cats["security"] == {"firewalla"}
    assert cats["monitoring"] == {"librenms"} and cats["syslog"] == {"librenms"}
    assert any(o["target"] == "wan1" and o["duration_s"] >= 240 for o in snap["outages"])
    kuma = {u["target"]: u for u in snap["uptime"] if u["source"] == "kuma"}
    assert set(kuma) == {"printer", "nas"} and kuma["nas"]["status"] == "up"
    assert (kuma["nas"]["uptime_pct_24h"], kuma["printer"]["uptime_pct_24h"]) == (100.0, 99.93)
    printer_out = [o for o in snap["outages"] if o["source"] == "kuma"]
    assert [(o["target"], o["duration_s"]) for o in printer_out] == [("printer", 60)]
    pdu = snap["pdus"][0]
    assert len(pdu["outlets"]) == 24 and pdu["load_amps"] > 0 and pdu["rating_amps"] > 0 and pdu["model"]
    assert [o["protected"] for o in pdu["outlets"][:3]] == [True, True, False]
    switches = {s["source"]: s for s in snap["switches"]}
    assert {k: v["port_count"] for k, v in switches.items()} == {"mikrotik": 24, "zyxel-1": 48, "zyxel-2": 24}


def test_outlet_switched_through_the_snmp_agent(live_app, lab):
    agent = lab.fakes["pdu-1"]
    client = live_app.test_client()
    token = login(client)
    snap = client.get("/ops/api/summary").get_json()
    outlet = next(o for o in snap["pdus"][0]["outlets"] if o["state"] == "on" and not o["protected"])
    headers = {"X-CSRFToken": token}
    resp = client.post(f"/ops/api/pdu/pdu-1/outlets/{outlet['number']}", json={"state": "off"}, headers=headers)
    body = resp.get_json()
    assert resp.status_code == 200 and body["result"] == "verified", body
    assert body["before"] == "on" and body["after"] == "off"
    assert agent.state[outlet["number"]] is False, "the agent's outlet really switched"
    protected = client.post("/ops/api/pdu/pdu-1/outlets/1", json={"state": "off"}, headers=headers)
    assert protected.status_code == 403 and agent.state[1] is True
    agent.sticky = True
    other = next(o for o in snap["pdus"][0]["outlets"] if o["state"] == "on" and not o["protected"]
                 and o["number"] != outlet["number"])
    stuck = client.post(f"/ops/api/pdu/pdu-1/outlets/{other['number']}", json={"state": "off"}, headers=headers)
    assert stuck.status_code == 502 and stuck.get_json()["result"] == "failed"
    assert stuck.get_json()["after"] == "on"


def test_acknowledgements_reach_librenms_and_firewalla(live_app, lab):
    nms, fwl = lab.fakes["librenms"], lab.fakes["firewalla"]
    nms.writes.clear()
    fwl.writes.clear()
    client = live_app.test_client()
    token = login(client)
    snap = client.get("/ops/api/summary").get_json()
    monitoring = next(a for a in snap["alerts"] if a["category"] == "monitoring" and not a["acknowledged"])
    security = next(a for a in snap["alerts"] if a["category"] == "security" and a["ack_supported"])
    headers = {"X-CSRFToken": token}
    first = client.post("/ops/api/alerts/ack", json={"id": monitoring["id"], "note": "on it"}, headers=headers)
    assert first.get_json()["writeback"] == "ok", first.get_json()
    native = monitoring["id"].split(":", 1)[1]
    assert nms.writes[-1]["method"] == "PUT" and nms.writes[-1]["path"] == f"/api/v0/alerts/{native}"
    assert nms.writes[-1]["body"]["note"] == "on it"
    second = client.post("/ops/api/alerts/ack", json={"id": security["id"]}, headers=headers)
    assert second.get_json()["writeback"] == "ok", second.get_json()
    assert fwl.writes and fwl.writes[-1]["path"].startswith("/v2/alarms/")
    again = client.get("/ops/api/summary?refresh=1").get_json()
    acked = {a["id"]: a["acknowledged"] for a in again["alerts"]}
    assert acked[monitoring["id"]] is True and acked.get(security["id"], True) is True


def test_page_shows_the_live_lab(live_app, lab, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium_path()
    server = LiveServer(live_app).start()
    try:
        with sync_api.sync_playwright() as pw:
            browser = launch_browser(pw)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            browser_login(page, server.url, "op", PASSWORDS["op"])
            page.wait_for_selector("body[data-loaded='1']", timeout=20000)
            assert not page.locator("#demo-badge").is_visible()
            sync_api.expect(page.locator(".wan-panel[data-wan='WAN1']")).to_contain_text("Mbps")
            sync_api.expect(page.locator(".wan-panel[data-wan='WAN2']")).to_contain_text("DEGRADED")
            assert page.locator("#col-ips .items .alert").count() >= 1
            assert page.locator("#col-security .items .alert").count() >= 1
            assert page.locator("#pdus .outlet").count() == 24
            assert page.locator(".switch").count() == 3
            assert page.locator(".switch[data-switch='zyxel-1'] .port").count() == 48
            assert page.locator(".switch[data-switch='mikrotik'] .port").count() == 24
            assert page.locator(".src-badge.src-error").count() == 0
            assert page.locator("#col-hostmon li[data-target='printer']").count() == 1
            # The fake's 5-minute wan1 outage 6 h ago lands in cell 35/36 of 48 (30-minute cells over the last
            # 24 h; the lab's clock started a little before the page's, so the outage may straddle the edge).
            cells = page.locator("li[data-target='wan1'] .ucell")
            assert cells.count() == 48
            down = [i for i in range(48) if "ucell-down" in cells.nth(i).get_attribute("class")]
            assert down in ([36], [35], [35, 36]), down
            assert all("down" in cells.nth(i).get_attribute("title") for i in down)
            page.screenshot(path=str(tmp_path / "lab.png"), full_page=True)
            browser.close()
    finally:
        server.stop()
