"""
Operations Command Center - Plugging Into a Foreign Host

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The module in a host that is not the stand-in: ``tests/minimal_host``
    (own user model without roles, no module config, no instance folder) is
    copied with a copy of ``modules/ops_center`` into a temporary folder and
    plugged in exactly as the README's "Plugging the module" steps say, both
    without Alembic (``create_tables``) and with the host's own Alembic history
    (copy the module's revisions, point the first at the host's head). Each
    host runs in its own process, as it would in production.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from modules import ops_center
from tests.live_server import chromium_path, launch_browser

ROOT = Path(__file__).resolve().parent.parent
HOST_REVISIONS = {"0001_host_users.py", "0004_host_security.py"}  # the stand-in host's own branch
MODULE_REVISIONS = tuple(sorted(p.name for p in (ROOT / "migrations" / "versions").glob("0*.py")
                                if p.name not in HOST_REVISIONS))
OPS_TABLES = {"ops_credentials", "ops_cache", "ops_audit_log", "ops_alert_acks", "ops_metrics"}
EMAIL, PASSWORD = "ann@example.org", "ann-pass-123"
ENV_PY_METADATA = '''def get_metadata():
    from modules.ops_center.models import OpsBase
    host = target_db.metadatas[None] if hasattr(target_db, 'metadatas') else target_db.metadata
    return [host, OpsBase.metadata]
'''


def _host_folder(tmp_path):
    """README step 1: the host's tree with ``modules/ops_center`` copied in."""
    home = tmp_path / "lifeplanner"
    (home / "modules").mkdir(parents=True)
    (home / "modules" / "__init__.py").write_text('"""Host modules."""\n')
    shutil.copytree(ROOT / "modules" / "ops_center", home / "modules" / "ops_center",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "tests" / "minimal_host" / "lifeplanner.py", home / "lifeplanner.py")
    return home


