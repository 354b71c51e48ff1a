"""
Operations Command Center - Notification Administration Tests

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Notification targets from TOML, the settings API and the CLI:
    validated all or nothing with one-line errors naming the table, the
    Apprise URL stored encrypted and write-only, every change audited, the
    page's test queued for the watcher (never sent inside a request); and no
    URL part (password, token) in any log, API answer, page, CLI output,
    audit row or error text. Plus quiet hours and phone-sized titles.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text

from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session
from modules.ops_center.services.errors import Invalid
from modules.ops_center.services.notify import cycle, manage, message, plan
from tests.conftest import login, make_app
from tests.test_notify import NOTIFY_CFG, SECRET, TOKEN, hook  # noqa: F401  (the listener fixture)


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path, **NOTIFY_CFG)


def _toml(url, name="phone", extra=""):
    return f'[[notify]]\nname = "{name}"\nurl = "{url}"\n{extra}'


@pytest.mark.parametrize("extra, error", [
    ('min_severity = "loud"\n', "[[notify]] #2 (pager): field 'min_severity' must be one of"),
    ('quiet_hours = "22-7"\n', "[[notify]] #2 (pager): field 'quiet_hours' must read HH:MM-HH:MM"),
    ('colour = "red"\n', "[[notify]] #2 (pager): unknown field 'colour'"),
    ('sources = "a"\nentities = 5\n', "[[notify]] #2 (pager): field 'entities' must be a list of names"),
])
def test_import_is_all_or_nothing_with_one_line_errors(app, hook, extra, error):  # noqa: F811
    text_ = _toml(hook.url) + "\n" + _toml(hook.url, "pager", extra)
    with app.app_context():
        with pytest.raises(Invalid) as exc:
            manage.import_file(text_)
        assert str(exc.value).startswith(error) and "\n" not in str(exc.value)
        assert manage.targets.list_targets() == [], "nothing half-imported"


def test_a_bad_url_is_refused_without_repeating_it(app):
    with app.app_context():
        with pytest.raises(Invalid) as exc:
            manage.import_file(_toml(f"nosuchservice://{SECRET}@{TOKEN}"))
    assert str(exc.value) == ("[[notify]] #1 (phone): field 'url' is not an Apprise URL Apprise can load "
                              "(nosuchservice://...)")


def test_systems_import_takes_notify_tables_with_the_rest(app, hook):  # noqa: F811
    from modules.ops_center.services.admin.toml_import import import_systems

    with app.app_context():
        import_systems(_toml(hook.url, extra='min_severity = "critical"\nquiet_hours = "22:00-07:00"\n'))
        (t,) = manage.targets.list_targets()
    assert (t["name"], t["url"], t["min_severity"], t["quiet_hours"]) == ("phone", "json://********", "critical",
                                                                          "22:00-07:00")


def test_settings_api_and_cli_never_show_the_url_and_audit_every_change(app, hook, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    seen = []
    assert client.post("/ops/api/notify", json={"name": "x", "url": hook.url}).status_code in (400, 401, 403)
    viewer = app.test_client()
    vtoken = login(viewer, "viewer")
    assert viewer.post("/ops/api/notify", json={"name": "x", "url": hook.url},
                       headers={"X-CSRFToken": vtoken}).status_code == 403
    token = login(client)
    hdr = {"X-CSRFToken": token}
    resp = client.post("/ops/api/notify", json={"name": "phone", "url": hook.url, "sources": ["nms"]}, headers=hdr)
    assert resp.status_code == 201 and resp.get_json()["target"]["url"] == "json://********"
    seen.append(resp.get_data(as_text=True))
    resp = client.post("/ops/api/notify", json={"name": "phone", "url": "", "min_severity": "critical"}, headers=hdr)
    assert resp.status_code == 200, "an empty URL keeps the stored one"
    bad = client.post("/ops/api/notify", json={"name": "bad", "url": f"nope://{SECRET}/{TOKEN}"}, headers=hdr)
    assert bad.status_code == 400 and bad.get_json()["error"]["field"] == "url"
    seen += [resp.get_data(as_text=True), bad.get_data(as_text=True)]
    resp = client.post("/ops/api/notify/phone/test", json={}, headers=hdr)
    assert resp.get_json() == {"name": "phone", "queued": True} and hook.received == [], "nothing sent in a request"
    hook.codes[:] = [500]
    with app.app_context():
        assert cycle.process(app)["failed"] == 1
        assert cycle.process(app)["sent"] == 1
    assert [m["title"] for m in hook.received] == [manage.TEST_TITLE]
    listed = client.get("/ops/api/notify").get_json()["targets"]
    assert listed[0]["min_severity"] == "critical" and listed[0]["last_sent_at"] and listed[0]["failures"] == 0
    seen.append(client.get("/ops/api/notify").get_data(as_text=True))
    seen.append(client.get("/ops/settings").get_data(as_text=True))
    assert 'id="notify"' in seen[-1]
    runner = app.test_cli_runner()
    for args in (["list"], ["list", "--json"], ["test", "phone"], ["test", "nobody"]):
        out = runner.invoke(args=["ops-center", "notify", *args])
        seen.append(out.output)
    assert "phone" in seen[-4] and "test message sent" in seen[-2] and "no notification target" in seen[-1]
    off = client.post("/ops/api/notify/phone/active", json={"active": False}, headers=hdr)
    assert off.get_json()["active"] is False
    assert client.delete("/ops/api/notify/phone", headers=hdr).get_json() == {"removed": "phone"}
    with app.app_context():
        audit = session().execute(select(OpsAuditLog).where(OpsAuditLog.action.like("notify.%"))
                                  .order_by(OpsAuditLog.id)).scalars().all()
        assert [a.action for a in audit] == ["notify.create", "notify.update", "notify.test", "notify.test",
                                             "notify.disable", "notify.remove"]
        seen += [f"{a.target} {a.requested} {a.after} {a.error}" for a in audit]
        dump = session().execute(text("SELECT * FROM ops_notify_outbox")).all()
        seen += [str(r) for r in dump]
    seen += [r.getMessage() for r in caplog.records] + [caplog.text]
    for blob in seen:
        assert SECRET not in blob and TOKEN not in blob and hook.url not in blob


def test_a_failing_targets_error_is_scrubbed_and_shown(app, hook, caplog):  # noqa: F811
    caplog.set_level(logging.DEBUG)
    with app.app_context():
        manage.import_file(_toml(hook.url))
        hook.codes[:] = [500] * 5
        manage.test("phone")
        for _ in range(3):
            cycle.process(app)
        (t,) = manage.targets.list_targets()
        assert t["failing"] and t["failures"] == 3 and t["last_error"]
        blind = session().execute(text("SELECT title, detail FROM ops_events")).all()
        assert blind[0][0] == "notification target phone failing (3 sends in a row)"
        texts = [t["last_error"], str(blind)] + [r.getMessage() for r in caplog.records]
    assert all(SECRET not in s and TOKEN not in s for s in texts), texts


def test_quiet_hours_hold_non_critical_messages_until_they_end():
    at = datetime(2026, 12, 2, 23, 30, tzinfo=UTC)
    assert plan.quiet_until("22:00-07:00", at) == datetime(2026, 12, 3, 7, 0, tzinfo=UTC)
    assert plan.quiet_until("22:00-07:00", at.replace(hour=12)) is None
    assert plan.quiet_until("01:00-03:00", at.replace(hour=2)) == at.replace(hour=3, minute=0)
    assert plan.quiet_until("22:00-07:00", at, "Europe/Berlin") == datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


def test_a_message_title_fits_a_phone_and_the_body_names_root_members_and_link():
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    hosts = ", ".join(f"h{i}" for i in range(40))
    inc = SimpleNamespace(id=7, severity="critical", title=f"core port 24 down → {hosts}",
                          root_name="core port 24", root_kind="port", opened_at=now - timedelta(minutes=12),
                          resolved_at=None)
    members = [SimpleNamespace(id=i, relation="root" if i == 0 else "unreachable", state="firing", severity="critical",
                               source="kuma", title=f"h{i} down") for i in range(9)]
    title, body = message.compose("opened", inc, members, "https://ops.example.org/", now)
    assert len(title) == 80 and title.endswith("…") and title.startswith("OPEN critical: core port 24 down")
    assert "Members: 9" in body and "  - kuma: h0 down" in body and "  - and 4 more" in body
    assert "Open for 12 min" in body and body.endswith("Timeline: https://ops.example.org/ops/incidents#7")
