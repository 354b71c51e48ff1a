"""
Operations Command Center - Cache Hit Counts

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: ``ops_cache.hit_count`` without a write on the read path: a read
    only adds to a counter in memory; a background job (at most one in flight,
    at most one a second) adds the counts to the rows. When another process
    holds the write lock the job waits in the background, never a request, and
    a failed write keeps its counts for the next one.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (was an UPDATE and commit in every poll)
- 1.1.0 (2026-12-02): Rows are updated in one order in every process (no deadlock between flushes on PostgreSQL)
"""

import logging
import threading

from sqlalchemy import update
from sqlalchemy.exc import OperationalError

from ...integrations.kit import clock
from ...models.base import session
from ...models.cache import OpsCache
from ...state import get_state

log = logging.getLogger(__name__)
FLUSH_EVERY_S = 1.0


class HitCounter:
    """Counts of cache rows served without a fetch, kept until a background write."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts = {}
        self._flushing = False
        self._last = None

    def add(self, keys):
        """Count one hit for each key.

        Args:
            keys: Full cache keys.

        Returns:
            bool: True when a flush is due (none in flight, and a second since the last).
        """
        with self._lock:
            for key in keys:
                self._counts[key] = self._counts.get(key, 0) + 1
            due = bool(self._counts) and not self._flushing and (
                self._last is None or clock.monotonic() - self._last >= FLUSH_EVERY_S)
            self._flushing = self._flushing or due
            return due

    def flush(self):
        """Write the counts to their rows (needs an app context); put them back when the write fails.

        Returns:
            int: Rows updated.
        """
        with self._lock:
            counts, self._counts = self._counts, {}
        done = 0
        try:
            db = session()
            # One order for every process: two flushes (or any multi-row writer) locking the same rows in
            # different orders would deadlock on PostgreSQL.
            for key, count in sorted(counts.items()):
                done += db.execute(update(OpsCache).where(OpsCache.cache_key == key)
                                   .values(hit_count=OpsCache.hit_count + count)).rowcount
            db.commit()
        except OperationalError as exc:
            session().rollback()
            log.info("hit counts kept for later: %s", exc.orig)
            with self._lock:
                for key, count in counts.items():
                    self._counts[key] = self._counts.get(key, 0) + count
            done = 0
        finally:
            with self._lock:
                self._flushing, self._last = False, clock.monotonic()
        return done


def counter(app):
    """The app's hit counter.

    Args:
        app: The Flask app.

    Returns:
        HitCounter: Shared by every request of this process.
    """
    state = get_state(app)
    with state.lock:
        if state.hits is None:
            state.hits = HitCounter()
    return state.hits


def flush(app):
    """Write this process's pending hit counts now (tests, shutdown).

    Args:
        app: The Flask app (an app context must be active).

    Returns:
        int: Rows updated.
    """
    return counter(app).flush()
