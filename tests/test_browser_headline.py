"""
Operations Command Center - The Headline in the Browser, From the Real Backend

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Two scenarios end to end, no snapshot rewritten: after an idle
    spell of several TTLs with a watcher running (the 90 s of the issue, on
    1-second TTLs) the first view says OPERATIONAL with no reason and no STALE
    tag; a WAN down plus a failing source gives DOWN with a reason for each cause
    in the header.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from modules.ops_center.models.base import session, utcnow
from modules.ops_center.models.cache import OpsCache
from tests.conftest import PASSWORDS, make_app
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser
from tests.test_watcher import FAIL, add, lease_note, wait_for

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


def _first_view(app):
    """Log in, open /ops and return (headline, reasons text, page text) of the first render."""
    chromium_path()
    server = LiveServer(app).start()
    try:
        with sync_api.sync_playwright() as pw:
            browser = launch_browser(pw)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                browser_login(page, server.url, "op", PASSWORDS["op"])
                page.wait_for_selector("body[data-loaded='1']", timeout=15000)
                reasons = [r.inner_text() for r in page.locator("#overall-reasons .reason").all()]
                return page.locator("#overall").inner_text(), reasons, page.locator("body").inner_text()
            finally:
                browser.close()
    finally:
        server.stop()


def test_after_an_idle_spell_the_first_view_is_not_falsely_degraded(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_WATCHER="thread", OPS_CENTER_WATCHER_INTERVAL=0.1,
                   OPS_CENTER_WATCHER_LEASE=0.6, OPS_CENTER_TTL_CRITICAL=1)
    wait_for(lambda: lease_note(app).get("holder", "").startswith("thread pid"), timeout=10)
    add(app, "q", "test_quiet")
    time.sleep(3.5)  # several TTLs with nobody watching the page
    headline, reasons, text = _first_view(app)
    assert headline == "● OPERATIONAL" and reasons == []
    assert "STALE" not in text


def test_a_wan_down_and_a_failing_source_each_have_a_reason_in_the_header(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_SNAPSHOT_MEMO=0)
    add(app, "edge", "test_site")
    add(app, "zyxel-2", "test_site")
    with app.app_context():
        from modules.ops_center.services.polling.aggregator import get_aggregator

        get_aggregator(app).snapshot(force=True)
        row = session().execute(select(OpsCache).where(OpsCache.cache_key == "ops:zyxel-2")).scalar_one()
        row.cached_data = dict(row.cached_data, last_success_at=(utcnow() - timedelta(minutes=4)).isoformat())
        row.expires_at = utcnow() - timedelta(seconds=1)
        session().commit()
    FAIL.add("zyxel-2")
    try:
        with app.app_context():
            get_aggregator(app).snapshot(force=True)
        headline, reasons, _text = _first_view(app)
    finally:
        FAIL.discard("zyxel-2")
    assert headline == "● DOWN"
    assert reasons[:2] == ["WAN2 down", "zyxel-2 unreachable 4 min"], reasons
