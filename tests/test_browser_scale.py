"""
Operations Command Center - Browser Tests at Scale

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: Real headless Chromium on a big lab (40 PDUs x 24 outlets, 40
    switches x 48 ports, spread over sites, made by two test-only types
    registered here): the PDU and switch panels fold by site (closed over
    eight items, the choice remembered), the search finds an outlet and a
    port by name and opens their groups, says "no match", shows a name with
    markup as text; and the page polls with If-None-Match and keeps its
    render on a 304.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation (issue 17, part 3)
- 1.1.0 (2026-12-02): The browser fixture comes from conftest
"""

import pytest

from modules.ops_center.integrations.base import Field, Integration, Outlet, Pdu, Port, SourceData, Switch, register
from modules.ops_center.integrations.catalog import forget
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from tests.conftest import PASSWORDS, make_app
from tests.live_server import LiveServer, browser_login

sync_api = pytest.importorskip("playwright.sync_api")

SITES = ("rack A", "rack B", "colo", "branch")
EVIL = "<script>window.__pwned=1</script><b>x</b>"
N = 40


class LabPdu(Integration):
    """A 24-outlet PDU whose outlet names are ``<instance>-host-NN`` (one PDU overloaded, one name hostile)."""

    type_name, label, ttl_class, FEEDS = "test_lab_pdu", "Lab PDU (test)", "config", ("pdus",)
    fields = (Field("evil", "bool", default=False),)

    def fetch(self):
        """Canned PDU.

        Returns:
            SourceData: One PDU with 24 outlets.
        """
        outlets = [Outlet(i, f"{self.name}-host-{i:02d}", "off" if i == 3 else "on", i == 1) for i in range(1, 25)]
        if self.setting("evil"):
            outlets[4] = Outlet(5, EVIL, "on")
        load = 14.5 if self.name == "pdu-002" else 6.0
        return SourceData(pdus=[Pdu(self.name.upper(), self.name, load, 16.0, outlets, "AP8959")])


class LabSwitch(Integration):
    """A 48-port switch; port 7's alias names a host (``srv-<instance>``)."""

    type_name, label, ttl_class, FEEDS = "test_lab_switch", "Lab switch (test)", "config", ("switches",)

    def fetch(self):
        """Canned switch.

        Returns:
            SourceData: One switch with 48 ports.
        """
        ports = [Port(i, f"port{i}", "down" if i % 5 == 0 else "up", "up", 1000, f"srv-{self.name}" if i == 7 else "")
                 for i in range(1, 49)]
        up = sum(p.oper == "up" for p in ports)
        return SourceData(switches=[Switch(self.name, self.name, "Zyxel", "GS1920-48", 48, up, ports)])


@pytest.fixture
def lab_types():
    for cls in (LabPdu, LabSwitch):
        register(cls)
    yield
    for cls in (LabPdu, LabSwitch):
        forget(cls.type_name)


def store_lab(app, n=N):
    """Store ``n`` PDUs and ``n`` switches, every fifth without a site."""
    with app.app_context():
        for i in range(n):
            site = {} if i % 5 == 4 else {"site": SITES[i % len(SITES)]}
            save_instance("test_lab_pdu", f"pdu-{i:03d}", dict(site, evil=(i == 7)))
            save_instance("test_lab_switch", f"sw-{i:03d}", dict(site))
        session().commit()


@pytest.fixture
def live(tmp_path, lab_types):
    app = make_app(tmp_path, OPS_CENTER_REFRESH_SECONDS=2)
    store_lab(app)
    server = LiveServer(app).start()
    server.app = app
    yield server
    server.stop()


def open_lab(browser, live, context=None):
    """Log in, wait until every PDU and switch is in the snapshot (fetched in the background)."""
    ctx = context or browser.new_context(viewport={"width": 1500, "height": 1100}, timezone_id="Europe/Berlin")
    page = ctx.new_page()
    page.errors = []
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("dialog", lambda d: (page.errors.append("dialog: " + d.message), d.dismiss()))
    browser_login(page, live.url, "op", PASSWORDS["op"])
    page.wait_for_selector("body[data-loaded='1']", timeout=10000)
    page.wait_for_function("() => { const s = window.OPS.dashboard.state.snap;"
                           " return !!s && (s.pdus || []).length === 40 && (s.switches || []).length === 40; }",
                           timeout=20000)
    return page


def text_of(locator):
    """The visible text with its white space (flex items, line breaks) folded to single spaces."""
    return " ".join(locator.inner_text().split())


