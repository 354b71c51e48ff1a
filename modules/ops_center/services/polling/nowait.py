"""
Operations Command Center - Writes That Never Wait

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: A best-effort write for the few places a request may write
    something that is not its purpose (a cold source's timeout, so the next
    poll need not wait again): on SQLite the busy timeout drops to zero for
    that one statement, so when another process holds the write lock the write
    gives up at once instead of hanging the request for the busy timeout; on
    PostgreSQL, where only a lock on the same row can make it wait, the
    transaction's lock timeout is a few milliseconds.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): PostgreSQL: a short lock timeout for the one transaction
"""

import logging
from datetime import timedelta

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError, OperationalError

from ...models.base import session, utcnow
from ...models.cache import OpsCache
from . import cache_store

log = logging.getLogger(__name__)


def try_write(fn, *args):
    """Run ``fn(conn, *args)`` in its own short transaction, giving up at once when the database is locked.

    Args:
        fn: A function writing with Core statements on the connection it is given.
        *args: Its arguments.

    Returns:
        tuple: (True, result) when written, (False, None) when locked or lost to a concurrent insert.
    """
    with session().get_bind().connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        old = int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) if sqlite else None
        if sqlite:
            conn.exec_driver_sql("PRAGMA busy_timeout=0")
            conn.rollback()  # end the autobegun (empty) transaction; the write gets its own
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.exec_driver_sql("SET LOCAL lock_timeout = '20ms'")  # ends with the transaction
                return True, fn(conn, *args)
        except (OperationalError, IntegrityError) as exc:
            log.info("best-effort write skipped: %s", exc.orig)
            return False, None
        finally:
            if sqlite:  # before the connection goes back to the pool
                conn.exec_driver_sql(f"PRAGMA busy_timeout={old}")


def store(name, type_name, envelope, ttl_seconds):
    """``cache_store.store`` for a request: written at once, or skipped when another process holds the write lock.

    Args:
        name: Instance name.
        type_name: Integration type.
        envelope: The envelope dict.
        ttl_seconds: Seconds until the row expires.

    Returns:
        bool: Whether it was written.
    """
    values = {"integration_name": type_name, "data_type": "snapshot", "cached_data": envelope,
              "expires_at": utcnow() + timedelta(seconds=ttl_seconds)}
    return try_write(upsert_row, cache_store.cache_key(name), values)[0]


def upsert_row(conn, key, values):
    """Insert or update one cache row on a Core connection (its transaction is the caller's).

    Args:
        conn: A SQLAlchemy Core connection inside a transaction.
        key: The cache key.
        values: Column values besides the key.

    Returns:
        None
    """
    if not conn.execute(update(OpsCache).where(OpsCache.cache_key == key).values(**values)).rowcount:
        conn.execute(insert(OpsCache).values(cache_key=key, hit_count=0, **values))
