"""
Operations Command Center - Adding a System Is One Package

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: A throwaway integration package, written into a temporary plugin
    folder (``OPS_CENTER_INTEGRATION_PATHS``) with no other edit anywhere,
    appears in ``systems types``, the settings form's type list,
    ``/ops/api/summary``, the page in Chromium and the action route — with the
    full order of checks (login, role, CSRF, validation, guard, lease, act,
    read back) and an audit row. A package that fails to import is listed, not
    skipped. The type is removed afterwards, so no other test sees it.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import sys
import textwrap

import pytest

from modules.ops_center.integrations import catalog
from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session
from tests.conftest import PASSWORDS, login, make_app
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser

pytestmark = pytest.mark.browser  # the one test ends in Chromium

PACKAGE = '''
"""Operations Command Center - Lab Switch (throwaway test package)"""

from modules.ops_center.integrations.base import Action, Field, Integration, Port, SourceData, Switch, register

PORTS = {1: "up", 2: "up", 3: "down"}


@register
class LabSwitch(Integration):
    type_name, label, ttl_class = "lab_switch", "Lab switch (plugin)", "config"
    FEEDS = ("switches",)
    fields = (Field("url", required=True, help="Where the switch answers"),
              Field("secret_word", secret=True, required=True, help="Its password"))
    ACTIONS = {"port_set": Action(
        method="set_port", label="Set port", key=("port",), lease="port", readback="get_port",
        expect_from="state", target="port {port}",
        params=(Field("port", "int", required=True), Field("state", required=True, choices=("up", "down"))))}

    def fetch(self):
        ports = [Port(n, f"ge{n}", s, "up" if s == "up" else "down") for n, s in sorted(PORTS.items())]
        return SourceData(switches=[Switch("LAB-SW-1", self.name, "Lab", "LS-3", len(ports),
                                           sum(p.oper == "up" for p in ports), ports)])

    def set_port(self, port, state):
        PORTS[port] = state

    def get_port(self, port):
        return PORTS.get(port)
'''


@pytest.fixture
def plugin(tmp_path):
    """The plugin folder with one package; the type is forgotten afterwards."""
    folder = tmp_path / "plugins"
    (folder / "lab_switch").mkdir(parents=True)
    (folder / "lab_switch" / "__init__.py").write_text(textwrap.dedent(PACKAGE))
    (folder / "half_written").mkdir()
    (folder / "half_written" / "__init__.py").write_text("import not_a_real_module_anywhere\n")
    yield folder
    catalog.forget("lab_switch")
    catalog.set_plugin_paths([])
    catalog.BROKEN.pop("half_written", None)
    for name in [n for n in sys.modules if n.startswith(catalog.PLUGIN_PACKAGE + ".")]:
        sys.modules.pop(name)


def _app(tmp_path, plugin):
    app = make_app(tmp_path, OPS_CENTER_INTEGRATION_PATHS=str(plugin), OPS_CENTER_READBACK_SECONDS=1.0,
                   OPS_CENTER_READBACK_INTERVAL=0.05, OPS_CENTER_OUTLET_COOLDOWN=0)
    toml = tmp_path / "lab.toml"
    toml.write_text('[[system]]\ntype = "lab_switch"\nname = "lab-sw"\nurl = "http://127.0.0.1:9"\n'
                    'secret_word = "hunter2-plugin"\n')
    out = app.test_cli_runner().invoke(args=["ops-center", "systems", "import", str(toml)])
    assert out.exit_code == 0, out.output
    return app


def test_a_new_package_appears_everywhere_and_acts_through_every_check(tmp_path, plugin):
    app = _app(tmp_path, plugin)
    runner = app.test_cli_runner()
    types_out = runner.invoke(args=["ops-center", "systems", "types"])
    assert "lab_switch" in types_out.output and "port_set" in types_out.output
    assert "BROKEN half_written" in types_out.output and "not_a_real_module_anywhere" in types_out.output
    client = app.test_client()
    url = "/ops/api/systems/lab-sw/actions/port_set"
    assert client.post(url, json={"port": 3, "state": "up"}).status_code == 401
    login(client, "viewer")
    types = client.get("/ops/api/systems/types").get_json()
    lab = next(t for t in types["types"] if t["type"] == "lab_switch")
    assert lab["feeds"] == ["switches"] and lab["actions"] == ["port_set"]
    assert [f["name"] for f in lab["fields"]] == ["url", "secret_word"]
    assert any(b["name"] == "half_written" for b in types["broken"])
    snap = client.get("/ops/api/summary").get_json()
    switch = next(s for s in snap["switches"] if s["source"] == "lab-sw")
    assert switch["ports_up"] == 2 and switch["port_count"] == 3
    offered = client.get("/ops/api/systems/lab-sw/actions").get_json()["actions"]
    assert [a["name"] for a in offered] == ["port_set"]
    token = login(client, "viewer")
    assert client.post(url, json={"port": 3, "state": "up"}, headers={"X-CSRFToken": token}).status_code == 403
    client.post("/logout", data={"csrf_token": token})
    token = login(client, "op")
    assert client.post(url, json={"port": 3, "state": "up"}).status_code == 400  # no CSRF token
    bad = client.post(url, json={"port": 3, "state": "sideways"}, headers={"X-CSRFToken": token})
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "state"
    done = client.post(url, json={"port": 3, "state": "up"}, headers={"X-CSRFToken": token})
    assert done.status_code == 200, done.get_json()
    body = done.get_json()
    assert body["result"] == "verified" and body["before"] == "down" and body["after"] == "up"
    assert body["target"] == "lab-sw port 3"
    with app.app_context():
        rows = [(r.username, r.action, r.target, r.result, r.before, r.after)
                for r in session().query(OpsAuditLog).order_by(OpsAuditLog.id)]
    assert ("op", "port_set", "lab-sw port 3", "verified", "down", "up") in rows
    assert [r[3] for r in rows if r[1] == "port_set"] == ["refused", "refused", "refused", "verified"]
    assert all("hunter2-plugin" not in str(r) for r in rows)
    _page_shows_the_switch(app)


def _page_shows_the_switch(app):
    """The dashboard in Chromium renders the plugin's switch like any other."""
    chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api")
    server = LiveServer(app).start()
    try:
        with sync_api.sync_playwright() as pw:
            browser = launch_browser(pw)
            try:
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                browser_login(page, server.url, "op", PASSWORDS["op"])
                page.wait_for_selector("body[data-loaded='1']", timeout=10000)
                page.wait_for_function("document.body.innerText.indexOf('LAB-SW-1') >= 0", timeout=10000)
                assert "2/3" in page.locator("body").inner_text()
                page.goto(server.url + "/ops/settings")
                page.wait_for_function("!document.getElementById('global-error').hidden", timeout=10000)
                assert "BROKEN integration half_written" in page.locator("#global-error").inner_text()
                assert page.locator("#f-type option[value='lab_switch']").count() == 1
            finally:
                browser.close()
    finally:
        server.stop()
