"""
Operations Command Center - Watcher Process Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The watcher across real processes on one SQLite file: two web
    servers (waitress) each host a candidate, one holds the lease; killing
    the holder's process makes the other take over within one TTL, and the
    history labels the span nobody watched. A web process in child mode runs
    the watcher in a child process, which ends and frees the lease when its
    parent is killed. A separate ``flask ops-center watch`` serves the
    production layout.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from tests.conftest import make_app
from tests.test_multiprocess import free_port, session_for, wait_up

ROOT = Path(__file__).resolve().parent.parent
TTL = 2
FAST = {"OPS_CENTER_TTL_CRITICAL": str(TTL), "OPS_CENTER_TTL_STATUS": str(TTL), "OPS_CENTER_TTL_CONFIG": str(TTL),
        "OPS_CENTER_WATCHER_INTERVAL": "0.2", "OPS_CENTER_WATCHER_LEASE": "1.0"}


def lease(db_path):
    """(note, expires_at) of the watcher lease row, read directly from the file."""
    conn = sqlite3.connect(db_path, timeout=5)
    try:
        row = conn.execute("select cached_data, expires_at from ops_cache where cache_key = 'watcher:lease'").fetchone()
    finally:
        conn.close()
    if row is None:
        return {}, None
    return json.loads(row[0]), datetime.fromisoformat(row[1]).replace(tzinfo=UTC)


def holder_pid(db_path):
    """The pid of the process holding a live lease, or None."""
    note, until = lease(db_path)
    if until is None or until <= datetime.now(UTC) or "holder" not in note:
        return None
    return int(note["holder"].rsplit(" ", 1)[1])


def gone(pid):
    """Whether a process has ended (no longer listed, or a zombie waiting for its new parent)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def wait_until(predicate, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("condition not reached in time")


def start_server(tmp_path, port, mode, log):
    env = dict(os.environ, OPS_CENTER_WATCHER=mode, **FAST)
    return subprocess.Popen([sys.executable, "-m", "tests.serve_app", str(tmp_path / "ops.db"),
                             str(tmp_path / "instance"), str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=log)


@pytest.fixture
def two_servers(tmp_path):
    make_app(tmp_path)
    log = open(tmp_path / "servers.log", "wb")  # noqa: SIM115 - closed below
    procs, urls = [], []
    try:
        for _ in range(2):
            port = free_port()
            procs.append(start_server(tmp_path, port, "thread", log))
            urls.append(f"http://127.0.0.1:{port}")
        for url, proc in zip(urls, procs):
            wait_up(url, proc)
        yield procs, urls, tmp_path / "ops.db"
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)
        log.close()


def test_killing_the_watchers_process_hands_over_within_one_ttl_and_leaves_a_labelled_gap(two_servers):
    procs, urls, db_path = two_servers
    pids = {p.pid: (p, u) for p, u in zip(procs, urls)}
    first = wait_until(lambda: holder_pid(db_path), timeout=15)
    assert first in pids, "a web process's watcher thread holds the lease"
    time.sleep(TTL + 0.5)  # a few samples before the kill
    victim, _url = pids[first]
    survivor_pid = next(pid for pid in pids if pid != first)
    survivor_url = pids[survivor_pid][1]
    killed_at = datetime.now(UTC)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=5)
    wait_until(lambda: holder_pid(db_path) == survivor_pid, timeout=2 * TTL)
    took = (datetime.now(UTC) - killed_at).total_seconds()
    assert took <= TTL, f"takeover after {took:.2f} s, more than one TTL ({TTL} s)"
    time.sleep(2 * TTL + 0.5)  # the new watcher samples again
    client = session_for(survivor_url)
    snap = client.get(survivor_url + "/ops/api/summary", timeout=10).json()
    assert snap["watcher"]["alive"] and snap["watcher"]["holder"] == f"thread pid {survivor_pid}"
    body = client.get(survivor_url + "/ops/api/history?series=wan:WAN1:rx_mbps,pdu:pdu-1:load_amps&range=1h",
                      timeout=10).json()
    for series in body["series"]:
        gaps = [g for g in series["gaps"] if datetime.fromisoformat(g["end"]) > killed_at]
        assert len(gaps) == 1 and gaps[0]["cause"] == "no_data", series["gaps"]
        start, end = (datetime.fromisoformat(gaps[0][k]) for k in ("start", "end"))
        assert start <= killed_at < end and (end - start).total_seconds() <= TTL + 0.5, gaps
        later = [t for t, v in series["points"] if v is not None]
        assert later, "points go on after the takeover"
    conn = sqlite3.connect(db_path)
    after = conn.execute("select count(*) from ops_metrics where series = 'wan:WAN1:rx_mbps' and ts > ?",
                         (killed_at.replace(tzinfo=None).isoformat(sep=" "),)).fetchone()[0]
    conn.close()
    assert after >= 2, "the survivor keeps sampling every TTL"


def test_a_child_watcher_ends_with_its_web_process_and_frees_the_lease(tmp_path):
    make_app(tmp_path)
    port = free_port()
    with open(tmp_path / "server.log", "wb") as log:
        server = start_server(tmp_path, port, "child", log)
        try:
            wait_up(f"http://127.0.0.1:{port}", server)
            child = wait_until(lambda: holder_pid(tmp_path / "ops.db"), timeout=20)
            assert child != server.pid
            with open(f"/proc/{child}/stat") as handle:
                assert int(handle.read().rsplit(")", 1)[1].split()[1]) == server.pid, "started by the web process"
            health = requests.get(f"http://127.0.0.1:{port}/ops/api/health", timeout=10).json()
            assert health["watcher"]["alive"] and health["watcher"]["holder"] == f"child pid {child}"
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=5)
            wait_until(lambda: gone(child), timeout=5)
            assert holder_pid(tmp_path / "ops.db") is None, "released at once, not left to expire"
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()


def test_flask_ops_center_watch_is_the_production_watcher(tmp_path):
    make_app(tmp_path)
    env = dict(os.environ, FLASK_CONFIG="testing", DATABASE_URL=f"sqlite:///{tmp_path / 'ops.db'}",
               OPS_INSTANCE_PATH=str(tmp_path / "instance"), **FAST)
    cmd = [sys.executable, "-m", "flask", "--app", "app", "ops-center", "watch"]
    with open(tmp_path / "watch.log", "wb") as log:
        first = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
        second = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            holder = wait_until(lambda: holder_pid(tmp_path / "ops.db"), timeout=20)
            standby = second if holder == first.pid else first
            (first if holder == first.pid else second).send_signal(signal.SIGTERM)  # a clean stop releases
            wait_until(lambda: holder_pid(tmp_path / "ops.db") == standby.pid, timeout=TTL)
            conn = sqlite3.connect(tmp_path / "ops.db")
            points = conn.execute("select count(*) from ops_metrics where series like 'wan:%'").fetchone()[0]
            conn.close()
            assert points > 0
        finally:
            for proc in (first, second):
                if proc.poll() is None:
                    proc.terminate()
                proc.wait(timeout=10)
    assert "watcher stopped" in (tmp_path / "watch.log").read_text()
