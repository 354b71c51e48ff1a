"""
Operations Command Center - Test Fixtures

Version: 1.4.0
Last Modified: 2026-12-02
Author: Billas
Description: App, client and login fixtures. Each test gets its own
    instance folder and database, created by the real Alembic migrations:
    a SQLite file, or with ``OPS_TEST_DB=postgresql`` a database of a real
    PostgreSQL server (tests/pg_server.py, started once per run, or the
    server of ``OPS_TEST_PG_URL``) cloned from a migrated template.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Upgrade to every head (the host's 0004 branch beside the module's chain)
- 1.2.0 (2026-12-01): No watcher in a test app unless the test asks for one
- 1.3.0 (2026-12-02): The same suite against PostgreSQL (OPS_TEST_DB=postgresql); sqlite_only tests
- 1.4.0 (2026-12-02): One browser fixture for the browser tests
"""

import atexit
import gc
import itertools
import os
import re
import shutil
import tempfile
import warnings

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
from tests.pg_server import PgServer

BACKEND = os.environ.get("OPS_TEST_DB", "sqlite").lower()

PASSWORDS = {"op": "op-pass-123", "viewer": "viewer-pass-123"}
# Integrations built without an app (parser and wire tests) reach the loopback fakes too.
netpolicy.configure(TestingConfig.OPS_CENTER_ALLOWED_NETWORKS, "", TestingConfig.OPS_CENTER_FILE_ROOTS)
_APPS = []
_TEMPLATE = {}
_PG = {"dbs": {}, "drop": [], "seq": itertools.count(1)}


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
        _migrate_template(f"sqlite:///{path}", folder, "PRAGMA wal_checkpoint(TRUNCATE)")
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


def _migrate_template(url, folder, finish=None):
    """Migrate a template database to every head and add the test users; leave no connection open.

    Args:
        url: The template database.
        folder: A folder for the template app's instance folder.
        finish: A SQL text run last (SQLite: fold the WAL into the file before it is copied).
    """
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": url, "OPS_CENTER_WATCHER": "off"},
                     instance_path=os.path.join(folder, "i"))
    with app.app_context():
        upgrade(revision="heads")
        _add_users()
        if finish:
            db.session.execute(text(finish))
        db.session.remove()
        db.engine.dispose()
    app.extensions["ops_center"].close()


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
    cfg = {"SQLALCHEMY_DATABASE_URI": database_url(tmp_path), "OPS_CENTER_WATCHER": "off"}
    cfg.update(overrides)
    fresh = cfg["SQLALCHEMY_DATABASE_URI"] == database_url(tmp_path) and _claim_fresh(tmp_path)
    app = create_app("testing", overrides=cfg, instance_path=str(tmp_path / "instance"))
    _APPS.append(app)
    if not fresh:
        with app.app_context():
            upgrade(revision="heads")  # the module's chain and the stand-in host's branch
            _add_users()
    return app


def database_url(tmp_path):
    """The database of the test that owns ``tmp_path`` (the same URL on every call).

    Args:
        tmp_path: The test's folder.

    Returns:
        str: A SQLite URL of a file in it, or a PostgreSQL URL of its own database.
    """
    if BACKEND != "postgresql":
        return f"sqlite:///{tmp_path / 'ops.db'}"
    key = str(tmp_path)
    if key not in _PG["dbs"]:
        _PG["dbs"][key] = f"t{os.getpid()}_{next(_PG['seq'])}"
    return pg_server().url(_PG["dbs"][key])


def query(tmp_path, sql, **params):
    """Read the test's database from outside the app (as another process would), on either backend.

    Args:
        tmp_path: The test's folder.
        sql: A SQL text with ``:name`` parameters.
        **params: Their values.

    Returns:
        list[tuple]: The rows.
    """
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine = create_engine(database_url(tmp_path), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def _claim_fresh(tmp_path):
    """Create the test's database as a copy of the migrated template, once; True when created now."""
    if BACKEND != "postgresql":
        if (tmp_path / "ops.db").exists():
            return False
        tmp_path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_template_db(), tmp_path / "ops.db")
        os.chmod(tmp_path / "ops.db", 0o600)
        return True
    name = _PG["dbs"][str(tmp_path)]
    if name in _PG["drop"]:
        return False
    pg_server().execute(f'CREATE DATABASE "{name}" TEMPLATE "{_pg_template()}"')
    _PG["drop"].append(name)
    return True


def pg_server():
    """The run's PostgreSQL server: ``OPS_TEST_PG_URL``'s, or one started now and stopped at exit.

    Returns:
        PgServer | _External: Something with ``url(db)`` and ``execute(sql)``.
    """
    if "server" not in _PG:
        external = os.environ.get("OPS_TEST_PG_URL")
        _PG["server"] = _External(external) if external else PgServer().start()
        atexit.register(_PG["server"].stop)
    return _PG["server"]


