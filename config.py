"""
Operations Command Center - Host Configuration

Version: 1.3.0
Last Modified: 2026-12-01
Author: Billas
Description: Config classes of the stand-in Life Planner host. Every value that
    differs between machines comes from the environment; nothing secret and no
    real address is written here.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): OPS_CENTER_* defaults moved into the module (init_app sets them)
- 1.2.0 (2026-12-01): Session lifetime, request body limit and login back-off settings of the host
- 1.3.0 (2026-12-01): The password hash method is configurable (PASSWORD_HASH_METHOD; cheap in tests)
"""

import os
from datetime import timedelta


def _env_int(name, default):
    """Read an integer from the environment.

    Args:
        name: Variable name.
        default: Value when unset or empty.

    Returns:
        int: The parsed value.
    """
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def session_lifetime():
    """How long a login session lasts without a request: ``SESSION_LIFETIME_HOURS``.

    Flask signs the session cookie with a timestamp and refuses it after this
    lifetime, so a copied cookie dies with it; the dashboard's refresh keeps
    an open page signed in.

    Returns:
        timedelta: The lifetime (default 12 hours; fractions allowed).
    """
    raw = os.environ.get("SESSION_LIFETIME_HOURS", "").strip()
    return timedelta(hours=float(raw) if raw else 12.0)


class Config:
    """Base configuration shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", "")
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = session_lifetime()
    # Werkzeug answers 413 to larger bodies before any view or CSRF check reads them.
    MAX_CONTENT_LENGTH = _env_int("MAX_CONTENT_LENGTH", 1024 * 1024)

    # Login back-off of the stand-in host (host/login_guard.py).
    LOGIN_MAX_FAILURES = _env_int("LOGIN_MAX_FAILURES", 5)
    LOGIN_MAX_FAILURES_PER_ADDRESS = _env_int("LOGIN_MAX_FAILURES_PER_ADDRESS", 20)
    LOGIN_WINDOW_SECONDS = _env_int("LOGIN_WINDOW_SECONDS", 900)
    LOGIN_LOCK_SECONDS = _env_int("LOGIN_LOCK_SECONDS", 60)
    LOGIN_LOCK_MAX_SECONDS = _env_int("LOGIN_LOCK_MAX_SECONDS", 3600)
    LOGIN_COUNTER_WAIT_MS = _env_int("LOGIN_COUNTER_WAIT_MS", 1000)

    # The owner's existing LibreNMS keys: empty unless the environment fills them.
    LIBRENMS_BASE_URL = os.environ.get("LIBRENMS_BASE_URL", "")
    LIBRENMS_API_TOKEN = os.environ.get("LIBRENMS_API_TOKEN", "")
    LIBRENMS_CACHE_TTL = _env_int("LIBRENMS_CACHE_TTL", 60)

    # The module's OPS_CENTER_* settings have their defaults in modules/ops_center/defaults.py
    # (read from the environment there); a host sets a key here only to override it.


class DevelopmentConfig(Config):
    """Local development: debug on, SQLite in the instance folder."""

    DEBUG = True


class TestingConfig(Config):
    """Test runs: CSRF stays on (tests send tokens), fast timeouts."""

    TESTING = True
    SECRET_KEY = "testing-only-secret"
    # Hundreds of logins in the suite: a cheap hash there (production keeps werkzeug's scrypt).
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # The test fakes listen on loopback and write their databases to temporary folders.
    OPS_CENTER_ALLOWED_NETWORKS = "127.0.0.0/8,::1/128"
    OPS_CENTER_FILE_ROOTS = "/"
    OPS_CENTER_FETCH_TIMEOUT = float(os.environ.get("OPS_CENTER_FETCH_TIMEOUT", "2"))


class ProductionConfig(Config):
    """Production: secure cookies; SECRET_KEY must come from the environment."""

    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") == "1"


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
