"""
Operations Command Center - Host Login Guard

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Back-off for password guessing, per account and per client
    address, and a password check that costs the same for unknown users.

    The counters live in the database (``host_login_throttle``), not in
    process memory: ``make serve`` and several waitress/gunicorn processes
    share one SQLite file, and a counter in one process's memory would give
    an attacker a fresh allowance per process and reset on every restart.

    After ``LOGIN_MAX_FAILURES`` failures for one account (or
    ``LOGIN_MAX_FAILURES_PER_ADDRESS`` from one address) within
    ``LOGIN_WINDOW_SECONDS``, that account/address is locked for
    ``LOGIN_LOCK_SECONDS``, doubling with every further lock up to
    ``LOGIN_LOCK_MAX_SECONDS``; while locked even the right password is
    refused. Unknown user names are counted like real ones, so a lock says
    nothing about whether the name exists.

    Reads of the counters never wait for a writer (SQLite WAL). Writes use
    their own connection with a short busy timeout (``LOGIN_COUNTER_WAIT_MS``)
    instead of the app's 15 s: when another process holds the write lock that
    long, the failure is logged and not counted rather than stalling the
    login page.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-01): The password hash method is configurable (PASSWORD_HASH_METHOD; cheap in tests)
"""

import hashlib
import logging
import math
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from sqlalchemy import case, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from werkzeug.security import check_password_hash, generate_password_hash

from extensions import db
from host.models import LoginThrottle, hash_method

log = logging.getLogger(__name__)

DEFAULTS = {
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 20,
    "LOGIN_WINDOW_SECONDS": 900,
    "LOGIN_LOCK_SECONDS": 60,
    "LOGIN_LOCK_MAX_SECONDS": 3600,
    "LOGIN_COUNTER_WAIT_MS": 1000,
}
# A day without failures forgets earlier locks, so a user's typo next week
# does not start at an hour-long lock.
LOCKOUT_MEMORY = timedelta(days=1)

_dummy_hashes = {}


def _now():
    """Current naive UTC time (SQLite stores naive values; tests move it).

    Returns:
        datetime: Now, without tzinfo.
    """
    return datetime.now(UTC).replace(tzinfo=None)


def _setting(name):
    """A login-guard setting from the app config, else its default.

    Args:
        name: One of ``DEFAULTS``.

    Returns:
        int: The value.
    """
    return int(current_app.config.get(name, DEFAULTS[name]))


@dataclass(frozen=True)
class Keys:
    """The two counters one login attempt touches.

    Attributes:
        account: Counter key of the attempted user name.
        address: Counter key of the client address.
    """

    account: str
    address: str

    def limits(self):
        """Each key with its failure limit.

        Returns:
            list[tuple[str, int]]: (key, limit) pairs.
        """
        return [(self.account, _setting("LOGIN_MAX_FAILURES")),
                (self.address, _setting("LOGIN_MAX_FAILURES_PER_ADDRESS"))]


def keys_for(username, address):
    """Counter keys of an attempt.

    The name is hashed so that the table never holds what people typed into
    the user field (sometimes a password); lower-cased so "Admin" and
    "admin" share one allowance.

    Args:
        username: The submitted user name.
        address: The client address (``request.remote_addr``).

    Returns:
        Keys: Account and address keys.
    """
    digest = hashlib.sha256((username or "").strip().lower().encode("utf-8")).hexdigest()[:40]
    return Keys(account=f"user:{digest}", address=f"addr:{(address or 'unknown')[:100]}")


def retry_after(keys):
    """Seconds until the longest lock on these keys ends (read only).

    Args:
        keys: From ``keys_for``.

    Returns:
        int: Seconds to wait, 0 when not locked.
    """
    now = _now()
    rows = db.session.execute(select(LoginThrottle.locked_until).where(
        LoginThrottle.key.in_([keys.account, keys.address]), LoginThrottle.locked_until > now)).scalars()
    return max((math.ceil((until - now).total_seconds()) for until in rows), default=0)