class _External:
    """A server somebody else started (``OPS_TEST_PG_URL``, a URL to a database we may CREATE DATABASE from)."""

    def __init__(self, url):
        from sqlalchemy.engine import make_url

        self.base = make_url(url).set(drivername="postgresql+psycopg")

    def url(self, database="postgres"):
        return self.base.set(database=database).render_as_string(hide_password=False)

    def execute(self, *statements, database="postgres"):
        import psycopg

        dsn = self.base.set(database=database, drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)

    def stop(self):
        pass


def _pg_template():
    """The migrated PostgreSQL template database of this test process (built once)."""
    if "template" not in _PG:
        name = f"tpl{os.getpid()}"
        server = pg_server()
        server.execute(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        _migrate_template(server.url(name), tempfile.mkdtemp(prefix="ops-template-"))
        _PG["template"] = name
    return _PG["template"]


def _collect_orphans():
    """Collect the pools of the apps a test made by hand, now, with psycopg's warning silenced.

    An engine nobody disposed closes its pooled connections when it is garbage collected; psycopg
    warns about that (sqlite3 stays silent), and with warnings as errors the warning would surface
    in whichever later test the collector happened to run.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def _drop_pg_databases(keep):
    """Drop the databases made after the first ``keep`` (the ended test's: their apps are closed)."""
    while len(_PG["drop"]) > keep:
        name = _PG["drop"].pop()
        for key in [k for k, v in _PG["dbs"].items() if v == name]:
            del _PG["dbs"][key]
        try:
            pg_server().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception:  # noqa: BLE001 - a leftover database dies with the server
            pass


# Fixtures that start a loopback fake, a browser or a page: tests using them carry a marker, so
# `make test-fast` (-m "not wire and not browser and not multiprocess") runs the rest in seconds.
WIRE_FIXTURES = {"fake", "agent", "agents", "agent2", "servers", "lab", "world", "switch_agent", "spdu_agent", "nms",
                 "kuma", "http_fake", "_server", "_http_server", "two_servers", "hook", "scene"}
BROWSER_FIXTURES = {"browser", "live", "page", "live_app"}
MULTIPROCESS_MODULES = {"test_multiprocess", "test_watcher_processes", "test_plug_host", "test_read_path",
                        "test_scale_lab"}
WIRE_MODULES = {"test_faults", "test_e2e", "test_snmp", "test_zyxel", "test_watcher", "test_scale_lab"}


# Modules that never open the test's application database (test_plug_host runs a foreign host on its own
# SQLite file): the PostgreSQL run leaves them to the SQLite run.
NO_DATABASE_MODULES = {"test_conventions", "test_docs", "test_extending", "test_plug_host"}


def pytest_collection_modifyitems(config, items):
    """Mark each test by what it starts (markers are declared in pyproject.toml); on PostgreSQL keep the
    tests that use the application database and are not about SQLite itself."""
    if BACKEND == "postgresql":
        kept = [i for i in items if not _sqlite_run_only(i)]
        config.hook.pytest_deselected(items=[i for i in items if _sqlite_run_only(i)])
        items[:] = kept
    for item in items:
        names, module = set(item.fixturenames), item.module.__name__.rsplit(".", 1)[-1]
        if "browser" in module or names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if module in MULTIPROCESS_MODULES:
            item.add_marker(pytest.mark.multiprocess)
        if names & WIRE_FIXTURES or module in WIRE_MODULES:
            item.add_marker(pytest.mark.wire)


def _sqlite_run_only(item):
    """Whether a test belongs to the SQLite run only (no database, or about SQLite files and locks)."""
    module = item.module.__name__.rsplit(".", 1)[-1]
    return (item.get_closest_marker("sqlite_only") is not None or module in NO_DATABASE_MODULES
            or ".integrations." in item.module.__name__)


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
    mark = len(_PG["drop"])  # databases of module-scoped fixtures were made before: they outlive this test
    yield
    fake_integrations.reset()
    reset_demo()
    while _APPS:  # close the connections each test's aggregators kept open
        app = _APPS.pop()
        app.extensions["ops_center"].close()
        if BACKEND == "postgresql":
            with app.app_context():
                db.engine.dispose()
    if BACKEND == "postgresql":
        _collect_orphans()
        _drop_pg_databases(mark)


@pytest.fixture
def browser():
    """Headless Debian Chromium driven by Playwright, one per test (modules may define their own)."""
    from playwright import sync_api

    from tests.live_server import chromium_path, launch_browser

    chromium_path()
    with sync_api.sync_playwright() as pw:
        b = launch_browser(pw)
        yield b
        b.close()


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
