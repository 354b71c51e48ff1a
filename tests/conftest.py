"""
Operations Command Center - Test Fixtures

Version: 1.2.0
Last Modified: 2026-12-01
Author: Billas
Description: App, client and login fixtures. Each test gets its own
    instance folder and SQLite file, created by the real Alembic migrations.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Upgrade to every head (the host's 0004 branch beside the module's chain)
- 1.2.0 (2026-12-01): No watcher in a test app unless the test asks for one
"""

import os
import re
import shutil
import tempfile

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from app import create_app
from config import TestingConfig
from extensions import db
from host.models import User
from modules.ops_center.integrations.demo import reset_demo
from modules.ops_center.integrations.kit import netpolicy
from tests import fake_integrations

PASSWORDS = {"op": "op-pass-123", "viewer": "viewer-pass-123"}
# Integrations built without an app (parser and wire tests) reach the loopback fakes too.
netpolicy.configure(TestingConfig.OPS_CENTER_ALLOWED_NETWORKS, "", TestingConfig.OPS_CENTER_FILE_ROOTS)
_APPS = []
_TEMPLATE = {}


def _template_db():
    """A migrated database with the two test users, built once per test process.

    Each test copies it instead of running every migration and hashing two passwords again (the
    suite's largest fixed cost). Tests that restart an app on an existing database still migrate it.

    Returns:
        str: The template file's path.
    """
    if "path" not in _TEMPLATE:
        folder = tempfile.mkdtemp(prefix="ops-template-")
        path = os.path.join(folder, "template.db")
        app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                                               "OPS_CENTER_WATCHER": "off"}, instance_path=os.path.join(folder, "i"))
        with app.app_context():
            upgrade(revision="heads")
            _add_users()
            db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
            db.session.remove()
            db.engine.dispose()
        app.extensions["ops_center"].close()
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


def _add_users():
    """The operator and the viewer every test logs in as."""
    if db.session.execute(db.select(User)).first() is None:
        for name, role in (("op", "operator"), ("viewer", "viewer")):
            user = User(username=name, role=role)
            user.set_password(PASSWORDS[name])
            db.session.add(user)
        db.session.commit()


def make_app(tmp_path, **overrides):
    """Build a migrated test app with an operator and a viewer.

    Args:
        tmp_path: Folder for the instance folder and database.
        **overrides: Config overrides.

    Returns:
        Flask: The app.
    """
    # No watcher unless a test asks (OPS_CENTER_WATCHER="thread"), whatever the shell exports.
    cfg = {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'ops.db'}", "OPS_CENTER_WATCHER": "off"}
    cfg.update(overrides)
    fresh = cfg["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'ops.db'}" and not (tmp_path / "ops.db").exists()
    if fresh:
        tmp_path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_template_db(), tmp_path / "ops.db")
        os.chmod(tmp_path / "ops.db", 0o600)
    app = create_app("testing", overrides=cfg, instance_path=str(tmp_path / "instance"))
    _APPS.append(app)
    if not fresh:
        with app.app_context():
            upgrade(revision="heads")  # the module's chain and the stand-in host's branch
            _add_users()
    return app


# Fixtures that start a loopback fake, a browser or a page: tests using them carry a marker, so
# `make test-fast` (-m "not wire and not browser and not multiprocess") runs the rest in seconds.
WIRE_FIXTURES = {"fake", "agent", "agents", "agent2", "servers", "lab", "world", "switch_agent", "spdu_agent", "nms",
                 "kuma", "http_fake", "_server", "_http_server", "two_servers", "hook", "scene"}
BROWSER_FIXTURES = {"browser", "live", "page", "live_app"}
MULTIPROCESS_MODULES = {"test_multiprocess", "test_watcher_processes", "test_plug_host", "test_read_path"}
WIRE_MODULES = {"test_faults", "test_e2e", "test_snmp", "test_zyxel", "test_watcher"}


def pytest_collection_modifyitems(items):
    """Mark each test by what it starts (markers are declared in pyproject.toml)."""
    for item in items:
        names, module = set(item.fixturenames), item.module.__name__.rsplit(".", 1)[-1]
        if "browser" in module or names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if module in MULTIPROCESS_MODULES:
            item.add_marker(pytest.mark.multiprocess)
        if names & WIRE_FIXTURES or module in WIRE_MODULES:
            item.add_marker(pytest.mark.wire)


@pytest.fixture
def test_types():
    """The test-only integration types (tests/fake_integrations.py), registered for one test, then removed."""
    fake_integrations.register_all()
    yield
    fake_integrations.forget_all()


@pytest.fixture(autouse=True)
def _reset_fakes():
    fake_integrations.reset()
    reset_demo()
    yield
    fake_integrations.reset()
    reset_demo()
    while _APPS:  # close the connections each test's aggregators kept open
        _APPS.pop().extensions["ops_center"].close()


@pytest.fixture
def app(tmp_path):
    """A fresh app per test."""
    return make_app(tmp_path)


@pytest.fixture
def client(app):
    """A test client (not logged in)."""
    return app.test_client()


def csrf_from(html):
    """Extract the CSRF token of a rendered page.

    Args:
        html: Page text.

    Returns:
        str: The token.
    """
    match = re.search(r'name="csrf[_-]token"[^>]*(?:value|content)="([^"]+)"', html)
    assert match, "page carries no CSRF token"
    return match.group(1)


def login(client, username="op"):
    """Log a test client in through the real form.

    Args:
        client: Flask test client.
        username: op (operator) or viewer.

    Returns:
        str: The CSRF token of the session.
    """
    token = csrf_from(client.get("/login").get_data(as_text=True))
    resp = client.post("/login", data={"username": username, "password": PASSWORDS[username],
                                       "csrf_token": token})
    assert resp.status_code == 302, resp.get_data(as_text=True)
    return token


@pytest.fixture
def op_client(client):
    """A client logged in as operator."""
    login(client, "op")
    return client
