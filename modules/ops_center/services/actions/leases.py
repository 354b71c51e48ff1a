"""
Operations Command Center - Leases

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Named leases shared by every server process on one database,
    kept as ``ops_cache`` rows of data type ``lease`` (an atomic conditional
    update, or an insert guarded by the unique cache key). A lease names its
    holder, is held for a short time and renewed while the action runs, so a
    process that dies mid-action blocks its target for seconds, not an hour;
    an expired lease is taken over by the next claimant.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Holder tokens, short renewable leases, release only by the holder
"""

import secrets
from datetime import timedelta

from sqlalchemy import or_, update
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

    def renew(self, seconds=HOLD_S):
        """Extend the lease while its action still runs.

        Args:
            seconds: Seconds from now.

        Returns:
            bool: False when another holder took it over meanwhile.
        """
        return _set_until(self.key, self.holder, seconds)

    def release(self, cooldown=0.0):
        """End the lease, keeping the target locked for a cooldown.

        Args:
            cooldown: Seconds the target stays locked for everyone.

        Returns:
            None
        """
        _set_until(self.key, self.holder, cooldown)


def _set_until(key, holder, seconds):
    """Move a lease's end, only while ``holder`` holds it."""
    db = session()
    count = db.execute(update(OpsCache).where(OpsCache.cache_key == key, OpsCache.integration_name == holder)
                       .values(expires_at=utcnow() + timedelta(seconds=max(seconds, 0)))).rowcount
    db.commit()
    return bool(count)


def take(key, seconds=HOLD_S):
    """Take a named lease shared by every process on this database, or fail.

    Args:
        key: Lease name (stored as a cache row of data type ``lease``).
        seconds: How long it is held without a renewal.

    Returns:
        Lease | None: The held lease, or None when someone else holds it.
    """
    db = session()
    now = utcnow()
    until = now + timedelta(seconds=seconds)
    holder = secrets.token_hex(12)
    # The holder token sits in integration_name: a short indexed column every lease row has.
    if db.execute(update(OpsCache).where(OpsCache.cache_key == key,
                                         or_(OpsCache.expires_at <= now, OpsCache.expires_at.is_(None)))
                  .values(expires_at=until, integration_name=holder)).rowcount:
        db.commit()
        return Lease(key, holder)
    db.add(OpsCache(cache_key=key, integration_name=holder, data_type="lease", cached_data={}, expires_at=until,
                    hit_count=0))
    try:
        db.commit()
        return Lease(key, holder)
    except IntegrityError:
        db.rollback()  # the row exists and has not expired: someone holds the lease
        return None
