"""
Operations Command Center - Host Security Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The stand-in host's login back-off (per account, per address,
    across processes, no user enumeration by timing, counters that never
    stall on a busy database), revocable sessions (logout, password and role
    change, "log out everywhere", lifetime), security headers on host pages,
    owner-only instance folder and SQLite files, and the request body limit.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import io
import os
import sqlite3
import stat
import statistics
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import TimestampSigner
from werkzeug.test import EnvironBuilder, run_wsgi_app

import config
from app import create_app
from extensions import db
from host import hardening, login_guard
from host.models import User
from modules.ops_center import CSP as MODULE_CSP
from tests.conftest import PASSWORDS, csrf_from, login, make_app


def _post_login(client, username, password, address="127.0.0.1"):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def _signed_in(client):
    return client.get("/").status_code == 200


class _Clock:
    """Moves login_guard's clock without sleeping."""

    def __init__(self, monkeypatch):
        self.offset = timedelta()
        real = login_guard._now
        monkeypatch.setattr(login_guard, "_now", lambda: real() + self.offset)

    def advance(self, seconds):
        self.offset += timedelta(seconds=seconds)


# --- A. login back-off -------------------------------------------------------------------------------

def test_account_locks_after_five_failures_and_refuses_the_right_password(app, monkeypatch):
    clock = _Clock(monkeypatch)
    client = app.test_client()
    for _ in range(4):
        resp = _post_login(client, "op", "wrong-password")
        assert resp.status_code == 200 and "Invalid username or password." in resp.get_data(as_text=True)
    fifth = _post_login(client, "op", "wrong-password")
    assert fifth.status_code == 429
    assert "Too many attempts, try again in 60 s." in fifth.get_data(as_text=True)
    right = _post_login(client, "op", PASSWORDS["op"])
    assert right.status_code == 429 and right.headers["Retry-After"] == "60"
    assert "Too many attempts" in right.get_data(as_text=True)
    assert not _signed_in(client)

    clock.advance(61)
    assert _post_login(client, "op", PASSWORDS["op"]).status_code == 302
    assert _signed_in(client)
    client.post("/logout", data={"csrf_token": csrf_from(client.get("/").get_data(as_text=True))})

    # The next lock of the same account is twice as long.
    for _ in range(4):
        assert _post_login(client, "op", "wrong-password").status_code == 200
    again = _post_login(client, "op", "wrong-password")
    assert again.status_code == 429 and again.headers["Retry-After"] == "120"
    clock.advance(100)
    assert _post_login(client, "op", PASSWORDS["op"]).headers["Retry-After"] == "20"


def test_unknown_names_lock_like_real_ones(app):
    client = app.test_client()
    codes = [_post_login(client, "nobody", "wrong-password").status_code for _ in range(6)]
    assert codes == [200, 200, 200, 200, 429, 429]
    assert _post_login(client, "op", PASSWORDS["op"]).status_code == 302, "another account is not locked"


def test_address_locks_after_its_own_limit_and_other_addresses_still_log_in(tmp_path):
    app = make_app(tmp_path, LOGIN_MAX_FAILURES_PER_ADDRESS=6)
    client = app.test_client()
    codes = [_post_login(client, f"guess{i}", "wrong-password").status_code for i in range(6)]
    assert codes == [200] * 5 + [429]
    assert _post_login(client, "op", PASSWORDS["op"]).status_code == 429, "locked address, right password"
    other = app.test_client()
    assert _post_login(other, "op", PASSWORDS["op"], address="127.0.0.2").status_code == 302


def test_lock_holds_across_server_processes(tmp_path):
    first, second = make_app(tmp_path), make_app(tmp_path)  # two apps on one database
    one, two = first.test_client(), second.test_client()
    for _ in range(3):
        _post_login(one, "op", "wrong-password")
    for _ in range(2):
        _post_login(two, "op", "wrong-password")
    assert _post_login(one, "op", PASSWORDS["op"]).status_code == 429


