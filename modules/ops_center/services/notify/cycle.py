"""
Operations Command Center - Notify Cycle

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The watcher's one call after the inbox (``run_cycle``): plan
    the messages due (committed with their memory) and send the outbox. It
    never raises: a failing notification service or database trouble is
    logged once a minute and polling goes on.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import logging
from contextlib import nullcontext

from flask import current_app, has_app_context

from ...integrations.kit import clock
from ...models.base import session
from .plan import plan
from .send import deliver

log = logging.getLogger(__name__)
_WARNED = {"at": -1e9}


def process(app, now=None, me=None):
    """Plan, commit, send (in an app context).

    Args:
        app: The Flask app.
        now: The time of the pass (tests); default now.
        me: The claim holder's name (tests); default this process and thread.

    Returns:
        dict: ``{"queued", "sent", "failed"}``.
    """
    db, now = session(), now or clock.now()
    queued = plan(db, app.config, now)
    db.commit()
    return {"queued": queued, **deliver(db, app.config, now, me)}


def run_cycle(app):
    """One notification pass; never raises.

    Args:
        app: The Flask app.

    Returns:
        dict | None: What the pass did, or None after an error.
    """
    same = has_app_context() and current_app._get_current_object() is app
    with nullcontext() if same else app.app_context():
        try:
            return process(app)
        except Exception as exc:  # noqa: BLE001 - polling goes on whatever a notification service does
            try:
                session().rollback()
            except Exception:  # noqa: BLE001 - the rollback of a broken connection may fail too
                pass
            if clock.monotonic() - _WARNED["at"] > 60:
                _WARNED["at"] = clock.monotonic()
                log.warning("notify pass failed (%s; polling goes on; next report in a minute at the earliest)",
                            type(exc).__name__)
            return None
