"""
Operations Command Center - Actions Against a Busy Database

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: A second process holds SQLite's write lock (BEGIN IMMEDIATE) while
    an outlet is switched and an alert acknowledged. Whether the lock clears
    within the busy timeout or outlasts it: never a 500, no lease outliving the
    action, an audit row in every case (late, when it must wait for the lock),
    and the outlet's state and its audit row agree. A lock that outlasts the
    timeout before the device is touched is a clear 503 with nothing switched.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): The SQLite write-lock tests are marked sqlite_only
"""

import time
from datetime import timedelta

import pytest

from modules.ops_center.integrations.demo import DemoPdu
from modules.ops_center.models.alerts import OpsAlertAck
from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session, utcnow
from modules.ops_center.models.cache import OpsCache
from tests.conftest import login, make_app
from tests.test_read_path import hold_write_lock

pytestmark = pytest.mark.multiprocess


@pytest.fixture
def short_busy(monkeypatch):
    """SQLite gives up on a lock after 0.4 s here, so a long lock is quick to test."""
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", "400")


def _app(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_READBACK_SECONDS=1.0, OPS_CENTER_READBACK_INTERVAL=0.05,
                   OPS_CENTER_OUTLET_COOLDOWN=1)
    client = app.test_client()
    token = login(client)
    assert client.get("/ops/api/summary").status_code == 200
    return app, client, token


def _rows(app, action_prefix):
    with app.app_context():
        session().expire_all()
        return [(r.action, r.result, r.after) for r in session().query(OpsAuditLog).order_by(OpsAuditLog.id)
                if r.action.startswith(action_prefix)]


def _wait_for(check, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def _leases(app):
    with app.app_context():
        session().expire_all()
        return [(r.cache_key, r.expires_at) for r in session().query(OpsCache).filter(OpsCache.data_type == "lease")
                if r.cache_key.startswith("lease:pdu-1")]


@pytest.mark.sqlite_only  # a SQLite write lock held by another process
def test_a_lock_that_outlasts_the_timeout_is_a_503_and_nothing_is_switched(tmp_path, short_busy):
    app, client, token = _app(tmp_path)
    locker = hold_write_lock(tmp_path / "ops.db", seconds=3)
    try:
        resp = client.post("/ops/api/pdu/pdu-1/outlets/4", json={"state": "off"}, headers={"X-CSRFToken": token})
        assert resp.status_code == 503, resp.get_data(as_text=True)
        assert "nothing was changed" in resp.get_json()["error"]["message"]
        assert DemoPdu("pdu-1", {}).get_outlet(4) == "on", "the device was not touched"
        ack = client.post("/ops/api/alerts/ack", json={"id": "librenms:101"}, headers={"X-CSRFToken": token})
        assert ack.status_code == 503 and ack.is_json
    finally:
        locker.kill()
        locker.wait()
    # The refusals are audited once the lock clears; no lease was left behind.
    assert _wait_for(lambda: [a for a, _r, _x in _rows(app, "outlet")] == ["outlet.off"]), _rows(app, "")
    assert _rows(app, "outlet")[0][1] == "refused"
    assert _wait_for(lambda: any(r == "refused" for _a, r, _x in _rows(app, "alert.ack")))
    with app.app_context():
        assert session().query(OpsAlertAck).count() == 0, "nothing acknowledged"
    assert all(until <= utcnow() for _key, until in _leases(app))


@pytest.mark.sqlite_only  # a SQLite write lock held by another process
def test_a_lock_that_clears_in_time_delays_the_action_and_everything_agrees(tmp_path):
    app, client, token = _app(tmp_path)
    locker = hold_write_lock(tmp_path / "ops.db", seconds=1.5)
    try:
        started = time.monotonic()
        resp = client.post("/ops/api/pdu/pdu-1/outlets/4", json={"state": "off"}, headers={"X-CSRFToken": token})
        waited = time.monotonic() - started
    finally:
        locker.wait()
    assert resp.status_code == 200 and resp.get_json()["result"] == "verified", resp.get_json()
    assert waited >= 1.0, "the action waited for the lock instead of failing"
    assert DemoPdu("pdu-1", {}).get_outlet(4) == "off"
    assert _rows(app, "outlet") == [("outlet.off", "verified", "off")], "outlet state and audit agree"
    leases = _leases(app)
    assert leases and all((until - utcnow()).total_seconds() <= 1.5 for _key, until in leases), \
        "the lease ends with the cooldown, not an hour later"
    ack = client.post("/ops/api/alerts/ack", json={"id": "librenms:101"}, headers={"X-CSRFToken": token})
    assert ack.status_code == 200 and ack.get_json()["writeback"] == "ok"


def test_the_lock_striking_after_the_device_answered_still_completes_the_audit_row(tmp_path, short_busy):
    app, client, token = _app(tmp_path)
    original = DemoPdu.set_outlet

    def set_then_lock(self, number, state):
        original(self, number, state)
        set_then_lock.locker = hold_write_lock(tmp_path / "ops.db", seconds=2)

    DemoPdu.set_outlet = set_then_lock
    try:
        resp = client.post("/ops/api/pdu/pdu-1/outlets/5", json={"state": "off"}, headers={"X-CSRFToken": token})
    finally:
        DemoPdu.set_outlet = original
    assert resp.status_code == 200 and resp.get_json()["after"] == "off", "the operator learns what happened"
    set_then_lock.locker.wait()
    assert _wait_for(lambda: _rows(app, "outlet") == [("outlet.off", "verified", "off")]), _rows(app, "outlet")
    assert _wait_for(lambda: all(until <= utcnow() + timedelta(seconds=1.5) for _key, until in _leases(app)))


def test_sixteen_concurrent_acks_from_two_processes_write_back_once(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from modules.ops_center.services.admin.store import save_instance
    from tests.fakes.librenms_fake import ADMIN_TOKEN, LibrenmsFake

    fake = LibrenmsFake().start()
    try:
        first, second = make_app(tmp_path), make_app(tmp_path)  # two server processes on one database
        with first.app_context():
            save_instance("librenms", "librenms", {"url": fake.url, "token": ADMIN_TOKEN})
            session().commit()
        clients = []
        for app in (first, second):
            for _n in range(2):
                client = app.test_client()
                clients.append((client, login(client)))
        alert = next(a for a in clients[0][0].get("/ops/api/summary").get_json()["alerts"]
                     if a["category"] == "monitoring")
        clients[2][0].get("/ops/api/summary")

        def ack(i):
            client, token = clients[i % len(clients)]
            return client.post("/ops/api/alerts/ack", json={"id": alert["id"], "note": f"n{i}"},
                               headers={"X-CSRFToken": token})

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ack, range(16)))
        assert [a.status_code for a in answers] == [200] * 16, [a.get_json() for a in answers]
        assert sum(1 for a in answers if a.get_json().get("already")) == 15
        puts = [w for w in fake.writes if w["method"] == "PUT" and "unmute" not in w["path"]]
        assert len(puts) == 1, f"one write-back for one acknowledgement, not {len(puts)}"
        assert _wait_for(lambda: len(_rows(first, "alert.ack")) == 16), "every attempt is audited"
    finally:
        fake.stop()
