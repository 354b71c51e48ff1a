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

import re

import pytest
from flask_migrate import upgrade

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
    app = create_app("testing", overrides=cfg, instance_path=str(tmp_path / "instance"))
    _APPS.append(app)
    with app.app_context():
        upgrade(revision="heads")  # the module's chain and the stand-in host's branch
        if db.session.execute(db.select(User)).first() is None:
            for name, role in (("op", "operator"), ("viewer", "viewer")):
                user = User(username=name, role=role)
                user.set_password(PASSWORDS[name])
                db.session.add(user)
            db.session.commit()
    return app


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
