"""
Operations Command Center - Browser Graph Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The uPlot graphs in headless Chromium: gaps shaded and labelled
    by the cause the server gives (source down, no data), the same graphs
    when an older server sends no gaps and no ``now``, the window taken from
    the server's clock even when the browser's clock is days off, the
    "collecting since" state, and the captions of the graph dialog.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import json
from datetime import UTC, datetime, timedelta

import pytest

from modules.ops_center.models.base import session, utcnow
from modules.ops_center.models.metrics import OpsMetric
from tests.conftest import PASSWORDS, make_app
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
WRONG_BROWSER_CLOCK = datetime(2031, 6, 1, 12, 0, tzinfo=UTC)  # years off: the graphs must not follow it


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


def seed(app, series, rows):
    """Store (seconds ago, value or None) points of one series."""
    with app.app_context():
        now = utcnow()
        session().add_all([OpsMetric(series=series, resolution=0, ts=now - timedelta(seconds=s), value=v)
                           for s, v in rows])
        session().commit()


def outage_history(app):
    """WAN1, a point every 30 s for 55 min: nothing 50-40 min ago, down markers 25-15 min ago."""
    rows = []
    for k in range(110):
        if 80 <= k < 100:
            continue  # nobody collected
        rows.append((30 * k, None if 30 <= k < 50 else 100.0))
    for series in ("wan:WAN1:rx_mbps", "wan:WAN1:tx_mbps"):
        seed(app, series, rows)


def open_page(live, clock=None, route=None):
    page = live.browser.new_context(viewport={"width": 1400, "height": 1000}, timezone_id="UTC").new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    if clock:
        page.clock.set_fixed_time(clock)
    if route:
        page.route("**/ops/api/history*", route)
    browser_login(page, live.url, "op", PASSWORDS["op"])
    page.wait_for_selector("body[data-loaded='1']")
    return page


def window(chart):
    """The (start, end) of a graph's time window."""
    return tuple(datetime.fromisoformat(chart.get_attribute(k).replace("Z", "+00:00")) for k in ("data-x0", "data-x1"))


def generated(page):
    """The snapshot's time (the server's clock)."""
    return datetime.fromisoformat(page.locator("#last-refresh").get_attribute("datetime"))


def hover(page, locator, fraction):
    box = locator.bounding_box()
    page.mouse.move(box["x"] + box["width"] * fraction, box["y"] + box["height"] / 2)


def test_gaps_are_shaded_and_labelled_by_cause(live):
    outage_history(live.app)
    page = open_page(live, clock=WRONG_BROWSER_CLOCK)
    chart = page.locator(".wan-panel[data-wan='WAN1'] .spark .chart")
    expect(chart).to_have_attribute("data-state", "chart", timeout=10000)
    assert chart.get_attribute("data-gap-causes") == "no_data,source_down"
    assert chart.get_attribute("data-collecting-since"), "the five minutes before the first point are not a gap"
    x0, x1 = window(chart)
    assert abs((x1 - generated(page)).total_seconds()) <= 5, "the window ends at the server's clock"
    assert x1 - x0 == timedelta(hours=1)
    over = page.locator(".wan-panel[data-wan='WAN1'] .u-over")
    tip = page.locator(".wan-panel[data-wan='WAN1'] .chart-tip")
    hover(page, over, 40 / 60)  # 20 minutes ago: the fetches failed
    expect(tip).to_contain_text("gap: source down")
    hover(page, over, 15 / 60)  # 45 minutes ago: nothing was collecting
    expect(tip).to_contain_text("gap: no data")
    hover(page, over, 55 / 60)  # 5 minutes ago: values
    expect(tip).to_contain_text("↓ download 100 Mbps")
    page.locator(".wan-panel[data-wan='WAN1'] h2").click()
    status = page.locator("#graph-status")
    expect(status).to_contain_text("2 gaps:")
    assert "source down" in status.inner_text() and "no data" in status.inner_text()
    assert "collecting since" in status.inner_text() and "1-minute averages" in status.inner_text()
    assert page.errors == []


def test_without_gaps_and_now_from_the_server_the_graph_still_reads(live):
    """An older server: no ``gaps``, no ``now``; gaps come from the null points, the window from generated_at."""
    outage_history(live.app)

    def strip(route):
        response = route.fetch()
        body = response.json()
        body.pop("now", None)
        for series in body["series"]:
            series.pop("gaps", None)
        route.fulfill(response=response, body=json.dumps(body))

    page = open_page(live, clock=WRONG_BROWSER_CLOCK, route=strip)
    chart = page.locator(".wan-panel[data-wan='WAN1'] .spark .chart")
    expect(chart).to_have_attribute("data-state", "chart", timeout=10000)
    assert chart.get_attribute("data-gap-causes") == "no_data,no_data", "each break of the line is a gap"
    skew = abs((window(chart)[1] - generated(page)).total_seconds())
    assert skew <= 5, "without the server's now: the snapshot's time, not the browser's (years off)"
    hover(page, page.locator(".wan-panel[data-wan='WAN1'] .u-over"), 40 / 60)
    expect(page.locator(".wan-panel[data-wan='WAN1'] .chart-tip")).to_contain_text("gap: no data")
    assert page.errors == []


def test_collecting_state_and_ranges_in_words(live):
    seed(live.app, "pdu:pdu-1:load_amps", [(s, 9.5) for s in range(60, 1200, 60)])  # the last 20 minutes
    page = open_page(live)
    trend = page.locator(".pdu .pdu-trend .chart")
    expect(trend).to_have_attribute("data-state", "chart", timeout=10000)
    assert trend.get_attribute("data-collecting-since"), "history starts 20 minutes ago"
    assert float(trend.get_attribute("data-ymax")) >= 15, "the 15 A rating line is inside the scale"
    wan = page.locator(".wan-panel[data-wan='WAN2'] .spark .chart")
    expect(wan).to_have_attribute("data-state", "collecting")
    assert wan.inner_text().startswith("Collecting since "), "one sample: a state, not an empty box"
    page.locator(".pdu-trend").click()
    expect(page.locator("#graph-title")).to_contain_text("PDU-1 LOAD")
    expect(page.locator("#graph-status")).to_contain_text("collecting since")
    for range_name, words in (("7d", "1-hour averages"), ("30d", "4-hour averages")):
        page.click(f".graph-range[data-range='{range_name}']")
        expect(page.locator("#graph-status")).to_contain_text(words)
        assert "14400" not in page.locator("#graph-status").inner_text()
    assert page.locator(".graph-range[data-range='30d']").get_attribute("aria-pressed") == "true"
