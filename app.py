"""
Operations Command Center - Host Application Factory

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: A small stand-in of the owner's Life Planner app: the factory
    wires database, migrations, login and CSRF, then plugs in the ops_center
    module exactly as the real host does (``ops_center.init_app(app)``).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Owner-only instance folder and SQLite files; host security headers and body limit
- 1.2.0 (2026-12-02): PostgreSQL through psycopg 3 (URL normalised, pre-ping pool)
"""

import os
import secrets

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import CONFIGS
from extensions import csrf, db, login_manager, migrate
from host import hardening


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """Put SQLite into WAL mode with a busy timeout.

    Several server processes and the poller share one file; WAL lets readers
    run beside a writer and the busy timeout waits instead of raising
    "database is locked".
    """
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
        cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; commits stop waiting on fsync
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()


def busy_timeout_ms():
    """How long a SQLite write waits for another process's lock (``SQLITE_BUSY_TIMEOUT_MS``, default 15 s).

    Returns:
        int: Milliseconds.
    """
    return int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000") or 15000)


def database_uri(uri):
    """The database URL with PostgreSQL's driver spelled out.

    ``postgres://`` and ``postgresql://`` (what hosting panels and ``DATABASE_URL`` usually carry) would
    make SQLAlchemy look for psycopg2; this app ships psycopg 3.

    Args:
        uri: The configured URL.

    Returns:
        str: The URL, ``postgresql+psycopg://`` for PostgreSQL.
    """
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix):]
    return uri


def engine_options(uri):
    """Engine options per backend.

    Args:
        uri: The database URL.

    Returns:
        dict: SQLite: the busy timeout. PostgreSQL: a checked connection from the pool (a server restart or
        an idle timeout must not fail the next request), a bounded connect wait.
    """
    if uri.startswith("sqlite"):
        return {"connect_args": {"timeout": busy_timeout_ms() / 1000}}
    if uri.startswith("postgresql"):
        return {"pool_pre_ping": True, "connect_args": {"connect_timeout": 10}}
    return {}


def _instance_secret(app):
    """Load or create the session secret in the instance folder.

    Args:
        app: The Flask app.

    Returns:
        str: A stable random secret (file mode 0600).
    """
    path = os.path.join(app.instance_path, "secret_key")
    if os.path.exists(path):
        with open(path, encoding="ascii") as handle:
            return handle.read().strip()
    value = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value)
    return value


def create_app(config=None, overrides=None, instance_path=None):
    """Build the host app with the ops_center module registered.

    Args:
        config: A key of ``config.CONFIGS`` or a config class; defaults to
            ``FLASK_CONFIG`` from the environment, else "development".
        overrides: Optional dict applied last (tests use it for paths).
        instance_path: Optional instance folder (default: ./instance).

    Returns:
        Flask: The configured application.
    """
    app = Flask(__name__, template_folder="host/templates", static_folder="host/static",
                instance_path=instance_path or os.environ.get("OPS_INSTANCE_PATH") or None)
    if config is None or isinstance(config, str):
        config = CONFIGS[config or os.environ.get("FLASK_CONFIG", "development")]
    app.config.from_object(config)
    app.config.update(overrides or {})
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            app.instance_path, "lifeplanner.db"
        )
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app.config["SQLALCHEMY_DATABASE_URI"])
    hardening.protect_files(app)  # before anything opens the database or writes a key file
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(app)

    hardening.init_app(app)  # first: its body check must run before CSRF parses the form
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)

    from host import init_host

    init_host(app)

    from modules import ops_center

    ops_center.init_app(app)
    return app
