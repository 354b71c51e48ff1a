"""
Operations Command Center - Settings API and Page Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The settings JSON API (roles, CSRF, validation, write-only
    secrets, test before save, audit rows) and the settings page in
    headless Chromium against a local fake.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import pytest

from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.conftest import PASSWORDS, csrf_from, login, make_app
from tests.fake_integrations import HttpProbe
from tests.fakes.probe_fake import ProbeFake
from tests.live_server import LiveServer, browser_login, chromium_path, launch_browser

pytestmark = pytest.mark.usefixtures("test_types")

SECRET = "settings-secret-4711-abcdef"


@pytest.fixture
def fake():
    server = ProbeFake(SECRET).start()
    yield server
    server.stop()


def body(fake, **settings):
    data = {"url": fake.url, "token": SECRET, "port": "8443"}
    data.update(settings)
    return {"type": "test_http", "name": "probe-1", "active": True, "settings": data}


def post(client, token, url, payload, method="post"):
    return getattr(client, method)(url, json=payload, headers={"X-CSRFToken": token})


def test_roles_and_csrf(client, fake):
    assert client.post("/ops/api/systems", json=body(fake)).status_code == 401
    token = login(client, "viewer")
    resp = post(client, token, "/ops/api/systems", body(fake))
    assert resp.status_code == 403 and "read-only" in resp.get_json()["error"]["message"]
    assert client.get("/ops/api/systems").status_code == 200


def test_missing_csrf_is_a_json_400(op_client, fake):
    resp = op_client.post("/ops/api/systems", json=body(fake))
    assert resp.status_code == 400
    assert "CSRF" in resp.get_json()["error"]["message"]


def test_create_edit_keeps_secret_and_never_returns_it(app, client, fake):
    token = login(client)
    created = post(client, token, "/ops/api/systems", body(fake))
    assert created.status_code == 201
    responses = [created.get_data(as_text=True)]
    listed = client.get("/ops/api/systems")
    responses.append(listed.get_data(as_text=True))
    system = listed.get_json()["systems"][0]
    assert system["settings"]["token"] == "********" and system["settings"]["port"] == 8443
    # Edit with the mask (what the page never has) and with an empty secret: both keep the stored token.
    for kept in ("********", ""):
        edited = post(client, token, "/ops/api/systems", body(fake, token=kept, tags="lab, edge"))
        assert edited.status_code == 200
        responses.append(edited.get_data(as_text=True))
    # A new address needs the secret typed again: a stored secret never goes to a new host or port.
    moved = post(client, token, "/ops/api/systems", body(fake, token="", port="9443"))
    assert moved.status_code == 400 and moved.get_json()["error"]["field"] == "token"
    assert "typed again" in moved.get_json()["error"]["message"]
    assert post(client, token, "/ops/api/systems", body(fake, port="9443")).status_code == 200
    responses.append(client.get("/ops/api/systems/types").get_data(as_text=True))
    responses.append(client.get("/ops/settings").get_data(as_text=True))
    with app.app_context():
        snap = get_aggregator(app).snapshot()
    responses.append(client.get("/ops/api/summary").get_data(as_text=True))
    assert HttpProbe.seen_settings["probe-1"]["token"] == SECRET
    assert HttpProbe.seen_settings["probe-1"]["port"] == 9443
    assert any(s["name"] == "probe-1" and s["ok"] for s in snap["sources"])
    for text in responses:
        assert SECRET not in text


def test_test_before_save(client, fake):
    token = login(client)
    ok = post(client, token, "/ops/api/systems/test", body(fake)).get_json()
    assert ok["ok"] is True and ok["latency_ms"] >= 0 and "1 wan" in ok["message"]
    bad = post(client, token, "/ops/api/systems/test", body(fake, token="wrong-token-123")).get_json()
    assert bad["ok"] is False and bad["error_kind"] == "auth_failed" and "wrong-token-123" not in bad["message"]
    assert client.get("/ops/api/systems").get_json()["systems"] == [], "testing saves nothing"


@pytest.mark.parametrize("payload,status,text", [
    ({"type": "nope", "name": "x", "settings": {}}, 400, "unknown system type"),
    ({"type": "test_http", "name": "Bad Name!", "settings": {}}, 400, "field 'name'"),
    ({"type": "test_http", "name": "p", "settings": {"url": "http://127.0.0.1:1"}}, 400, "field 'token' is required"),
    ({"type": "test_http", "name": "p", "settings": "string"}, 400, "field 'settings'"),
    (["not", "an", "object"], 400, "JSON object"),
])
def test_bad_input_is_a_clear_400(op_client, payload, status, text):
    token = csrf_from(op_client.get("/ops/settings").get_data(as_text=True))
    resp = post(op_client, token, "/ops/api/systems", payload)
    assert resp.status_code == status and text in resp.get_json()["error"]["message"]


def test_disable_remove_and_audit(app, client, fake):
    token = login(client)
    post(client, token, "/ops/api/systems", body(fake))
    assert post(client, token, "/ops/api/systems/probe-1/active", {"active": False}).get_json()["active"] is False
    assert post(client, token, "/ops/api/systems/probe-1/active", {"active": "no"}).status_code == 400
    assert client.get("/ops/api/systems").get_json()["systems"][0]["active"] is False
    assert post(client, token, "/ops/api/systems/probe-1/test", {}).get_json()["ok"] is True
    assert post(client, token, "/ops/api/systems/probe-1", None, "delete").get_json() == {"removed": "probe-1"}
    assert post(client, token, "/ops/api/systems/probe-1", None, "delete").status_code == 404
    with app.app_context():
        actions = [r.action for r in session().query(OpsAuditLog).order_by(OpsAuditLog.id)]
        users = {r.username for r in session().query(OpsAuditLog)}
    assert actions == ["system.create", "system.disable", "system.test", "system.remove"]
    assert users == {"op"}


def test_settings_page_in_browser(tmp_path, fake):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium_path()
    app = make_app(tmp_path)
    server = LiveServer(app).start()
    try:
        with sync_api.sync_playwright() as pw:
            browser = launch_browser(pw)
            page = browser.new_page()
            payloads = []
            page.on("response", lambda r: payloads.append(r.text()) if "/ops/api/" in r.url else None)
            browser_login(page, server.url, "op", PASSWORDS["op"])
            page.goto(server.url + "/ops/settings")
            page.click("#add-system")
            page.select_option("#f-type", "test_http")
            page.fill("#f-name", "probe-1")
            page.fill("#fld-url", fake.url)
            page.fill("#fld-token", "wrong-token-123")
            page.click("#test-system")
            sync_api.expect(page.locator("#form-result")).to_contain_text("FAILED auth_failed")
            page.fill("#fld-token", SECRET)
            page.click("#test-system")
            sync_api.expect(page.locator("#form-result")).to_contain_text("OK ok: 1 wan")
            page.click("#save-system")
            row = page.locator("tr[data-system='probe-1']")
            row.wait_for()
            assert "token=********" in row.inner_text()
            row.locator(".act-edit").click()
            assert page.locator("#fld-token").input_value() == ""
            assert "stored" in page.locator("#fld-token").get_attribute("placeholder")
            html = page.content()
            browser.close()
    finally:
        server.stop()
    assert SECRET not in html
    assert all(SECRET not in text for text in payloads)
