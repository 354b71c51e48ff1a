"""
Operations Command Center - Watcher Process Tests

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: The watcher across real processes on one SQLite file: two web
    servers (waitress) each host a candidate, one holds the lease; killing
    the holder's process makes the other take over within one TTL, and the
    history labels the span nobody watched. A web process in child mode runs
    the watcher in a child process, which ends and frees the lease when its
    parent is killed. A separate ``flask ops-center watch`` serves the
    production layout. Several ``flask ops-center watch`` processes split
    the instances between them, and a killed one's share is polled by the
    others within one TTL. Runs on SQLite and on PostgreSQL alike.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): Either backend (rows read through SQLAlchemy); watchers splitting the instances
- 1.2.0 (2026-12-02): The split is read once it settled (a joining watcher takes its share a cycle later)
"""

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.conftest import database_url, make_app, query
from tests.test_multiprocess import free_port, session_for, wait_up

ROOT = Path(__file__).resolve().parent.parent
TTL = 2
FAST = {"OPS_CENTER_TTL_CRITICAL": str(TTL), "OPS_CENTER_TTL_STATUS": str(TTL), "OPS_CENTER_TTL_CONFIG": str(TTL),
        "OPS_CENTER_WATCHER_INTERVAL": "0.2", "OPS_CENTER_WATCHER_LEASE": "1.0"}


def _json(value):
    """A JSON column as a dict (SQLite hands back text, PostgreSQL a decoded value)."""
    return json.loads(value) if isinstance(value, str) else (value or {})


def _time(value):
    """A timestamp column as an aware UTC datetime (SQLite hands back text)."""
    value = datetime.fromisoformat(value) if isinstance(value, str) else value
    return value.replace(tzinfo=UTC)


def lease(tmp_path):
    """(note, expires_at) of the watcher lease row, read from outside the servers."""
    rows = query(tmp_path, "select cached_data, expires_at from ops_cache where cache_key = 'watcher:lease'")
    if not rows:
        return {}, None
    return _json(rows[0][0]), _time(rows[0][1])


def holder_pid(tmp_path):
    """The pid of the process holding a live lease, or None."""
    note, until = lease(tmp_path)
    if until is None or until <= datetime.now(UTC) or "holder" not in note:
        return None
    return int(note["holder"].rsplit(" ", 1)[1])


def shares(tmp_path):
    """{pid: sorted instance names} of the live claims, through each member row's holder note."""
    now = datetime.now(UTC)
    members = query(tmp_path, "select integration_name, cached_data, expires_at from ops_cache "
                              "where cache_key like 'watcher:member:%'")
    pids = {token: int(_json(note)["holder"].rsplit(" ", 1)[1]) for token, note, until in members
            if _time(until) > now}
    out = {}
    for key, token, until in query(tmp_path, "select cache_key, integration_name, expires_at from ops_cache "
                                             "where cache_key like 'watch:%'"):
        if _time(until) > now and token in pids:
            out.setdefault(pids[token], []).append(key[len("watch:"):])
    return {pid: sorted(names) for pid, names in out.items()}


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


WATCH = [sys.executable, "-m", "flask", "--app", "app", "ops-center", "watch"]


def watch_env(tmp_path):
    """The environment of a ``flask ops-center watch`` process on the test's database."""
    return dict(os.environ, FLASK_CONFIG="testing", DATABASE_URL=database_url(tmp_path),
                OPS_INSTANCE_PATH=str(tmp_path / "instance"), **FAST)


