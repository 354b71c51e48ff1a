"""
Operations Command Center - Leases

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Named leases shared by every server process on one database,
    kept as ``ops_cache`` rows of data type ``lease`` (an atomic conditional
    update, or an insert guarded by the unique cache key). The outlet
    cooldown uses them, so two processes never switch one outlet at once.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from ..models.base import session, utcnow
from ..models.cache import OpsCache


def lease(key, seconds):
    """Take a named lease shared by every process on this database, or fail.

    Args:
        key: Lease name (stored as a cache row of data type ``lease``).
        seconds: How long it is held unless ``lease_until`` changes it.

    Returns:
        bool: True when taken (no one else holds it).
    """
    db = session()
    now = utcnow()
    until = now + timedelta(seconds=seconds)
    if db.execute(update(OpsCache).where(OpsCache.cache_key == key, OpsCache.expires_at <= now)
                  .values(expires_at=until)).rowcount:
        db.commit()
        return True
    db.add(OpsCache(cache_key=key, integration_name=None, data_type="lease", cached_data={}, expires_at=until,
                    hit_count=0))
    try:
        db.commit()
        return True
    except IntegrityError:
        db.rollback()  # the row exists and has not expired: someone holds the lease
        return False


def lease_until(key, seconds):
    """Set when a held lease ends (e.g. the cooldown after an action).

    Args:
        key: Lease name.
        seconds: Seconds from now.

    Returns:
        None
    """
    session().execute(update(OpsCache).where(OpsCache.cache_key == key)
                      .values(expires_at=utcnow() + timedelta(seconds=seconds)))
    session().commit()