def test_unknown_user_costs_a_password_hash(app, monkeypatch):
    calls = []
    real = login_guard.check_password_hash
    monkeypatch.setattr(login_guard, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    client = app.test_client()
    _post_login(client, "no-such-user", "wrong-password")
    assert len(calls) == 1, "an unknown name is checked against a dummy hash"
    with app.app_context():
        method = db.session.execute(db.select(User.password_hash).filter_by(username="op")).scalar()
    assert calls[0].split("$")[0] == method.split("$")[0], "same hash method as real users"

    def timed(name):  # each from its own address, so no address lock interferes
        start = time.perf_counter()
        _post_login(client, name, "wrong-password", address=f"127.0.0.{len(samples) + 10}")
        return time.perf_counter() - start

    samples = []
    for i in range(3):
        samples.append(("known", timed("op")))
        samples.append(("unknown", timed(f"ghost{i}")))
    known = statistics.median(t for k, t in samples if k == "known")
    unknown = statistics.median(t for k, t in samples if k == "unknown")
    assert unknown > 0.5 * known, (known, unknown)


@pytest.mark.sqlite_only
def test_counting_a_failure_never_waits_on_a_busy_database(tmp_path):
    app = make_app(tmp_path, LOGIN_COUNTER_WAIT_MS=200)
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    holder = sqlite3.connect(tmp_path / "ops.db", timeout=0, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        start = time.perf_counter()
        resp = client.post("/login", data={"username": "op", "password": "wrong-password", "csrf_token": token})
        elapsed = time.perf_counter() - start
        assert resp.status_code == 200 and "Invalid username or password." in resp.get_data(as_text=True)
        assert elapsed < 3, f"the failed login waited {elapsed:.1f} s for the write lock"
        ok = client.post("/login", data={"username": "op", "password": PASSWORDS["op"], "csrf_token": token})
        assert ok.status_code == 302
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with app.app_context():  # the pooled connection got its normal busy timeout back
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_login_form_keeps_the_user_name_escaped(client):
    html = _post_login(client, "op", "wrong-password").get_data(as_text=True)
    assert 'name="username" autocomplete="username" required value="op"' in html
    html = _post_login(client, '<b>"x', "wrong-password").get_data(as_text=True)
    assert 'value="&lt;b&gt;&#34;x"' in html and '<b>"x' not in html


# --- B. session revocation ---------------------------------------------------------------------------

def _cookie(client):
    return client.get_cookie("session").value


def _client_with(app, cookie):
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other


def test_cookie_copied_before_logout_is_refused_after_it(app):
    client = app.test_client()
    token = login(client)
    copied = _cookie(client)
    assert _client_with(app, copied).get("/ops/api/summary").status_code == 200
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    stale = _client_with(app, copied)
    assert stale.get("/").status_code == 302
    assert stale.get("/ops/api/summary").status_code == 401
    login(client)
    assert _signed_in(client), "logging in again works"


def test_password_and_role_changes_end_sessions(app):
    client = app.test_client()
    login(client)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["user", "set-password", "op", "--password", "new-pass-456"])
    assert result.exit_code == 0, result.output
    assert not _signed_in(client)
    assert _post_login(client, "op", "new-pass-456").status_code == 302 and _signed_in(client)
    assert runner.invoke(args=["user", "set-role", "op", "viewer"]).exit_code == 0
    assert not _signed_in(client)
    with app.app_context():
        assert db.session.execute(db.select(User.session_version).filter_by(username="op")).scalar() == 2


def test_log_out_everywhere_ends_every_session(app):
    desk, phone = app.test_client(), app.test_client()
    login(desk)
    login(phone)
    home = desk.get("/").get_data(as_text=True)
    assert 'action="/logout-everywhere"' in home
    assert desk.post("/logout-everywhere").status_code == 400, "CSRF token required"
    assert _signed_in(phone)
    resp = desk.post("/logout-everywhere", data={"csrf_token": csrf_from(home)}, follow_redirects=True)
    assert "Every session of op has ended" in resp.get_data(as_text=True)
    assert not _signed_in(desk) and not _signed_in(phone)


def test_session_from_before_versions_is_refused(app):
    client = app.test_client()
    login(client)
    with client.session_transaction() as sess:
        assert sess["_user_id"].endswith(":0")
        sess["_user_id"] = sess["_user_id"].split(":")[0]  # what the old code stored
    assert not _signed_in(client)


def test_session_lifetime_defaults_to_twelve_hours_and_expires_cookies(app, monkeypatch):
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)
    monkeypatch.setenv("SESSION_LIFETIME_HOURS", "2.5")
    assert config.session_lifetime() == timedelta(hours=2, minutes=30)
    client = app.test_client()
    login(client)
    left = client.get_cookie("session").expires - datetime.now(UTC)
    assert timedelta(hours=11, minutes=59) < left <= timedelta(hours=12), left
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: real(self) + 13 * 3600)
    assert not _signed_in(client), "a cookie 13 h old is refused"


# --- C. headers and file modes -----------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/login", "/", "/static/host.css"])
def test_host_pages_carry_security_headers(op_client, path):
    resp = op_client.get(path)
    assert resp.status_code == 200
    assert resp.headers["Content-Security-Policy"] == hardening.HOST_CSP
    assert "frame-ancestors 'none'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"
    resp.close()  # a static file response holds the file open until closed