def verify_password(user, password):
    """Check a password, hashing as much for an unknown user as for a real one.

    Args:
        user: The ``User`` or None when the name is unknown.
        password: The submitted password.

    Returns:
        bool: True only for a real user with the right password.
    """
    if user is None:
        method = hash_method()
        if method not in _dummy_hashes:  # one per method: the same cost as a real user's check
            _dummy_hashes[method] = generate_password_hash(secrets.token_hex(16), method=method)
        check_password_hash(_dummy_hashes[method], password)
        return False
    return check_password_hash(user.password_hash, password)


@contextmanager
def _counter_connection():
    """A connection whose writes wait at most ``LOGIN_COUNTER_WAIT_MS``.

    Yields:
        Connection: With the short busy timeout; the previous one is restored
            before the connection goes back to the pool.
    """
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        previous = None
        if sqlite:
            previous = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            conn.exec_driver_sql(f"PRAGMA busy_timeout={max(0, _setting('LOGIN_COUNTER_WAIT_MS'))}")
            conn.commit()
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        finally:
            if sqlite and previous is not None:
                try:
                    conn.exec_driver_sql(f"PRAGMA busy_timeout={int(previous)}")
                    conn.commit()
                except Exception:  # noqa: BLE001 - never pool a connection with the short timeout
                    conn.invalidate()


def _upsert(dialect):
    """The dialect's INSERT ... ON CONFLICT constructor.

    Args:
        dialect: SQLAlchemy dialect name.

    Returns:
        callable: ``insert`` for sqlite or postgresql.
    """
    return pg_insert if dialect == "postgresql" else sqlite_insert


def record_failure(keys):
    """Count one failed attempt on both keys; lock a key that reached its limit.

    Args:
        keys: From ``keys_for``.

    Returns:
        int: Seconds of the lock this failure started (0 when none).
    """
    now = _now()
    window = now - timedelta(seconds=_setting("LOGIN_WINDOW_SECONDS"))
    base, cap = _setting("LOGIN_LOCK_SECONDS"), _setting("LOGIN_LOCK_MAX_SECONDS")
    table = LoginThrottle.__table__
    locked = 0
    try:
        with _counter_connection() as conn:
            for key, limit in keys.limits():
                # The write comes first: it takes the write lock, so the read
                # below sees every other process's counts and nobody interleaves.
                stmt = _upsert(conn.dialect.name)(table).values(
                    key=key, failures=1, window_start=now, lockouts=0, last_failure_at=now)
                conn.execute(stmt.on_conflict_do_update(index_elements=[table.c.key], set_={
                    "failures": case((table.c.window_start < window, 1), else_=table.c.failures + 1),
                    "window_start": case((table.c.window_start < window, now), else_=table.c.window_start),
                    "lockouts": case((table.c.last_failure_at < now - LOCKOUT_MEMORY, 0),
                                     else_=table.c.lockouts),
                    "last_failure_at": now,
                }))
                row = conn.execute(select(table.c.failures, table.c.lockouts).where(table.c.key == key)).one()
                if row.failures >= limit:
                    seconds = min(base * 2 ** row.lockouts, cap)
                    conn.execute(update(table).where(table.c.key == key).values(
                        failures=0, window_start=now, lockouts=row.lockouts + 1,
                        locked_until=now + timedelta(seconds=seconds)))
                    locked = max(locked, seconds)
                    log.warning("login locked for %d s after %d failures: %s", seconds, row.failures,
                                key if key.startswith("addr:") else "an account")
            conn.commit()
    except OperationalError as exc:
        log.warning("login failure not counted, database busy: %s", exc)
        return 0
    return locked


def forget_failures(keys):
    """After a successful login: reset the account's failure count.

    Earlier locks are kept (they decay after a quiet day), so logging in
    between an attacker's rounds does not reset the attacker's back-off.

    Args:
        keys: From ``keys_for``.

    Returns:
        None
    """
    pending = db.session.execute(select(LoginThrottle.failures).where(
        LoginThrottle.key == keys.account)).scalar()
    if not pending:
        return
    try:
        with _counter_connection() as conn:
            conn.execute(update(LoginThrottle.__table__).where(
                LoginThrottle.__table__.c.key == keys.account).values(failures=0))
            conn.commit()
    except OperationalError as exc:
        log.warning("login counter not reset, database busy: %s", exc)


def unlock_account(username):
    """Drop an account's counter and lock (``flask user set-password``).

    Args:
        username: The user name.

    Returns:
        None
    """
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.key == keys_for(username, None).account))
