"""
Operations Command Center - Browser Tests

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: Real headless Chromium against the live page: every section
    filled on demo data, refresh advancing, a failing source showing its
    error badge while its last values stay on screen, and the uPlot graphs
    drawn from the stored points in the server's window.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Panels and graphs of the restructured front end (uPlot, one time zone, the signed-in
  user, outlet numbers in every state)
- 1.2.0 (2026-12-02): The browser fixture comes from conftest
"""

import pytest

from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from tests import fake_integrations as fakes
from tests.conftest import PASSWORDS, make_app
from tests.live_server import LiveServer, browser_login

pytestmark = pytest.mark.usefixtures("test_types")

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def live(tmp_path):
    app = make_app(tmp_path)
    server = LiveServer(app).start()
    server.app = app
    yield server
    server.stop()


def open_dashboard(browser, live, user="op", timezone="Europe/Berlin"):
    """Log in and wait for the first render."""
    page = browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id=timezone).new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    browser_login(page, live.url, user, PASSWORDS[user])
    page.wait_for_selector("body[data-loaded='1']", timeout=10000)
    page.errors = errors
    return page


def test_every_section_filled_on_demo_data(browser, live, tmp_path):
    page = open_dashboard(browser, live)
    assert page.locator("#demo-badge").is_visible()
    assert page.locator("#overall").inner_text().startswith("● ")
    assert page.locator(".wan-panel").count() == 2
    wan1 = page.locator(".wan-panel[data-wan='WAN1']")
    assert "Mbps" in wan1.inner_text() and "99.20 % (30 d)" in wan1.inner_text()
    for col in ("ips", "security", "monitoring", "syslog", "hostmon"):
        assert page.locator(f"#col-{col} .items li").count() >= 1, col
    assert page.locator("#col-ips .count .n").inner_text() == "3"
    assert "WAN1: down 4 min @" in page.locator("#col-hostmon").inner_text()
    assert page.locator("li[data-target='WAN1'] .ucell").count() == 48
    down = page.locator("li[data-target='WAN1'] .ucell-down")
    assert 1 <= down.count() <= 2 and "down" in down.first.get_attribute("title")
    assert page.locator("li[data-target='nas-01'] .ucell-down").count() == 0
    assert page.locator("#pdus .outlet").count() == 10
    assert page.locator("#pdus .outlet-off").count() == 1
    off = page.locator("#pdus .outlet-off")
    assert off.locator(".outlet-num").inner_text() == "3", "an off outlet keeps its number"
    assert off.locator(".outlet-state").inner_text() == "OFF"
    assert "A / 15 A" in page.locator(".pdu-load").inner_text()
    width = page.locator(".loadbar-fill").evaluate("e => e.style.width")
    assert width.endswith("%") and 10 < float(width[:-1]) < 100
    assert page.locator(".switch").count() == 3
    assert page.locator(".switch[data-switch='zyxel-1'] .port").count() == 48
    assert "/48 up" in page.locator(".switch[data-switch='zyxel-1']").inner_text()
    assert page.locator(".src-badge").count() >= 8
    assert page.locator(".skeleton").count() == 0
    assert page.locator("#tz-note").inner_text() == "times in Europe/Berlin"
    assert page.locator("#ops-user").inner_text() == "op" and page.locator("#logout").is_visible()
    assert page.locator("#overall-reasons .reason").first.is_visible(), "degraded says why"
    assert "WATCHER DOWN" in page.locator("#watcher").inner_text(), "tests run no watcher, and the page says so"
    assert page.errors == [], page.errors
    page.screenshot(path=str(tmp_path / "ops.png"), full_page=True)


def test_refresh_time_advances(browser, live):
    page = open_dashboard(browser, live)
    first = page.locator("#last-refresh").get_attribute("datetime")
    page.wait_for_timeout(1100)
    page.click("#refresh-now")
    sync_api.expect(page.locator("#last-refresh")).not_to_have_attribute("datetime", first, timeout=10000)
    assert page.locator("#last-refresh").get_attribute("datetime") > first
    assert int(page.locator("#countdown").inner_text()) > 0


