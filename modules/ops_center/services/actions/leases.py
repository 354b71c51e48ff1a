"""
Operations Command Center - Leases

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: Named leases shared by every server process on one database,
    kept as ``ops_cache`` rows of data type ``lease`` (an atomic conditional
    update, or an insert guarded by the unique cache key). A lease names its
    holder, is held for a short time and renewed while the action runs, so a
    process that dies mid-action blocks its target for seconds, not an hour;
    an expired lease is taken over by the next claimant. A lease may carry a
    small JSON note (the watcher's: who holds it, its last cycle), written with
    each renewal and readable by anyone (``peek``).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Holder tokens, short renewable leases, release only by the holder
- 1.2.0 (2026-12-01): A note carried with the lease; ``peek`` reads a lease without taking it
- 1.3.0 (2026-12-02): ``take`` may use a given holder token (a watcher's claims all carry its own)
"""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from ...models.base import session, utcnow
from ...models.cache import OpsCache

HOLD_S = 15.0  # how long a lease survives its holder without a renewal


class Lease:
    """A held lease.

    Args:
        key: Lease name.
        holder: The holder's random token.
    """

    def __init__(self, key, holder):
        self.key, self.holder = key, holder

    def renew(self, seconds=HOLD_S, note=None):
        """Extend the lease while its action still runs.

        Args:
            seconds: Seconds from now.
            note: A new note (JSON object), or None to keep the old one.

        Returns:
            bool: False when another holder took it over meanwhile.
        """
        return _set_until(self.key, self.holder, seconds, note)

    def release(self, cooldown=0.0):
        """End the lease, keeping the target locked for a cooldown.

        Args:
            cooldown: Seconds the target stays locked for everyone.

        Returns:
            None
        """
        _set_until(self.key, self.holder, cooldown)


def _set_until(key, holder, seconds, note=None):
    """Move a lease's end (and its note), only while ``holder`` holds it."""
    db = session()
    values = {"expires_at": utcnow() + timedelta(seconds=max(seconds, 0))}
    if note is not None:
        values["cached_data"] = note
    count = db.execute(update(OpsCache).where(OpsCache.cache_key == key, OpsCache.integration_name == holder)
                       .values(**values)).rowcount
    db.commit()
    return bool(count)


def take(key, seconds=HOLD_S, note=None, holder=None):
    """Take a named lease shared by every process on this database, or fail.

    Args:
        key: Lease name (stored as a cache row of data type ``lease``).
        seconds: How long it is held without a renewal.
        note: A JSON object stored with the lease (default empty).
        holder: The holder token to use (default: a new random one).

    Returns:
        Lease | None: The held lease, or None when someone else holds it.
    """
    db = session()
    now = utcnow()
    until = now + timedelta(seconds=seconds)
    holder = holder or secrets.token_hex(12)
    # The holder token sits in integration_name: a short indexed column every lease row has.
    if db.execute(update(OpsCache).where(OpsCache.cache_key == key,
                                         or_(OpsCache.expires_at <= now, OpsCache.expires_at.is_(None)))
                  .values(expires_at=until, integration_name=holder, cached_data=note or {})).rowcount:
        db.commit()
        return Lease(key, holder)
    db.add(OpsCache(cache_key=key, integration_name=holder, data_type="lease", cached_data=note or {},
                    expires_at=until, hit_count=0))
    try:
        db.commit()
        return Lease(key, holder)
    except IntegrityError:
        db.rollback()  # the row exists and has not expired: someone holds the lease
        return None


@dataclass
class LeaseState:
    """What a lease row says, read without taking it.

    Attributes:
        holder: The holder's token.
        until: When it expires (None: never taken).
        note: Its note (a dict; empty when unreadable).
    """

    holder: str | None
    until: datetime | None
    note: dict

    def held(self, now):
        """Whether the lease is held at ``now``.

        Args:
            now: The current time.

        Returns:
            bool: True before it expires.
        """
        return self.until is not None and self.until > now


def peek(key):
    """Read a lease without taking it (a read: no write, no wait).

    Args:
        key: Lease name.

    Returns:
        LeaseState | None: The row's state, or None when there is no row.
    """
    row = session().execute(select(OpsCache.integration_name, OpsCache.expires_at, OpsCache.cached_data)
                            .where(OpsCache.cache_key == key)).first()
    if row is None:
        return None
    return LeaseState(row[0], row[1], row[2] if isinstance(row[2], dict) else {})
