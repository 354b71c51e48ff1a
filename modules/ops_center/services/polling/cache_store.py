"""
Operations Command Center - Cache Store

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: The one cache path: reads and writes each instance's envelope
    in ``ops_cache`` (key ``ops:<instance>``). The envelope holds the last
    good data, the last error, timestamps and the integration's memory.
    A corrupt row (bad JSON, wrong shape, unreadable expiry) is skipped,
    never served, and overwritten by the next refresh. Reading never writes:
    no delete, no hit counter (see hits.py).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): A row's TTL counts from its fetch's start; reads never write (corrupt rows skipped,
  hits counted in memory); an unreadable expiry is corrupt; ``wait_for`` a first fetch by the watcher
- 1.2.0 (2026-12-02): ``expiries`` reads expiry times only; generic items moved to cache_items.py
"""

import logging
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ...integrations.kit import clock
from ...models.base import session, utcnow
from ...models.cache import UNREADABLE_TIME, OpsCache

log = logging.getLogger(__name__)
_REPORTED = set()  # corrupt keys already logged by this process (one line each, not one per poll)
ENVELOPE_KEYS = ("data", "error", "error_kind", "fetched_at", "last_success_at", "latency_ms", "memory")


def cache_key(name):
    """Cache key of an instance.

    Args:
        name: Instance name.

    Returns:
        str: The key.
    """
    return f"ops:{name}"


def _valid(envelope):
    """Whether a stored value has the envelope's shape."""
    return isinstance(envelope, dict) and all(k in envelope for k in ENVELOPE_KEYS) and (
        envelope["data"] is None or isinstance(envelope["data"], dict))


def load(names):
    """Load the cached envelopes of some instances (a read: writes nothing).

    Args:
        names: Instance names.

    Returns:
        dict: name -> (envelope, expires_at); corrupt rows are left out (the next refresh overwrites them).
    """
    keys = {cache_key(n): n for n in names}
    if not keys:
        return {}
    rows = session().execute(select(OpsCache).where(OpsCache.cache_key.in_(keys))).scalars().all()
    result = {}
    for row in rows:
        if _valid(row.cached_data) and row.expires_at != UNREADABLE_TIME:
            result[keys[row.cache_key]] = (row.cached_data, row.expires_at)
        elif row.cache_key not in _REPORTED:
            _REPORTED.add(row.cache_key)
            log.warning("discarding corrupt cache row %s (refetched, then overwritten)", row.cache_key)
    return result


def expiries(names):
    """When the rows of some instances expire, without reading their envelopes (the watcher's cheap check).

    Args:
        names: Instance names.

    Returns:
        dict: name -> expires_at (``UNREADABLE_TIME`` for a damaged one); instances without a row are left out.
    """
    keys = {cache_key(n): n for n in names}
    rows = session().execute(select(OpsCache.cache_key, OpsCache.expires_at)
                             .where(OpsCache.cache_key.in_(keys))).all() if keys else []
    return {keys[key]: until for key, until in rows}


def wait_for(names, seconds):
    """Wait (reading only) until another process — the watcher — stored the rows of never-fetched instances.

    Args:
        names: Instance names without a row yet.
        seconds: How long to wait at most.

    Returns:
        dict: name -> (envelope, expires_at) of those that arrived.
    """
    found, deadline = {}, clock.monotonic() + seconds
    while len(found) < len(names) and clock.monotonic() < deadline:
        clock.sleep(0.1)
        session().rollback()  # a fresh read each time
        found.update(load([n for n in names if n not in found]))
    return found


def store(name, type_name, envelope, ttl_seconds, started=None):
    """Write one envelope (insert or replace) and commit.

    Args:
        name: Instance name.
        type_name: Integration type (``integration_name`` column).
        envelope: The envelope dict.
        ttl_seconds: Seconds until the row expires.
        started: When its fetch started (the TTL counts from there), default now.

    Returns:
        datetime: The new expiry time.
    """
    expires = (started or utcnow()) + timedelta(seconds=ttl_seconds)
    upsert(cache_key(name), {"integration_name": type_name, "data_type": "snapshot", "cached_data": envelope,
                              "expires_at": expires})
    return expires


def upsert(key, values):
    """Insert or update one cache row and commit (portable: no dialect upsert).

    Args:
        key: The cache key.
        values: Column values besides the key.

    Returns:
        None
    """
    db = session()
    for _attempt in range(2):
        done = db.execute(update(OpsCache).where(OpsCache.cache_key == key).values(**values)).rowcount
        if not done:
            db.add(OpsCache(cache_key=key, hit_count=0, **values))
        try:
            db.commit()
            return
        except IntegrityError:
            db.rollback()  # another process inserted the row first: update it instead


def expire(name):
    """Mark an instance's cache row due, so the next poll refetches it.

    Args:
        name: Instance name.

    Returns:
        None
    """
    session().execute(update(OpsCache).where(OpsCache.cache_key == cache_key(name)).values(expires_at=utcnow()))
    session().commit()


def claim(name, seconds):
    """Atomically claim the refresh of an expired row (across processes); a refresh job's first step.

    Called from the fetch pool, never from a request, so a held write lock delays the refresh, not a read.
    The winner moves ``expires_at`` forward by ``seconds`` (a lease), so other
    threads and processes keep serving the cached row instead of fetching too.

    Args:
        name: Instance name.
        seconds: Lease length; the refresh stores the real expiry when done.

    Returns:
        bool: True when this caller should refresh.
    """
    now = utcnow()
    won = session().execute(update(OpsCache).where(OpsCache.cache_key == cache_key(name),
                                                   OpsCache.expires_at <= now)
                            .values(expires_at=now + timedelta(seconds=seconds))).rowcount
    session().commit()
    return bool(won)
