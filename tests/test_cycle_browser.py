"""
Operations Command Center - Power-Cycle Browser Test

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Headless Chromium cycles the demo PDU's outlet 4, linked to a
    host "nas" whose TCP check is a loopback listener that closes while the
    outlet is off: the outlet dialog offers CYCLE & PROVE, the confirmation
    names the outlet and the host, the steps tick in the dialog up to the
    verdict (the switch port proof named as skipped), and the audit page shows
    the chain.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import pytest

from modules.ops_center.integrations.demo import DemoPdu
from modules.ops_center.models.base import session, utcnow
from modules.ops_center.services.inbox import topology
from modules.ops_center.services.polling.instances import load_instances
from tests.conftest import PASSWORDS, make_app
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser
from tests.test_cycle import Listener

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def page(tmp_path):
    chromium_path()
    app = make_app(tmp_path, OPS_CENTER_CYCLE_INTERVAL=0.2, OPS_CENTER_CYCLE_DEADLINE=6.0,
                   OPS_CENTER_CYCLE_OFF_SECONDS=1.5, OPS_CENTER_OUTLET_COOLDOWN=0.5)

    def outlet_on():
        with app.app_context():
            return DemoPdu("pdu-1", {}).get_outlet(4) == "on"

    listener = Listener(outlet_on)
    with app.app_context():
        table = {"outlet": "pdu-1:4", "host": "nas", "check_port": listener.port, "check_address": "127.0.0.1"}
        topology.add(session(), topology.check(table, load_instances()), "operator", "test", utcnow())
        session().commit()
    server = LiveServer(app).start()
    with sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        pg.server = server
        browser_login(pg, server.url, "op", PASSWORDS["op"])
        pg.wait_for_selector("body[data-loaded='1']")
        yield pg
        browser.close()
    server.stop()
    listener.close()


def test_the_dialog_ticks_the_steps_to_the_verdict_and_the_audit_shows_the_chain(page, tmp_path):
    page.wait_for_timeout(300)  # the cycle targets load after the first render
    page.locator(".outlet[data-outlet='3']").click()
    expect(page.locator("#outlet-cycle")).to_be_hidden()  # outlet 3 powers no mapped host
    page.locator("#outlet-cancel").click()
    page.locator(".outlet[data-outlet='4']").click()
    expect(page.locator("#outlet-cycle")).to_be_visible()
    page.locator("#outlet-cycle").click()
    question = page.locator("#cycle-question")
    expect(question).to_contain_text("outlet 4 'NAS-01' on PDU-1")
    expect(question).to_contain_text("powers host nas")
    page.locator("#cycle-confirm").click()
    off = page.locator("#cycle-steps li[data-step='off']")
    expect(off).to_have_class("cycle-step step-ok", timeout=5000)
    expect(page.locator("#cycle-verdict")).to_contain_text("Proving")  # ticking: the outlet is off, the rest waits
    page.screenshot(path=str(tmp_path / "cycle-running.png"))
    verdict = page.locator("#cycle-verdict")
    expect(verdict).to_contain_text("RECOVERED", timeout=10000)
    expect(verdict).to_contain_text("link proof skipped (no switch port is mapped to nas)")
    assert page.locator("#cycle-steps li.step-ok").count() == 3
    assert page.locator("#cycle-steps li.step-skipped").count() == 1
    page.screenshot(path=str(tmp_path / "cycle-done.png"))
    page.goto(page.server.url + "/ops/audit")
    expect(page.locator("body")).to_contain_text("off ok")
    expect(page.locator("body")).to_contain_text("entity host:nas via pdu-1/4")