def test_module_pages_keep_their_own_policy(op_client):
    resp = op_client.get("/ops/")
    assert resp.status_code == 200
    assert resp.headers["Content-Security-Policy"] == MODULE_CSP


def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.sqlite_only
def test_instance_folder_and_database_files_are_owner_only(app, tmp_path):
    with app.app_context():
        with db.engine.connect() as conn:  # WAL and shared memory exist while a connection is open
            conn.exec_driver_sql("SELECT count(*) FROM users").scalar()
            assert _mode(tmp_path / "instance") == 0o700
            assert _mode(tmp_path / "ops.db") == 0o600
            assert _mode(tmp_path / "ops.db-wal") == 0o600
            assert _mode(tmp_path / "ops.db-shm") == 0o600


def test_default_database_in_the_instance_folder_is_created_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": ""},
                     instance_path=str(tmp_path / "inst"))
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("lifeplanner.db")
    assert _mode(tmp_path / "inst") == 0o700
    assert _mode(tmp_path / "inst" / "lifeplanner.db") == 0o600


@pytest.mark.sqlite_only
def test_an_older_install_is_tightened_on_start(tmp_path):
    folder = tmp_path / "instance"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    for name in ("ops.db", "ops.db-wal", "ops.db-shm"):
        (tmp_path / name).write_bytes(b"")
        os.chmod(tmp_path / name, 0o644)
    make_app(tmp_path)
    assert _mode(folder) == 0o700
    assert [_mode(tmp_path / n) for n in ("ops.db", "ops.db-wal", "ops.db-shm")] == [0o600] * 3


# --- D. request body limit ---------------------------------------------------------------------------

class _EndlessBody:
    """A request body that is generated as it is read, counting the bytes."""

    def __init__(self, total):
        self.total = total
        self.read_bytes = 0

    def read(self, size=-1):
        size = self.total - self.read_bytes if size is None or size < 0 else size
        size = min(size, self.total - self.read_bytes)
        self.read_bytes += size
        return b"a" * size

    def readline(self, size=-1):
        return self.read(size if size and size > 0 else 65536)


def _send(app, path, ctype, body, content_length=None):
    headers = {"Content-Type": ctype}
    if content_length is None:
        headers["Transfer-Encoding"] = "chunked"
    else:
        headers["Content-Length"] = str(content_length)
    env = EnvironBuilder(path=path, method="POST", headers=headers).get_environ()
    env.pop("CONTENT_LENGTH", None)
    if content_length is not None:
        env["CONTENT_LENGTH"] = str(content_length)
    else:
        env["wsgi.input_terminated"] = True  # what Werkzeug's server and others set for chunked bodies
    env["wsgi.input"] = body
    tracemalloc.start()
    try:
        _body, status, _headers = run_wsgi_app(app, env, buffered=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return int(status.split()[0]), peak


@pytest.mark.parametrize("path,ctype", [
    ("/login", "application/x-www-form-urlencoded"),
    ("/logout", "application/x-www-form-urlencoded"),
    ("/ops/api/alerts/ack", "application/json"),
])
def test_a_500_mb_chunked_body_is_refused_with_413_reading_at_most_the_limit(app, path, ctype):
    assert app.config["MAX_CONTENT_LENGTH"] == 1024 * 1024
    body = _EndlessBody(500 * 1024 * 1024)
    status, peak = _send(app, path, ctype, body)
    assert status == 413
    assert body.read_bytes <= 1024 * 1024 + 64 * 1024
    assert peak < 16 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_a_large_content_length_is_refused_before_reading(app):
    body = _EndlessBody(500 * 1024 * 1024)
    status, _peak = _send(app, "/login", "application/x-www-form-urlencoded", body, content_length=body.total)
    assert status == 413 and body.read_bytes == 0


def test_a_small_chunked_form_still_logs_in(app):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    form = f"username=op&password={PASSWORDS['op']}&csrf_token={token}".encode()
    env = EnvironBuilder(path="/login", method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded", "Transfer-Encoding": "chunked",
        "Cookie": f"session={_cookie(client)}"}).get_environ()
    env.pop("CONTENT_LENGTH", None)
    env.update({"wsgi.input": io.BytesIO(form), "wsgi.input_terminated": True})
    _body, status, headers = run_wsgi_app(app, env, buffered=True)
    assert status.startswith("302"), status
    assert headers["Location"] == "/"
