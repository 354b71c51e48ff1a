"""
Operations Command Center - Incidents in the Browser

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Real headless Chromium on the scripted lab after a core-switch
    port storm: the dashboard's incidents strip names the one incident and
    its root; a maintenance window over the root is made in two clicks and
    the incident shows it; the incidents page draws the timeline (one lane
    per system, the root's bar highlighted, the silence action interleaved)
    and the inbox filters and searches; hostile vendor text stays text.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import pytest

from modules.ops_center.integrations.base import SourceData
from tests import test_inbox_scene as lab_kit
from tests.conftest import PASSWORDS
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser
from tests.test_inbox_scene import SCENE, alert, incidents, step
from tests.test_incidents import FAILURES, storm_lab

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
scene, scene_lab = lab_kit.scene, lab_kit.scene_lab
EVIL = '<img src=x onerror="window.__pwned=1">pve01 <script>window.__pwned=2</script>'


@pytest.fixture
def stormed(scene_lab):
    """The lab after the storm (hostile text in one LibreNMS alert), served on loopback."""
    app, watcher = scene_lab
    storm_lab(app)
    step(app, watcher)
    SCENE.update(FAILURES)
    nms = FAILURES["nms"]
    SCENE["nms"] = lambda: SourceData(alerts=[*nms().alerts, alert("nms", 99, EVIL, "pve01", "critical")])
    step(app, watcher)
    step(app, watcher, "zyxel-1")
    server = LiveServer(app).start()
    yield app, server
    server.stop()


@pytest.fixture
def page(stormed):
    chromium_path()
    app, server = stormed
    with sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.errors = []
        pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
        browser_login(pg, server.url, "op", PASSWORDS["op"])
        pg.wait_for_selector("body[data-loaded='1']")
        pg.app, pg.server = app, server
        yield pg
        browser.close()


def test_the_strip_names_the_incident_and_silences_its_root_in_two_clicks(page):
    strip = page.locator("#incidents-section")
    items = strip.locator(".incident-list .incident")
    expect(items).to_have_count(1)
    expect(items.first.locator(".inc-title")).to_contain_text("core port 24 down → nas01, pve01, pve02")
    expect(items.first).to_contain_text("root: core port 24")
    expect(strip.locator("h2 .count .n")).to_have_text("1")
    items.first.locator(".btn-silence").click()  # click one: the menu names what it silences
    choice = items.first.locator(".btn-silence-for").first
    expect(choice).to_have_text("silence core port 24 for 1 h")
    choice.click()  # click two: the window starts
    expect(strip.locator(".toast")).to_contain_text("Silenced core port 24 until")
    client = page.app.test_client()
    from tests.conftest import login

    login(client)
    windows = client.get("/ops/api/maintenance").get_json()["windows"]
    assert [(w["scope_kind"], w["scope"], w["active"]) for w in windows] == [("entity", "port:core:24", True)]
    root_events = client.get("/ops/api/events?entity=port:core:24").get_json()["events"]
    assert [e["maintenance_id"] for e in root_events] == [windows[0]["id"]], "marked, not hidden"
    expect(items).to_have_count(1)
    assert page.errors == []


def test_the_timeline_page_shows_every_system_the_root_and_the_actions(page):
    inc = [i for i in incidents(page.app, "open")][0]
    client = page.app.test_client()
    from tests.conftest import login

    token = login(client)
    client.post("/ops/api/maintenance", json={"scope_kind": "entity", "scope": "host:pve01", "minutes": 60},
                headers={"X-CSRFToken": token})
    page.goto(page.server.url + f"/ops/incidents?id={inc['id']}")
    expect(page.locator("#tl-title")).to_contain_text("core port 24 down")
    lanes = page.locator("#tl-lanes .tl-lane")
    expect(lanes).to_have_count(6)  # core, hostmon, kuma, nms, zyxel-1 and the actions
    assert set(lanes.evaluate_all("ls => ls.map(l => l.dataset.lane)")) == {"core", "hostmon", "kuma", "nms",
                                                                           "zyxel-1", "ACTIONS"}
    expect(page.locator(".tl-bar.is-root")).to_have_count(1)
    expect(page.locator("#tl-lanes .tl-lane[data-lane=core] .tl-bar.is-root")).to_have_count(1)
    expect(page.locator(".tl-item.is-root")).to_contain_text("ROOT · core port 24 link down [port:core:24]")
    expect(page.locator(".tl-item.is-action")).to_contain_text("maintenance.start entity host:pve01 → ok")
    # The inbox: every event, then a search; vendor markup stays text.
    expect(page.locator("#inbox tbody tr")).to_have_count(13)
    page.fill("#inbox-q", "script")
    page.click("#inbox-filters button[type=submit]")
    expect(page.locator("#inbox tbody tr")).to_have_count(1)
    expect(page.locator("#inbox tbody td.title")).to_contain_text("<script>")
    assert page.evaluate("window.__pwned === undefined") and page.locator("#inbox img").count() == 0
    page.select_option("#inbox-source", "kuma")
    page.fill("#inbox-q", "")
    page.click("#inbox-filters button[type=submit]")
    expect(page.locator("#inbox tbody tr")).to_have_count(3)  # Kuma's view of the three hosts
    expect(page.locator("#inbox-total")).to_have_text("3 of 3 events")
    expect(page.locator("#maint-list li")).to_have_count(1)
    assert page.errors == []