def start_server(tmp_path, port, mode, log):
    env = dict(os.environ, OPS_CENTER_WATCHER=mode, **FAST)
    return subprocess.Popen([sys.executable, "-m", "tests.serve_app", database_url(tmp_path),
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
        yield procs, urls, tmp_path
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
    after = query(db_path, "select count(*) from ops_metrics where series = 'wan:WAN1:rx_mbps' and ts > :t",
                  t=killed_at.replace(tzinfo=None))[0][0]
    assert after >= 2, "the survivor keeps sampling every TTL"


def test_a_child_watcher_ends_with_its_web_process_and_frees_the_lease(tmp_path):
    make_app(tmp_path)
    port = free_port()
    with open(tmp_path / "server.log", "wb") as log:
        server = start_server(tmp_path, port, "child", log)
        try:
            wait_up(f"http://127.0.0.1:{port}", server)
            child = wait_until(lambda: holder_pid(tmp_path), timeout=20)
            assert child != server.pid
            with open(f"/proc/{child}/stat") as handle:
                assert int(handle.read().rsplit(")", 1)[1].split()[1]) == server.pid, "started by the web process"
            # The health answer may come from the snapshot memo of a moment before the child's first cycle.
            health = wait_until(lambda: (lambda h: h if h["watcher"]["alive"] else None)(
                requests.get(f"http://127.0.0.1:{port}/ops/api/health", timeout=10).json()), timeout=5)
            assert health["watcher"]["holder"] == f"child pid {child}"
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=5)
            wait_until(lambda: gone(child), timeout=5)
            assert holder_pid(tmp_path) is None, "released at once, not left to expire"
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()


def test_flask_ops_center_watch_is_the_production_watcher(tmp_path):
    make_app(tmp_path)
    env = watch_env(tmp_path)
    with open(tmp_path / "watch.log", "wb") as log:
        first = subprocess.Popen(WATCH, cwd=ROOT, env=env, stdout=log, stderr=log)
        second = subprocess.Popen(WATCH, cwd=ROOT, env=env, stdout=log, stderr=log)
        try:
            holder = wait_until(lambda: holder_pid(tmp_path), timeout=20)
            standby = second if holder == first.pid else first
            (first if holder == first.pid else second).send_signal(signal.SIGTERM)  # a clean stop releases
            wait_until(lambda: holder_pid(tmp_path) == standby.pid, timeout=TTL)
            points = query(tmp_path, "select count(*) from ops_metrics where series like 'wan:%'")[0][0]
            assert points > 0
        finally:
            for proc in (first, second):
                if proc.poll() is None:
                    proc.terminate()
                proc.wait(timeout=10)
    assert "watcher stopped" in (tmp_path / "watch.log").read_text()


def test_two_watcher_processes_split_the_instances_and_one_takes_all_when_the_other_is_killed(tmp_path):
    make_app(tmp_path)
    with open(tmp_path / "watch.log", "wb") as log:
        procs = [subprocess.Popen(WATCH, cwd=ROOT, env=watch_env(tmp_path), stdout=log, stderr=log) for _ in range(2)]
        try:
            def settled():  # a joining watcher takes its share a cycle or two after the first gave it back
                now = shares(tmp_path)
                sizes = sorted(len(v) for v in now.values())
                return now if len(now) == 2 and sizes[0] and sizes[1] - sizes[0] <= 1 else None
            split = wait_until(settled, timeout=20)
            names = sorted(sum(split.values(), []))
            assert len(names) == len(set(names)) >= 6, split
            assert set(split) == {p.pid for p in procs}, f"an even split between the two: {split}"
            victim, survivor = procs
            killed_at = datetime.now(UTC)
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=5)
            wait_until(lambda: shares(tmp_path).get(survivor.pid) == names, timeout=2 * TTL)
            took = (datetime.now(UTC) - killed_at).total_seconds()
            assert took <= TTL, f"the survivor took every instance after {took:.2f} s, more than one TTL ({TTL} s)"

            after = (killed_at + timedelta(seconds=1)).replace(microsecond=0)  # fetched_at has whole seconds

            def refreshed_since_kill():
                rows = query(tmp_path, "select cache_key, cached_data from ops_cache where cache_key like 'ops:%'")
                fetched = {k[len("ops:"):]: _json(v).get("fetched_at") for k, v in rows}
                return all(fetched.get(n) and datetime.fromisoformat(fetched[n]) >= after for n in split[victim.pid])
            wait_until(refreshed_since_kill, timeout=2 * TTL + 2)
            took = (datetime.now(UTC) - killed_at).total_seconds()
            assert took <= TTL + 2, f"the dead watcher's share was polled again {took:.2f} s after the kill"
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.terminate()
                proc.wait(timeout=10)
