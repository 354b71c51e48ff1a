"""
Operations Command Center - Browser Header Tests

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: The dashboard header in headless Chromium: why the status is
    what it is (the first reasons shown, the rest behind a click, as inert
    text), the watcher alive or plainly down, polling every few seconds while
    a source is stale, the one stated time zone on the dashboard and the
    audit page (never wrapping), and the signed-in user with the host's
    logout — left out when the host has no such endpoint.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): The rewriting route asks unconditionally and drops the real ETag and encoding
"""

import json
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import PASSWORDS, make_app
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
ZONE = "America/New_York"
REASONS = ["WAN2 down", "zyxel-2 unreachable 4 min", "opnsense: auth failed", "<img src=x onerror=window.__pwned=1>"]


@pytest.fixture
def live(tmp_path):
    chromium_path()
    app = make_app(tmp_path)
    server = LiveServer(app).start()
    server.app = app
    with sync_api.sync_playwright() as pw:
        server.browser = launch_browser(pw)
        yield server
        server.browser.close()
    server.stop()


def open_page(live, width=1400, summary=None, user="op"):
    page = live.browser.new_context(viewport={"width": width, "height": 900}, timezone_id=ZONE).new_page()
    if summary:
        page.route("**/ops/api/summary*", summary)
    browser_login(page, live.url, user, PASSWORDS[user])
    page.wait_for_selector("body[data-loaded='1']")
    return page


def rewrite(change):
    """A route handler that passes the real snapshot through ``change(snap)``."""
    def handler(route):
        # Not conditional: a 304 has no body to rewrite, and the rewritten body must not match the real ETag.
        headers = {k: v for k, v in route.request.headers.items() if k.lower() != "if-none-match"}
        response = route.fetch(headers=headers)
        snap = response.json()
        change(snap)
        dropped = ("etag", "content-encoding", "content-length")
        headers = {k: v for k, v in response.headers.items() if k.lower() not in dropped}
        route.fulfill(response=response, body=json.dumps(snap), headers=headers)
    return handler


def test_reasons_first_shown_rest_behind_a_click_and_a_dead_watcher(live):
    def change(snap):
        snap["overall"] = "down"
        snap["overall_reasons"] = REASONS
        last = datetime.fromisoformat(snap["generated_at"]) - timedelta(minutes=12)
        snap["watcher"] = {"alive": False, "last_cycle_at": last.isoformat(), "holder": None}

    page = open_page(live, summary=rewrite(change))
    expect(page.locator("#overall")).to_have_text("● DOWN")
    reasons = page.locator("#overall-reasons .reason")
    assert reasons.count() == 4
    assert [r.is_visible() for r in reasons.all()] == [True, True, False, False]
    assert reasons.nth(0).inner_text() == "WAN2 down"
    more = page.locator("#reasons-more")
    assert more.inner_text() == "+2 more" and more.get_attribute("aria-expanded") == "false"
    more.click()
    expect(reasons.nth(3)).to_be_visible()
    assert reasons.nth(3).inner_text() == REASONS[3], "vendor text stays text"
    assert page.locator("#reasons-box img").count() == 0 and page.evaluate("window.__pwned === undefined")
    expect(more).to_have_text("show fewer")
    page.click("#refresh-now")  # a new snapshot keeps the reader's choice
    expect(page.locator("#overall-reasons .reason").nth(3)).to_be_visible()
    watcher = page.locator("#watcher")
    assert "watcher-dead" in watcher.get_attribute("class")
    assert "WATCHER DOWN" in watcher.inner_text() and "(12 min ago)" in watcher.inner_text()


def test_a_live_watcher_and_no_reasons(live):
    def change(snap):
        snap["overall_reasons"] = []
        snap["watcher"] = {"alive": True, "last_cycle_at": snap["generated_at"], "holder": "web-1"}

    page = open_page(live, summary=rewrite(change))
    assert page.locator("#reasons-box").is_hidden()
    watcher = page.locator("#watcher")
    expect(watcher).to_contain_text("watcher running · last cycle")
    assert watcher.get_attribute("title") == "held by web-1"


def test_a_snapshot_without_reasons_or_watcher_still_renders(live):
    def change(snap):
        snap.pop("overall_reasons", None)
        snap.pop("watcher", None)

    page = open_page(live, summary=rewrite(change))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.click("#refresh-now")
    expect(page.locator("#overall")).not_to_have_text("● LOADING")
    assert page.locator("#reasons-box").is_hidden() and page.locator("#watcher").is_hidden()
    assert page.locator(".wan-panel").count() == 2 and errors == []


def test_polls_every_few_seconds_while_a_source_is_stale(live):
    seen = []

    def change(snap):
        seen.append(time.monotonic())
        for src in snap["sources"]:
            src["stale"] = len(seen) <= 2 and src["name"] == "opnsense"  # a refresh lands with the third answer

    page = open_page(live, summary=rewrite(change))
    page.wait_for_timeout(7500)
    assert len(seen) >= 3, seen
    assert 2.0 <= seen[1] - seen[0] <= 5.0 and 2.0 <= seen[2] - seen[1] <= 5.0, "3 s apart while stale"
    assert int(page.locator("#countdown").inner_text()) > 20, "back to the normal 30 s once nothing is stale"


def test_times_in_one_stated_zone_never_wrapping(live):
    page = open_page(live, width=390)
    generated = datetime.fromisoformat(page.locator("#last-refresh").get_attribute("datetime"))
    assert page.locator("#last-refresh").inner_text() == generated.astimezone(ZoneInfo(ZONE)).strftime("%H:%M:%S")
    assert page.locator("#tz-note").inner_text() == f"times in {ZONE}"
    page.locator(".outlet[data-outlet='4']").click()
    page.click("#outlet-confirm")
    expect(page.locator("#toast")).to_contain_text("VERIFIED")
    page.goto(live.url + "/ops/audit")
    cell = page.locator("#audit tbody time").first
    utc = datetime.fromisoformat(cell.get_attribute("datetime"))
    assert cell.inner_text() == utc.astimezone(ZoneInfo(ZONE)).strftime("%Y-%m-%d %H:%M:%S")
    assert page.locator("#tz-note").inner_text() == f"times in {ZONE}"
    assert cell.evaluate("e => e.getClientRects().length") == 1, "one line, not wrapped mid-value"
    height = cell.evaluate("e => e.getBoundingClientRect().height")
    line = cell.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert height < 2 * line


def test_signed_in_user_and_logout(live):
    page = open_page(live)
    assert page.locator("#ops-user").inner_text() == "op"
    page.click("#logout")
    page.wait_for_url("**/login**")
    page.goto(live.url + "/ops/")
    assert "/login" in page.url, "the session ended"


def test_no_logout_link_when_the_host_has_no_such_endpoint(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_LOGOUT_ENDPOINT="members.sign_out")
    client = app.test_client()
    token = client.get("/login").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/login", data={"username": "op", "password": PASSWORDS["op"], "csrf_token": token})
    for url in ("/ops/", "/ops/settings", "/ops/audit"):
        html = client.get(url).get_data(as_text=True)
        assert 'id="ops-user"' in html and 'id="logout"' not in html, url
    app.config["OPS_CENTER_LOGOUT_ENDPOINT"] = "host.logout"
    assert 'action="/logout"' in client.get("/ops/").get_data(as_text=True)
