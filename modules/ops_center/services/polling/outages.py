"""
Operations Command Center - Watcher Outages

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The spans when no watcher ran (from the last cycle of a holder
    that died or stopped to the cycle of the one that took over), kept in one
    ``ops_cache`` row so the history can label them ``no_data`` — even a
    takeover quicker than one sample spacing leaves its mark. Bounded: 30 days,
    at most ``MAX_SPANS`` spans.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from datetime import datetime, timedelta

from sqlalchemy import select

from ...models.base import session
from ...models.cache import OpsCache

KEY = "watcher:outages"
KEEP = timedelta(days=30)
MAX_SPANS = 500


def _spans(row):
    """The stored spans of the row as (start, end) datetimes; unreadable entries are skipped."""
    spans = []
    for item in ((row.cached_data or {}).get("spans") or []) if row is not None else []:
        try:
            spans.append((datetime.fromisoformat(item[0]), datetime.fromisoformat(item[1])))
        except (TypeError, ValueError, IndexError, AttributeError):
            continue
    return spans


def _row():
    """The outages row or None."""
    row = session().execute(select(OpsCache).where(OpsCache.cache_key == KEY)).scalar_one_or_none()
    return row if row is not None and isinstance(row.cached_data, dict) else None


def record(start, end):
    """Remember a span without a watcher (the new holder calls this; it commits).

    Args:
        start: The previous holder's last cycle.
        end: The takeover.

    Returns:
        None
    """
    db = session()
    row = _row()
    spans = [s for s in (_spans(row) if row is not None else []) if s[1] >= end - KEEP] + [(start, end)]
    data = {"spans": [[a.isoformat(), b.isoformat()] for a, b in spans[-MAX_SPANS:]]}
    if row is None:
        db.execute(OpsCache.__table__.delete().where(OpsCache.cache_key == KEY))  # a corrupt row goes
        db.add(OpsCache(cache_key=KEY, integration_name="watcher", data_type="outages", cached_data=data,
                        expires_at=None, hit_count=0))
    else:
        row.cached_data = data
    db.commit()


def between(start, end):
    """The spans without a watcher that overlap a range.

    Args:
        start: Range start.
        end: Range end.

    Returns:
        list[tuple]: (start, end) datetimes, oldest first.
    """
    return [s for s in _spans(_row()) if s[1] > start and s[0] < end]

