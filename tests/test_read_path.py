"""
Operations Command Center - Read Path Tests

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: Reads never write (issue 12): with a real second process holding
    SQLite's write lock, the summary and the unauthenticated health check
    answer from the cache at once; a cache row whose expiry cannot be read is
    discarded like invalid JSON instead of a 500 on every page; and the demo
    PDU's outlets are one state for every process, so a CLI poll in another
    process never switches a demo outlet back on.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): Either backend: the CLI process gets the test's database URL
- 1.2.0 (2026-12-02): The snapshot memo's single flight, and a clear outranking a running merge
"""

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from modules.ops_center.models.base import session, utcnow
from modules.ops_center.models.cache import OpsCache
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from modules.ops_center.services.polling.memo import SnapshotMemo
from tests import fake_integrations as fakes
from tests.conftest import database_url, login, make_app

pytestmark = pytest.mark.usefixtures("test_types")

ROOT = Path(__file__).resolve().parent.parent
LOCKER = ("import sqlite3, sys, time\n"
          "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
          "conn.execute('BEGIN IMMEDIATE')\n"
          "print('locked', flush=True)\n"
          "time.sleep(float(sys.argv[2]))\n")


def hold_write_lock(db_path, seconds=20):
    """A second process that holds SQLite's write lock (BEGIN IMMEDIATE) until killed."""
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(db_path), str(seconds)], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"locked"
    proc.stdout.close()
    return proc


def settle(app):
    """Wait for every fetch and background job of the app's aggregator."""
    agg = get_aggregator(app)
    with app.app_context():
        for name in ("opnsense", "librenms", "hostmon", "firewalla", "pdu-1", "mikrotik", "zyxel-1", "zyxel-2",
                     "edge"):
            agg.idle(name, 5)
    time.sleep(0.2)


def timed_get(client, url):
    started = time.monotonic()
    resp = client.get(url)
    return resp, time.monotonic() - started


def test_summary_and_health_answer_from_cache_while_another_process_holds_the_write_lock(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_SNAPSHOT_MEMO=0)
    client = app.test_client()
    login(client)  # a login writes: done before the lock
    assert client.get("/ops/api/summary").status_code == 200
    settle(app)
    with app.app_context():  # every row due: the old read path claimed and counted hits in the request
        session().execute(update(OpsCache).values(expires_at=utcnow() - timedelta(seconds=1)))
        session().commit()
    locker = hold_write_lock(tmp_path / "ops.db")
    try:
        for url in ("/ops/api/summary", "/ops/api/health", "/ops/api/alerts", "/ops/api/summary"):
            resp, took = timed_get(client, url)
            assert resp.status_code == 200, (url, resp.get_data(as_text=True)[:300])
            assert took < 2.0, f"{url} took {took:.1f} s while another process held the write lock"
        snap = client.get("/ops/api/summary").get_json()
        assert len(snap["sources"]) == 8 and all(s["ok"] for s in snap["sources"]), "served from the cache"
        health = client.get("/ops/api/health").get_json()
        assert health["sources_ok"] == 8 and health["sources_failed"] == 0
    finally:
        locker.kill()
        locker.wait()
    settle(app)  # the background refreshes go on once the lock is gone


@pytest.mark.sqlite_only  # PostgreSQL's typed column refuses the garbage in the first place
def test_a_cache_row_with_an_unreadable_expiry_is_discarded_not_a_500(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        save_instance("test_critical", "edge", {})
        session().commit()
    client = app.test_client()
    token = login(client)
    assert client.get("/ops/api/summary").status_code == 200
    settle(app)
    conn = sqlite3.connect(tmp_path / "ops.db")
    conn.execute("update ops_cache set expires_at = 'garbage' where cache_key = 'ops:edge'")
    conn.commit()
    other = make_app(tmp_path).test_client()  # another process on the same database
    login(other)
    for c in (client, other):
        for url in ("/ops/api/summary?refresh=0", "/ops/api/alerts", "/ops/api/systems", "/ops/api/health"):
            resp = c.get(url)
            assert resp.status_code == 200, (url, resp.get_data(as_text=True)[:300])
    resp = client.post("/ops/api/alerts/ack", json={"id": "edge:1", "note": "seen"}, headers={"X-CSRFToken": token})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    settle(app)
    expiry = conn.execute("select expires_at from ops_cache where cache_key = 'ops:edge'").fetchone()[0]
    conn.close()
    assert expiry != "garbage" and expiry.startswith("20"), "the row was refetched and overwritten"
    assert fakes.CALLS["edge"] >= 2


def test_a_cli_poll_in_another_process_keeps_a_switched_demo_outlet_off(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_READBACK_SECONDS=1.0, OPS_CENTER_READBACK_INTERVAL=0.1,
                   OPS_CENTER_SNAPSHOT_MEMO=0)
    client = app.test_client()
    token = login(client)
    assert client.get("/ops/api/summary").status_code == 200
    resp = client.post("/ops/api/pdu/pdu-1/outlets/4", json={"state": "off"}, headers={"X-CSRFToken": token})
    assert resp.get_json()["result"] == "verified"
    env = dict(os.environ, FLASK_CONFIG="testing", DATABASE_URL=database_url(tmp_path),
               OPS_INSTANCE_PATH=str(tmp_path / "instance"))
    out = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "ops-center", "poll", "--json"], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    polled = json.loads(out.stdout)
    outlets = {o["number"]: o["state"] for o in polled["pdus"][0]["outlets"]}
    assert outlets[4] == "off", ("the CLI process sees the outlet the web process switched", out.stderr[-2000:])
    snap = client.get("/ops/api/summary").get_json()
    assert {o["number"]: o["state"] for o in snap["pdus"][0]["outlets"]}[4] == "off"


def test_the_snapshot_memo_rebuilds_once_and_serves_the_previous_entry_meanwhile():
    memo = SnapshotMemo()
    calls, release = [], threading.Event()

    def build():
        calls.append(1)
        release.wait(5)
        return {"n": len(calls)}

    memo.put({"n": 0})
    with ThreadPoolExecutor(8) as pool:
        first = pool.submit(memo.get_or_build, 0.0, build)
        while not calls:  # the first request is merging
            time.sleep(0.01)
        others = [pool.submit(memo.get_or_build, 0.0, build) for _ in range(7)]
        results = [job.result(timeout=1) for job in others]  # answered while the merge still runs
        assert len(calls) == 1 and all(snap == {"n": 0} for snap, _text in results)
        release.set()
        assert first.result(timeout=5)[0] == {"n": 1}
    assert memo.get(10)[0] == {"n": 1}


def test_a_clear_during_a_merge_is_not_undone_by_it():
    memo = SnapshotMemo()
    inside, release = threading.Event(), threading.Event()

    def build():
        inside.set()
        release.wait(5)
        return {"before": "the action"}

    with ThreadPoolExecutor(1) as pool:
        job = pool.submit(memo.get_or_build, 1.0, build)
        assert inside.wait(5)
        memo.clear()  # an outlet was switched while the merge read the old state
        release.set()
        assert job.result(timeout=5)[0] == {"before": "the action"}  # that request gets what it merged
    assert memo.get(1.0) is None, "the next request merges again and sees the action's result"