def test_failing_source_shows_error_while_last_values_stay(browser, live):
    with live.app.app_context():
        save_instance("test_flaky_opnsense", "opnsense-lab", {})
        session().commit()
    page = open_dashboard(browser, live)
    wan1 = page.locator(".wan-panel[data-wan='WAN1']")
    assert "↓" in wan1.inner_text()
    fakes.BEHAVIOUR["opnsense-lab"] = "fail"
    page.click("#refresh-now")
    badge = page.locator(".wan-panel[data-wan='WAN1'] .src-badge.src-error")
    badge.wait_for(timeout=10000)
    assert "AUTH FAILED" in badge.inner_text() and "credentials rejected" in badge.inner_text()
    assert "STALE" in badge.inner_text()
    assert "Mbps" in wan1.inner_text() and "↓" in wan1.inner_text(), "last values stay"
    assert page.locator("#col-ips .items .alert").count() == 3
    assert page.locator("#col-ips .src-badge.src-error").count() == 1
    assert page.locator("#overall").inner_text() in ("● DEGRADED", "● DOWN")
    fakes.BEHAVIOUR["opnsense-lab"] = "ok"
    page.click("#refresh-now")
    page.locator(".wan-panel[data-wan='WAN1'] .src-badge.src-ok").wait_for(timeout=10000)


def test_wan_graphs_show_the_stored_points(browser, live):
    from datetime import datetime, timedelta

    from modules.ops_center.models.base import utcnow
    from modules.ops_center.models.metrics import OpsMetric

    with live.app.app_context():
        now = utcnow()
        for minutes in range(5, 55, 5):  # 10 points in distinct minutes of the last hour
            for series in ("wan:WAN1:rx_mbps", "wan:WAN1:tx_mbps", "wan:WAN2:rx_mbps", "wan:WAN2:tx_mbps"):
                session().add(OpsMetric(series=series, resolution=0, ts=now - timedelta(minutes=minutes), value=50.0))
        session().commit()
    page = open_dashboard(browser, live)
    generated = page.locator("#last-refresh").get_attribute("datetime")
    for wan in ("WAN1", "WAN2"):
        spark = page.locator(f".wan-panel[data-wan='{wan}'] .spark .chart")
        sync_api.expect(spark).to_have_attribute("data-state", "chart", timeout=10000)
        # 10 seeded points plus the one the demo fetch recorded now, for rx and for tx.
        assert spark.get_attribute("data-points") == "11,11"
        assert spark.locator("canvas").count() == 1
        x1 = datetime.fromisoformat(spark.get_attribute("data-x1").replace("Z", "+00:00"))
        skew = abs((x1 - datetime.fromisoformat(generated)).total_seconds())
        assert skew <= 5, "the window ends at the server's clock"
    over = page.locator(".wan-panel[data-wan='WAN1'] .u-over")
    box = over.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] / 2)
    tip = page.locator(".wan-panel[data-wan='WAN1'] .chart-tip")
    sync_api.expect(tip).to_be_visible()
    assert "↓ download 50 Mbps" in tip.inner_text() and "↑ upload 50 Mbps" in tip.inner_text()
    page.locator(".wan-panel[data-wan='WAN1'] h2").click()
    sync_api.expect(page.locator("#graph-box")).to_have_attribute("data-points", "11,11")
    assert "1-minute averages" in page.locator("#graph-status").inner_text()
    page.click(".graph-range[data-range='24h']")
    sync_api.expect(page.locator("#graph-title")).to_contain_text("last 24 hours")
    sync_api.expect(page.locator("#graph-status")).to_contain_text("10-minute averages")
    assert "step" not in page.locator("#graph-status").inner_text()
    assert "times in Europe/Berlin" in page.locator("#graph-status").inner_text()
    trend = page.locator(".pdu .pdu-trend .chart")
    assert trend.get_attribute("data-state") == "collecting", "one PDU sample: a collecting note, not an empty box"
    assert "Collecting since" in trend.inner_text()
