"""
Operations Command Center - Browser Control Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Headless Chromium drives the control flows: outlet dialog
    (Cancel changes nothing, confirm switches and shows the new state,
    protected outlets need the typed name), acknowledging an alert with a
    note, the switch port table with its filter, and hostile vendor text
    rendering as inert text.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import pytest

from modules.ops_center.integrations.demo import DemoPdu
from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from tests.conftest import PASSWORDS, make_app
from tests.fake_integrations import EVIL_TITLE
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser

pytestmark = pytest.mark.usefixtures("test_types")

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def page(tmp_path):
    chromium_path()
    app = make_app(tmp_path, OPS_CENTER_READBACK_SECONDS=1.0, OPS_CENTER_READBACK_INTERVAL=0.1)
    server = LiveServer(app).start()
    with sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.app = app
        pg.server = server
        browser_login(pg, server.url, "op", PASSWORDS["op"])
        pg.wait_for_selector("body[data-loaded='1']")
        yield pg
        browser.close()
    server.stop()


def audit_count(app):
    with app.app_context():
        return session().query(OpsAuditLog).count()


def test_outlet_dialog_cancel_then_confirm(page):
    outlet = page.locator(".outlet[data-outlet='4']")
    outlet.click()
    dialog = page.locator("#outlet-dialog")
    expect(dialog).to_be_visible()
    assert page.locator("#outlet-question").inner_text() == "Turn OFF outlet 4 'NAS-01' on PDU-1?"
    assert page.evaluate("document.activeElement.id") == "outlet-cancel", "Cancel is focused by default"
    page.keyboard.press("Enter")  # Enter on the focused Cancel: nothing happens
    expect(dialog).to_be_hidden()
    assert DemoPdu("pdu-1", {}).get_outlet(4) == "on" and audit_count(page.app) == 0
    outlet.click()
    page.click("#outlet-confirm")
    expect(page.locator("#toast")).to_contain_text("OFF — VERIFIED")
    expect(page.locator(".outlet[data-outlet='4']")).to_have_class("outlet outlet-off")
    assert DemoPdu("pdu-1", {}).get_outlet(4) == "off"
    assert audit_count(page.app) == 1


def test_protected_outlet_needs_typed_name(page):
    page.locator(".outlet[data-outlet='2']").click()
    expect(page.locator("#outlet-protect")).to_be_visible()
    expect(page.locator("#outlet-confirm")).to_be_disabled()
    page.fill("#outlet-confirm-name", "core-switch")
    expect(page.locator("#outlet-confirm")).to_be_disabled()
    page.fill("#outlet-confirm-name", "Core-Switch")
    expect(page.locator("#outlet-confirm")).to_be_enabled()
    page.click("#outlet-confirm")
    expect(page.locator("#toast")).to_contain_text("VERIFIED")
    expect(page.locator(".outlet[data-outlet='2']")).to_have_class("outlet outlet-off is-protected")


def test_acknowledge_alert_with_note(page):
    first = page.locator("#col-ips .items .alert").first
    title = first.locator(".alert-title").inner_text()
    first.locator(".btn-ack").click()
    expect(page.locator("#ack-dialog")).to_be_visible()
    page.fill("#ack-note", "blocked at the edge, watching")
    page.click("#ack-confirm")
    expect(page.locator("#toast")).to_contain_text("Acknowledged")
    group = page.locator("#col-ips .acked-group")
    expect(group).to_be_visible()
    expect(group.locator("summary")).to_contain_text("ACKNOWLEDGED (1)")
    group.locator("summary").click()
    acked = group.locator(".alert").first
    expect(acked.locator(".alert-title")).to_have_text(title)
    expect(acked.locator(".alert-ack")).to_contain_text("blocked at the edge, watching")
    assert page.locator("#col-ips .items .alert").count() == 2
    assert page.locator("#col-ips .count .n").inner_text() == "2"


def test_switch_port_table_filter(page):
    page.locator(".switch[data-switch='zyxel-1']").click()
    expect(page.locator("#ports-dialog")).to_be_visible()
    expect(page.locator("#ports-table tbody tr")).to_have_count(48)
    assert "zyxel-1" in page.locator("#ports-dialog-title").inner_text().lower()
    page.select_option("#ports-filter", "down")
    expect(page.locator("#ports-table tbody tr")).not_to_have_count(48)
    rows = page.locator("#ports-table tbody tr")
    assert rows.count() >= 1
    assert all(t == "DOWN" for t in rows.locator("td:nth-child(4)").all_inner_texts())
    page.keyboard.press("Escape")
    expect(page.locator("#ports-dialog")).to_be_hidden()
    page.locator(".switch[data-switch='mikrotik']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#ports-table tbody tr")).to_have_count(24)


def test_hostile_vendor_text_is_inert(page):
    with page.app.app_context():
        save_instance("test_evil", "evil-fw", {})
        session().commit()
    page.click("#refresh-now")
    item = page.locator("#col-security .alert-title").first
    expect(item).to_have_text(EVIL_TITLE)
    assert page.locator("#col-security img").count() == 0
    assert page.locator("#col-security script").count() == 0
    assert page.evaluate("window.__pwned === undefined")


def test_more_alerts_expand_and_collapse(page):
    with page.app.app_context():
        for i in range(8):  # configured sources end demo mode: 8 IPS alerts, one per source
            save_instance("test_status", f"noisy-{i}", {})
        session().commit()
    page.click("#refresh-now")
    more = page.locator("#col-ips .btn-more")
    more.wait_for()
    assert more.inner_text() == "+3 more"
    assert page.locator("#col-ips .items .alert").count() == 5
    more.click()
    expect(page.locator("#col-ips .items .alert")).to_have_count(8)
    expect(page.locator("#col-ips .btn-more")).to_have_text("show fewer")
    page.locator("#col-ips .btn-more").click()
    expect(page.locator("#col-ips .items .alert")).to_have_count(5)
