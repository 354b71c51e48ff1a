"""
Operations Command Center - Notify Sending

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Sends the outbox from the watcher. Each row is claimed first
    (an atomic ``UPDATE ... WHERE state='queued'``, or an expired claim of a
    sender that died) and committed, then sent through Apprise as plain text,
    and marked ``sent`` only after Apprise reports success, so two processes
    never send one row and a crash never loses one. A failure retries with
    back-off (``OPS_CENTER_NOTIFY_RETRY_SECONDS`` doubling, at most an hour;
    dead after a day); a target failing ``OPS_CENTER_NOTIFY_FAIL_AFTER`` times
    in a row is a blind-spot event in the inbox. Errors are scrubbed of
    every part of the URL before they are stored.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from sqlalchemy import and_, or_, select, update

from ...integrations.kit import clock
from ...models.events import OpsEvent
from ...models.notify import OpsNotifyOutbox, OpsNotifyTarget
from .redact import load_apprise, remember, scrub
from .targets import url_of

CLAIM = timedelta(seconds=120)  # a claim outlives any send; a dead sender's rows are taken again after it
BUDGET = 4.0  # seconds of sending per pass (no new send starts after it), so the watcher keeps its lease
DEAD_AFTER = timedelta(days=1)


def holder():
    """This sender's name in claims.

    Returns:
        str: host:pid:thread.
    """
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{threading.get_ident() % 100000}"


def send_text(url, title, body):
    """Send one plain-text message through Apprise.

    Args:
        url: The Apprise URL (never logged).
        title: The title.
        body: The body.

    Returns:
        tuple: (ok, scrubbed error text or None).
    """
    apprise = load_apprise()
    box = apprise.Apprise()
    if not box.add(remember(url)):
        return False, "Apprise cannot load this target's URL any more"
    with apprise.LogCapture(level=logging.WARNING) as logs:
        ok = bool(box.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT))
        captured = logs.getvalue()
    if ok:
        return True, None
    lines = [ln.split(" - ", 2)[-1] for ln in captured.splitlines() if ln.strip()]
    return False, scrub(lines[-1] if lines else "the service refused the message", url)


def _claim(db, row_id, me, now):
    done = db.execute(update(OpsNotifyOutbox).where(OpsNotifyOutbox.id == row_id, or_(
        OpsNotifyOutbox.state == "queued",
        and_(OpsNotifyOutbox.state == "sending", OpsNotifyOutbox.claimed_until < now))).values(
        state="sending", claimed_by=me, claimed_until=now + CLAIM), execution_options={"synchronize_session": False})
    db.commit()
    return done.rowcount == 1


def _blind(db, target, limit, now):
    """The failing target as a blind-spot event (firing from ``limit`` failures, resolved by a success)."""
    fp = f"watcher|notify:{target.name}|blind"[:255]
    row = db.execute(select(OpsEvent).filter_by(fingerprint=fp)).scalar_one_or_none()
    if target.failures < limit:
        if row is not None and row.state == "firing":
            row.state, row.resolved_at = "resolved", now
        return
    title = f"notification target {target.name} failing ({target.failures} sends in a row)"[:255]
    if row is None:
        db.add(OpsEvent(fingerprint=fp, source="watcher", category="blind", severity="warning",
                        entity=f"source:notify:{target.name}"[:160], condition="blind", title=title,
                        detail=target.last_error, first_seen=now, opened_at=now, last_seen=now, count=1,
                        state="firing"))
        return
    if row.state != "firing":
        row.state, row.resolved_at, row.opened_at, row.incident_id = "firing", None, now, None
    row.title, row.detail, row.last_seen, row.count = title, target.last_error, now, row.count + 1


def deliver(db, cfg, now=None, me=None):
    """Send what is due (claimed first), mark each result; commits per row.

    Args:
        db: The session.
        cfg: The app's config.
        now: The current time (tests); default now.
        me: The claim holder's name; default ``holder()``.

    Returns:
        dict: ``{"sent", "failed"}`` counts.
    """
    now, me, started = now or clock.now(), me or holder(), clock.monotonic()
    retry, limit = float(cfg["OPS_CENTER_NOTIFY_RETRY_SECONDS"]), int(cfg["OPS_CENTER_NOTIFY_FAIL_AFTER"])
    due = db.execute(select(OpsNotifyOutbox.id).where(or_(
        and_(OpsNotifyOutbox.state == "queued", OpsNotifyOutbox.next_at <= now),
        and_(OpsNotifyOutbox.state == "sending", OpsNotifyOutbox.claimed_until < now)))
        .order_by(OpsNotifyOutbox.id).limit(50)).scalars().all()
    report = {"sent": 0, "failed": 0}
    for row_id in due:
        if clock.monotonic() - started > BUDGET or not _claim(db, row_id, me, now):
            continue
        msg = db.get(OpsNotifyOutbox, row_id)
        target = db.get(OpsNotifyTarget, msg.target_id)
        if target is None or not target.is_active:
            msg.state, msg.last_error = "dead", "the target was removed or disabled"
            db.commit()
            continue
        url = url_of(target)
        ok, error = send_text(url, msg.title, msg.body)
        del url
        db.refresh(msg)
        if msg.claimed_by != me:
            continue  # the claim expired and another sender took it: its result counts
        msg.attempts += 1
        if ok:
            msg.state, msg.sent_at, msg.last_error, msg.claimed_until = "sent", now, None, None
            target.failures, target.last_error, target.last_sent_at = 0, None, now
            report["sent"] += 1
        else:
            wait = min(retry * 2 ** (msg.attempts - 1), 3600.0)
            dead = now - msg.created_at >= DEAD_AFTER
            msg.state, msg.last_error = ("dead" if dead else "queued"), error
            msg.next_at = now + timedelta(seconds=wait)
            target.failures, target.last_error = target.failures + 1, error
            report["failed"] += 1
        _blind(db, target, limit, now)
        db.commit()
    return report
