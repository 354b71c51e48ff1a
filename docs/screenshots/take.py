"""
Operations Command Center - README Screenshots

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Takes the README's screenshots in headless Chromium (Debian's
    ``chromium``) on demo data with its 30 days of history: the dashboard, the
    WAN graph at 1 h and 30 d and the PDU load trend, each at 1400 px and
    390 px, in the Europe/Berlin zone the page then states. A throw-away
    database in a temporary folder; nothing leaves 127.0.0.1.
    Run from the repository root: ``.venv/bin/python -m docs.screenshots.take``.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import sys
import tempfile
from datetime import datetime
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.conftest import PASSWORDS, make_app
from tests.live_server import LiveServer, browser_login, launch_browser

OUT = Path(__file__).resolve().parent
WIDTHS = (1400, 390)
ZONE = "Europe/Berlin"


def _at(page, fraction_of_plot):
    """Move the mouse to a point of the graph dialog's plot (for its tooltip)."""
    box = page.locator("#graph-box .u-over").bounding_box()
    page.mouse.move(box["x"] + box["width"] * fraction_of_plot, box["y"] + box["height"] * 0.35)
    page.wait_for_timeout(200)


def _first_gap_fraction(page, series, range_name, cause):
    """Where in the plot (0-1) the middle of the first gap with this cause is, or None."""
    body = page.evaluate(f"() => fetch('/ops/api/history?series={series}&range={range_name}').then(r => r.json())")
    span = {"1h": 3600, "24h": 86400, "7d": 604800, "30d": 2592000}[range_name]
    end = datetime.fromisoformat(body["now"]).timestamp()
    for gap in body["series"][0].get("gaps", []):
        if gap["cause"] == cause:
            start, stop = (datetime.fromisoformat(gap[k]).timestamp() for k in ("start", "end"))
            mid = (start + stop) / 2
            return (mid - (end - span)) / span
    return None


def _graph(page, name, range_name, out, hover=0.72, gap_cause=None):
    """Open a range of the graph dialog and shoot it."""
    page.click(f".graph-range[data-range='{range_name}']")
    page.wait_for_selector("#graph-box[data-state='chart']")
    page.wait_for_timeout(300)
    if gap_cause:
        hover = _first_gap_fraction(page, "wan:WAN1:rx_mbps", range_name, gap_cause) or hover
    _at(page, hover)
    page.locator("#graph-dialog").screenshot(path=str(out / name))


def take(out=OUT):
    """Write the PNGs.

    Args:
        out: Folder for the images.

    Returns:
        list[Path]: The files written.
    """
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        # The watcher runs as in `make run` (a thread here), so the header shows it alive.
        app = make_app(Path(tmp), OPS_CENTER_DEMO_HISTORY=True, OPS_CENTER_WATCHER="thread")
        server = LiveServer(app).start()
        try:
            with sync_playwright() as pw:
                browser = launch_browser(pw)
                for width in WIDTHS:
                    page = browser.new_context(viewport={"width": width, "height": 900}, timezone_id=ZONE).new_page()
                    browser_login(page, server.url, "op", PASSWORDS["op"])
                    page.wait_for_selector("body[data-loaded='1']")
                    page.wait_for_timeout(1500)  # the first demo fetch seeds the 30 days of history
                    page.reload()
                    page.wait_for_selector(".wan-panel .spark .chart[data-state='chart']")
                    page.wait_for_selector(".pdu-trend .chart[data-state='chart']")
                    page.wait_for_timeout(400)
                    page.screenshot(path=str(out / f"dashboard-{width}.png"), full_page=True)
                    page.locator(".wan-panel[data-wan='WAN1'] h2").click()
                    _graph(page, f"wan-1h-{width}.png", "1h", out)
                    _graph(page, f"wan-30d-{width}.png", "30d", out, gap_cause="source_down")
                    page.click("#graph-close")
                    page.locator(".pdu-trend").click()
                    _graph(page, f"pdu-24h-{width}.png", "24h", out, hover=0.12)
                    page.click("#graph-close")
                    written += [out / f"{n}-{width}.png" for n in ("dashboard", "wan-1h", "wan-30d", "pdu-24h")]
                browser.close()
        finally:
            server.stop()
    return written


if __name__ == "__main__":
    for path in take(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(f"{path} {path.stat().st_size // 1024} KiB")