def _env(home, **extra):
    """The host process environment: none of the module's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPS_CENTER_", "LIBRENMS_", "FLASK_"))}
    env.update({"FLASK_APP": "lifeplanner", "PYTHONPATH": str(home), "PYTHONDONTWRITEBYTECODE": "1"}, **extra)
    return env


def _flask(home, *args, **extra):
    """Run ``flask ARGS`` in the host folder and return its output."""
    out = subprocess.run([sys.executable, "-m", "flask", *args], cwd=home, env=_env(home, **extra),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout + out.stderr


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class HostProcess:
    """The foreign host served by waitress in its own process."""

    def __init__(self, home, **extra):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = home / "host.log"
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, "lifeplanner.py", str(self.port), EMAIL, PASSWORD],
                                         cwd=home, env=_env(home, **extra), stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail("host died: " + self.log.read_text())
            try:
                requests.get(self.url + "/signin", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        pytest.fail("host did not start")

    def session(self):
        """A logged-in requests session and its CSRF token."""
        http = requests.Session()
        page = http.get(self.url + "/signin", timeout=5).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        resp = http.post(self.url + "/signin", data={"email": EMAIL, "secret": PASSWORD, "csrf_token": token},
                         timeout=5)
        assert resp.status_code == 200 and resp.url.endswith("/ops/"), resp.status_code
        return http, token

    def stop(self):
        """Stop the process."""
        self.proc.terminate()
        self.proc.wait(10)


def _outlet(host, http, token, pdu, number=4):
    return http.post(f"{host.url}/ops/api/pdu/{pdu}/outlets/{number}", json={"state": "off"},
                     headers={"X-CSRFToken": token}, timeout=30)


def test_create_all_host_runs_the_module_and_fails_closed(tmp_path):
    home = _host_folder(tmp_path)
    assert not (home / "instance").exists()
    host = HostProcess(home, LP_TABLES="create_all")
    try:
        instance = home / "instance"
        assert stat.S_IMODE(instance.stat().st_mode) == 0o700
        assert stat.S_IMODE((instance / "ops_center.key").stat().st_mode) == 0o600
        with sqlite3.connect(home / "lp.db") as conn:
            tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        assert OPS_TABLES | {"members"} <= tables
        http, token = host.session()
        page = http.get(host.url + "/ops/", timeout=5)
        assert page.status_code == 200 and "OPERATIONS COMMAND CENTER" in page.text
        summary = http.get(host.url + "/ops/api/summary", timeout=30)
        assert summary.status_code == 200, summary.text
        snap = summary.json()
        assert snap["demo"] is True and len(snap["wan"]) == 2 and snap["pdus"] and snap["switches"]
        pdu = snap["pdus"][0]["source"]
        refused = _outlet(host, http, token, pdu)
        assert refused.status_code == 403, refused.text
        assert "read-only" in refused.json()["error"]["message"]
        _browser_fills_every_section(host)
    finally:
        host.stop()
    # The host grants control its own way (README step 5); the same member may now act.
    host = HostProcess(home, LP_TABLES="create_all", LP_ADMINS=EMAIL)
    try:
        http, token = host.session()
        pdu = http.get(host.url + "/ops/api/summary", timeout=30).json()["pdus"][0]["source"]
        done = _outlet(host, http, token, pdu)
        assert done.status_code == 200, done.text
        assert done.json()["result"] == "verified" and done.json()["after"] == "off"
    finally:
        host.stop()


def _browser_fills_every_section(host):
    """A page load in Chromium fills every panel of the dashboard."""
    chromium_path()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = launch_browser(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(host.url + "/signin?next=/ops/")
            page.fill("input[name=email]", EMAIL)
            page.fill("input[name=secret]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_selector("body[data-loaded='1']", timeout=15000)
            assert page.locator(".wan-panel").count() == 2
            for col in ("ips", "security", "monitoring", "syslog", "hostmon"):
                assert page.locator(f"#col-{col} .items li").count() >= 1, col
            assert page.locator(".outlet").count() == 10
            assert page.locator(".switch-row, .switch").count() >= 3
            assert page.locator("#add-system").count() == 0
            assert errors == []
        finally:
            browser.close()


def test_alembic_host_takes_the_module_revisions(tmp_path):
    home = _host_folder(tmp_path)
    _flask(home, "db", "init")
    _flask(home, "db", "migrate", "-m", "members")
    head = re.search(r"^(\w+) \(head\)", _flask(home, "db", "heads"), re.M).group(1)
    versions = home / "migrations" / "versions"
    # README step 4a: copy the module's revisions, point the first at the host's head.
    for name in MODULE_REVISIONS:
        shutil.copy(ROOT / "migrations" / "versions" / name, versions / name)
    first = versions / MODULE_REVISIONS[0]
    first.write_text(re.sub(r'^down_revision = .*$', f'down_revision = "{head}"', first.read_text(), flags=re.M))
    env_py = home / "migrations" / "env.py"
    text = env_py.read_text()
    start = text.index("def get_metadata():")
    end = text.index("\n\n", start)
    env_py.write_text(text[:start] + ENV_PY_METADATA.rstrip("\n") + text[end:])
    _flask(home, "db", "upgrade")
    with sqlite3.connect(home / "lp.db") as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    assert OPS_TABLES | {"members"} <= tables
    assert f"{MODULE_REVISIONS[-1][:-3]} (head)" in _flask(home, "db", "current")
    # With OpsBase in the metadata, the host's own autogenerate leaves the module's tables alone.
    assert "No changes in schema detected" in _flask(home, "db", "migrate", "-m", "nothing")
    host = HostProcess(home)
    try:
        http, _token = host.session()
        assert http.get(host.url + "/ops/api/summary", timeout=30).json()["demo"] is True
    finally:
        host.stop()


def _bare_app(tmp_path, login=True, csrf=True, database=True):
    app = Flask("bare", instance_path=str(tmp_path / "no-such-instance"))
    app.config.update(SECRET_KEY="k", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'bare.db'}")
    if database:
        SQLAlchemy().init_app(app)
    if login:
        LoginManager().init_app(app)
    if csrf:
        CSRFProtect(app)
    return app


def test_init_app_names_each_missing_host_piece(tmp_path):
    app = _bare_app(tmp_path, login=False, csrf=False, database=False)
    with pytest.raises(ops_center.HostSetupError) as err:
        ops_center.init_app(app)
    lines = str(err.value).splitlines()
    assert len(lines) == 3
    assert "Flask-SQLAlchemy" in lines[0] and "Flask-Login" in lines[1] and "CSRFProtect" in lines[2]


def test_init_app_sets_defaults_and_keeps_the_hosts_own(tmp_path):
    app = _bare_app(tmp_path)
    app.config["OPS_CENTER_TTL_STATUS"] = 7
    ops_center.init_app(app)
    assert app.config["OPS_CENTER_TTL_STATUS"] == 7
    assert app.config["OPS_CENTER_FETCH_TIMEOUT"] == 10.0 and app.config["OPS_CENTER_TTL_CRITICAL"] == 30
    assert app.config["OPS_CENTER_CAN_CONTROL"] is None
    assert stat.S_IMODE(os.stat(app.instance_path).st_mode) == 0o700


class _User:
    is_authenticated = True

    def __init__(self, **attrs):
        self.__dict__.update(attrs)


@pytest.mark.parametrize("attrs,decide,expected", [
    ({}, None, False),                                   # no answer from the host: viewer
    ({"can_control": True}, None, True),
    ({"can_control": False}, None, False),
    ({"can_control": lambda: True}, None, True),         # a method, not a property
    ({}, lambda user: True, True),                       # the host's callable decides
    ({"can_control": True}, lambda user: False, False),  # ... and wins over the attribute
])
def test_roles_fail_closed(tmp_path, attrs, decide, expected):
    from modules.ops_center.routes.common import can_control

    app = _bare_app(tmp_path)
    if decide is not None:
        app.config["OPS_CENTER_CAN_CONTROL"] = decide
    ops_center.init_app(app)
    with app.app_context():
        assert can_control(_User(**attrs)) is expected
