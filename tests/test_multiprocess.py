"""
Operations Command Center - Multi-process Tests

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: Two real server processes (waitress) share one SQLite database
    under concurrent polling and control actions: no "database is locked"
    reaches a user, no audit or acknowledgement row is lost, and a corrupt
    cache row is discarded and refetched.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-02): Either backend: servers get the database URL, rows are read through SQLAlchemy
"""

import re
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.conftest import BACKEND, PASSWORDS, database_url, make_app, query

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url, proc):
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        try:
            requests.get(url + "/login", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def session_for(url):
    s = requests.Session()
    s.trust_env = False
    html = s.get(url + "/login", timeout=5).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    s.post(url + "/login", data={"username": "op", "password": PASSWORDS["op"], "csrf_token": token}, timeout=5)
    page = s.get(url + "/ops/", timeout=5).text
    s.headers["X-CSRFToken"] = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    return s


@pytest.fixture
def servers(tmp_path):
    make_app(tmp_path)  # migrate and create users once
    procs, urls = [], []
    for _ in range(2):
        port = free_port()
        proc = subprocess.Popen([sys.executable, "-m", "tests.serve_app", database_url(tmp_path),
                                 str(tmp_path / "instance"), str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        procs.append(proc)
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, proc in zip(urls, procs):
            wait_up(url, proc)
        yield urls, tmp_path
    finally:
        for proc in procs:
            proc.terminate()
            proc.wait(timeout=10)
            proc.stderr.close()


def test_two_processes_share_one_database(servers):
    urls, db_path = servers
    sessions = [session_for(u) for u in urls]
    first = sessions[0].get(urls[0] + "/ops/api/summary", timeout=10).json()
    alert_ids = [a["id"] for a in first["alerts"]][:8]
    statuses, errors = [], []

    def poll(i):
        s, url = sessions[i % 2], urls[i % 2]
        resp = s.get(url + "/ops/api/summary" + ("?refresh=1" if i % 7 == 0 else ""), timeout=20)
        statuses.append(resp.status_code)
        if resp.status_code >= 500 or "database is locked" in resp.text:
            errors.append(resp.text[:300])

    def ack(i):
        s, url = sessions[i % 2], urls[i % 2]
        resp = s.post(url + "/ops/api/alerts/ack", json={"id": alert_ids[i], "note": f"note {i}"}, timeout=20)
        statuses.append(resp.status_code)
        if resp.status_code != 200:
            errors.append(resp.text[:300])

    def outlet(i):
        s, url = sessions[i % 2], urls[i % 2]
        resp = s.post(url + f"/ops/api/pdu/pdu-1/outlets/{4 + i}", json={"state": "off"}, timeout=20)
        statuses.append(resp.status_code)
        if resp.status_code >= 500 and resp.status_code != 502:
            errors.append(resp.text[:300])

    with ThreadPoolExecutor(max_workers=12) as pool:
        jobs = [pool.submit(poll, i) for i in range(60)]
        jobs += [pool.submit(ack, i) for i in range(len(alert_ids))]
        jobs += [pool.submit(outlet, i) for i in range(4)]
        for job in jobs:
            job.result()
    assert not errors, errors
    assert all(code < 500 for code in statuses)
    acks = query(db_path, "select count(*) from ops_alert_acks")[0][0]
    audit = query(db_path, "select action, result from ops_audit_log")
    assert acks == len(alert_ids), "no acknowledgement lost"
    assert sorted(a for a, _r in audit).count("alert.ack") == len(alert_ids)
    assert sorted(a for a, _r in audit).count("outlet.off") == 4, "no audit row lost"
    if BACKEND != "sqlite":
        return  # PostgreSQL's json column refuses the corrupt row below; its journal has no mode
    conn = sqlite3.connect(db_path / "ops.db")
    assert conn.execute("pragma journal_mode").fetchone()[0] == "wal"
    # A corrupt cache row is discarded and refetched by whichever process reads it next.
    conn.execute("update ops_cache set cached_data = '{\"broken\": ' where cache_key = 'ops:firewalla'")
    conn.commit()
    snap = sessions[1].get(urls[1] + "/ops/api/summary", timeout=10).json()
    fw = next(s for s in snap["sources"] if s["name"] == "firewalla")
    assert fw["ok"] and fw["error"] is None
    conn.close()
