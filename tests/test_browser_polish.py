"""
Operations Command Center - Browser Polish Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: What a newcomer noticed, measured in headless Chromium at
    390 px and 1400 px: ACK buttons at least 24 x 24 px with readable
    contrast, the action result never covering a count, the port table
    fitting a phone, a viewer's outlets looking disabled, model names in their
    own case, the settings form (human labels, placeholders per type, SNMP and
    SSH fields shown only where they apply, styled controls), and every page
    working under the strict CSP with no inline script or style.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import re

import pytest

from tests.conftest import PASSWORDS, make_app
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
COUNTS = ".count, .switch-count, .pdu-load, .wan-rate, #overall, #countdown"


@pytest.fixture
def live(tmp_path):
    chromium_path()
    app = make_app(tmp_path, OPS_CENTER_READBACK_SECONDS=1.0, OPS_CENTER_READBACK_INTERVAL=0.1)
    server = LiveServer(app).start()
    with sync_api.sync_playwright() as pw:
        server.browser = launch_browser(pw)
        yield server
        server.browser.close()
    server.stop()


def open_page(live, width, user="op"):
    page = live.browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.console_errors = []
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    browser_login(page, live.url, user, PASSWORDS[user])
    page.wait_for_selector("body[data-loaded='1']")
    return page


def luminance(css_colour):
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css_colour)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg, bg):
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def overlaps(a, b):
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"] or
                a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


@pytest.mark.parametrize("width", [390, 1400])
def test_ack_buttons_are_big_enough_and_readable(live, width):
    page = open_page(live, width)
    buttons = page.locator(".btn-ack")
    assert buttons.count() >= 5
    for button in buttons.all():
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, box
    style = buttons.first.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
    assert contrast(*style) >= 4.5, style


@pytest.mark.parametrize("width", [390, 1400])
def test_the_action_result_never_covers_a_count(live, width):
    page = open_page(live, width)
    page.locator(".outlet[data-outlet='4']").click()
    page.click("#outlet-confirm")
    toast = page.locator("#toast")
    expect(toast).to_contain_text("VERIFIED")
    assert page.locator("#power-section #toast").count() == 1, "shown in the panel acted on"
    for y in (0, 600, 1200, 2400):  # wherever the page is scrolled
        page.evaluate(f"window.scrollTo(0, {y})")
        box = toast.bounding_box()
        for count in page.locator(COUNTS).all():
            other = count.bounding_box()
            assert other is None or not overlaps(box, other), count.inner_text()
    page.locator("#col-ips .btn-ack").first.click()
    page.click("#ack-confirm")
    expect(page.locator("#alerts-section #toast")).to_contain_text("Acknowledged")


def test_port_table_fits_a_phone(live):
    page = open_page(live, 390)
    page.locator(".switch[data-switch='zyxel-1']").click()
    expect(page.locator("#ports-table tbody tr")).to_have_count(48)
    scroll = page.locator("#ports-dialog .table-scroll")
    assert scroll.evaluate("e => e.scrollWidth <= e.clientWidth"), "no sideways scrolling"
    right = scroll.evaluate("e => e.getBoundingClientRect().right")
    cells = page.locator("#ports-table tbody tr").first.locator("td")
    assert max(c.evaluate("e => e.getBoundingClientRect().right") for c in cells.all()) <= right + 0.5
    first = page.locator("#ports-table tbody tr").first
    assert "uplink-opnsense" in first.inner_text() and "1000 Mbps" in first.inner_text()
    label = first.locator("td.c6").evaluate("e => getComputedStyle(e, '::before').content")
    assert "RX" in label, "each value is labelled while the header row is hidden"
    title = page.locator("#ports-dialog-title").inner_text()
    assert "GS1920-48HPv2" in title, "the model keeps its case: " + title


def test_viewer_outlets_look_disabled(live):
    page = open_page(live, 1400, user="viewer")
    outlet = page.locator(".outlet[data-outlet='4']")
    assert outlet.is_disabled()
    style = outlet.evaluate("e => { const s = getComputedStyle(e); return [s.cursor, s.borderTopStyle, s.opacity]; }")
    assert style[0] == "not-allowed" and style[1] == "dashed" and float(style[2]) < 1, style
    assert page.locator(".btn-ack").count() == 0
    assert "Read-only account" in page.locator("#power-section .hint").inner_text()
    assert page.locator(".outlet-off .outlet-num").inner_text() == "3"


def test_settings_form_labels_placeholders_and_fields_that_apply(live):
    page = open_page(live, 1400)
    page.goto(live.url + "/ops/settings")
    page.click("#add-system")
    page.select_option("#f-type", "opnsense")
    assert page.locator("#fld-url").get_attribute("placeholder") == "https://opnsense.example.lan"
    assert page.locator("label[for='fld-api_key'] .field-label").inner_text().startswith("API key")
    assert page.locator("label[for='fld-verify_tls'] .field-label").inner_text() == "Verify TLS"
    page.select_option("#f-type", "zyxel")
    assert page.locator("#fld-host").get_attribute("placeholder") == "zyxel-1.example.lan"
    assert page.locator("label[for='fld-snmp_community'] .field-label").inner_text() == "SNMP v2c community"
    community, user = page.locator("#fld-snmp_community"), page.locator("#fld-snmp_user")
    ssh_user = page.locator("#fld-ssh_username")
    assert community.is_hidden() and user.is_visible() and ssh_user.is_hidden(), "v3 over SNMP by default"
    page.select_option("#fld-snmp_version", "v2c")
    assert community.is_visible() and user.is_hidden()
    page.select_option("#fld-mode", "ssh")
    assert ssh_user.is_visible() and community.is_hidden() and page.locator("#fld-snmp_version").is_hidden()
    select = page.locator("#f-type").evaluate("e => [getComputedStyle(e).appearance, "
                                              "getComputedStyle(e).backgroundColor]")
    assert select[0] == "none" and select[1] != "rgb(255, 255, 255)", select
    check = page.locator("#f-active").evaluate("e => getComputedStyle(e).accentColor")
    assert check not in ("auto", ""), check
    assert page.console_errors == []


def test_every_page_runs_under_the_strict_csp(live):
    page = open_page(live, 1400)
    for path in ("/ops/", "/ops/settings", "/ops/audit"):
        response = page.goto(live.url + path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        html = response.text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"inline script on {path}"
        assert "<style" not in html and " style=" not in html, f"inline style on {path}"
        page.wait_for_load_state("networkidle")
    assert not [e for e in page.console_errors if "Content Security Policy" in e], page.console_errors