def test_big_lab_folds_by_site_and_remembers(browser, live):
    page = open_lab(browser, live)
    groups = page.locator("#pdus .site-group")
    assert groups.count() == 5
    names = [groups.nth(i).get_attribute("data-site") for i in range(5)]
    assert names == ["branch", "colo", "rack A", "rack B", "(no site)"]
    assert page.locator("#pdus .site-group.is-open").count() == 0, "over eight PDUs: every group starts closed"
    assert page.locator("#pdus .outlet").count() == 0, "a closed group builds no outlet"
    head = page.locator("#pdus .site-group[data-site='colo'] .site-head")
    assert "colo — 8 PDUs, 1 alarm" in text_of(head), text_of(head)  # pdu-002 is overloaded
    assert "rack A — 8 PDUs, no alarm" in text_of(page.locator("#pdus .site-group[data-site='rack A']"))
    assert "8 switches, no alarm" in text_of(page.locator("#switches .site-group[data-site='colo'] .site-head"))
    head.click()
    assert page.locator("#pdus .site-group[data-site='colo'].is-open .pdu").count() == 8
    assert page.locator("#pdus .outlet").count() == 8 * 24
    page.reload()
    page.wait_for_function("() => { const s = window.OPS && window.OPS.dashboard.state.snap;"
                           " return !!s && (s.pdus || []).length === 40; }")
    assert page.locator("#pdus .site-group[data-site='colo']").get_attribute("class").count("is-open") == 1
    assert page.locator("#pdus .site-group.is-open").count() == 1, "the open group is remembered, the rest not"
    assert not page.errors, page.errors


def test_search_opens_the_group_of_a_match_and_says_no_match(browser, live):
    page = open_lab(browser, live)
    page.fill("#find", "PDU-013-host-17")
    page.wait_for_function("() => document.body.getAttribute('data-search') === 'pdu-013-host-17'")
    site = SITES[13 % 4]
    group = page.locator(f"#pdus .site-group[data-site='{site}']")
    assert "is-open" in group.get_attribute("class")
    hit = page.locator("#pdus .outlet.is-hit")
    assert hit.count() == 1 and hit.get_attribute("data-name") == "pdu-013-host-17"
    assert page.locator("#pdus .pdu:not(.is-filtered)").count() == 1
    assert page.locator("#pdus .site-group:not([hidden])").count() == 1
    assert page.locator("#switches .group-nomatch").is_visible(), "the switch panel says it found nothing"
    page.fill("#find", "srv-sw-021")  # a port's alias: the host behind it
    page.wait_for_function("() => document.body.getAttribute('data-search') === 'srv-sw-021'")
    assert page.locator("#switches .port.is-hit").count() == 1
    assert page.locator("#switches .switch:not(.is-filtered)").count() == 1
    page.fill("#find", "nothing-is-called-this")
    page.wait_for_function("() => document.body.getAttribute('data-search') === 'nothing-is-called-this'")
    assert page.locator("#find-status").inner_text() == "no match"
    assert page.locator("#pdus .group-nomatch").is_visible()
    assert page.locator("#pdus .site-group:not([hidden])").count() == 0
    page.fill("#find", "")
    page.wait_for_function("() => document.body.getAttribute('data-search') === ''")
    assert page.locator("#pdus .site-group:not([hidden])").count() == 5
    assert page.locator("#pdus .site-group.is-open").count() == 0, "clearing the search restores the closed groups"
    assert not page.errors, page.errors


def test_a_hostile_outlet_name_is_shown_as_text(browser, live):
    page = open_lab(browser, live)
    page.fill("#find", "<script>")
    page.wait_for_function("() => document.body.getAttribute('data-search') === '<script>'")
    hit = page.locator("#pdus .outlet.is-hit")
    assert hit.count() == 1
    assert hit.locator(".outlet-name").inner_text() == EVIL
    assert page.locator("#pdus .outlet-name b").count() == 0 and page.locator("#pdus script").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    assert not page.errors, page.errors


def test_polls_send_if_none_match_and_a_304_keeps_the_render(browser, live):
    page = open_lab(browser, live)
    seen = []
    page.on("request", lambda r: seen.append(r.headers.get("if-none-match")) if "/ops/api/summary" in r.url else None)
    statuses = []
    page.on("response", lambda r: statuses.append(r.status) if "/ops/api/summary" in r.url else None)
    page.locator("#pdus .site-group[data-site='rack B'] .site-head").click()
    page.fill("#find", "pdu-001-host-0")  # a search in progress must survive the polls
    page.wait_for_function("() => document.body.getAttribute('data-search') === 'pdu-001-host-0'")
    renders = page.evaluate("() => window.OPS.dashboard.state.renders")
    marker = page.evaluate("() => { const o = document.querySelector('#pdus .outlet.is-hit'); o.dataset.mark = 'kept';"
                           " return o.getAttribute('data-name'); }")
    page.wait_for_function("() => Number(document.body.getAttribute('data-unchanged') || 0) >= 2", timeout=20000)
    assert any(seen) and all(tag and tag.startswith('"') for tag in seen), seen
    assert 304 in statuses, statuses
    state = page.evaluate("() => { const s = window.OPS.dashboard.state; return {renders: s.renders, etag: s.etag}; }")
    assert state["renders"] == renders, "a 304 draws nothing again"
    assert state["etag"] in seen
    assert page.locator("#pdus .outlet[data-mark='kept']").get_attribute("data-name") == marker, "the DOM was kept"
    assert page.locator("#pdus .outlet.is-hit").count() == 9
    assert page.locator("#last-refresh").inner_text() != "--:--:--"
    assert not page.errors, page.errors
