"""
Operations Command Center - Writes That Must Land

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The bookkeeping around an action (its audit rows, its lease's end,
    the cached state it changed) must land even when another process holds the
    database's write lock at that moment — an action that touched a device and
    left no audit row, or a lease that stays taken, is worse than a late row.
    ``land`` writes now, or keeps retrying in the background until the lock
    clears (bounded), so the request answers at once either way.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import logging
import threading

from flask import current_app
from sqlalchemy.exc import OperationalError

from ...integrations.kit import clock
from ...models.base import session

log = logging.getLogger(__name__)
RETRY_FOR_S = 120.0
RETRY_EVERY_S = 0.5


def land(write, *args, **kwargs):
    """Run a database write now; while the database is locked, retry it in the background.

    Args:
        write: A function that writes and commits (``audit.record``, ``Lease.release`` ...).
        *args: Its arguments.
        **kwargs: Its keyword arguments.

    Returns:
        bool: True when it landed now, False when it was handed to the background.
    """
    try:
        write(*args, **kwargs)
        return True
    except OperationalError:
        session().rollback()
    app = current_app._get_current_object()
    threading.Thread(target=_retry, args=(app, write, args, kwargs), name="ops-settle", daemon=True).start()
    return False


def _retry(app, write, args, kwargs):
    """Retry a write until it lands or the time runs out (then say so in the log)."""
    deadline = clock.monotonic() + RETRY_FOR_S
    with app.app_context():
        while clock.monotonic() < deadline:
            clock.sleep(RETRY_EVERY_S)
            try:
                write(*args, **kwargs)
                return
            except OperationalError:
                session().rollback()
        log.error("a write after an action could not land within %.0f s: %s", RETRY_FOR_S,
                  getattr(write, "__qualname__", "write"))
