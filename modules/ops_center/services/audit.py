"""
Operations Command Center - Audit Trail

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Appends rows to ``ops_audit_log`` (who, when, source IP, action,
    target, before, requested, after, result, error) and reads them back.
    Nothing is ever deleted; the one update fills in the result of a row an
    action wrote as "started" before it touched a device.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Intent rows (start/complete); the CLI's OS user as the actor
"""

import getpass
from datetime import UTC, datetime

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select, update

from ..models.audit import OpsAuditLog
from ..models.base import session, utcnow
from .errors import Invalid


def _who():
    """(user name, source address) of whoever acts now: a web user, or the CLI's OS user."""
    if has_request_context():
        username = None
        if current_user and current_user.is_authenticated:
            username = getattr(current_user, "username", None) or str(current_user.get_id())
        return username, request.remote_addr
    try:
        return f"cli:{getpass.getuser()}", "local"
    except (KeyError, OSError):
        return "cli", "local"


def actor_name():
    """The name of whoever acts now (web user, or ``cli:<os user>``).

    Returns:
        str | None: The name.
    """
    return _who()[0]


def record(action, target, result, before=None, requested=None, after=None, error=None, commit=True):
    """Append one audit row.

    Args:
        action: What was attempted (``outlet.off``, ``system.save`` ...).
        target: What it was aimed at (``pdu-1/5 NAS``).
        result: ``verified``, ``failed``, ``unknown``, ``ok``, ``refused`` or ``error``.
        before: State before the action.
        requested: Requested state.
        after: State read back afterwards.
        error: Error text (never a secret).
        commit: Commit immediately.

    Returns:
        OpsAuditLog: The new row.
    """
    username, source_ip = _who()
    row = OpsAuditLog(created_at=utcnow(), username=username, source_ip=source_ip, action=action,
                      target=str(target)[:255], before=before, requested=requested, after=after,
                      result=result, error=(str(error)[:2000] if error else None))
    session().add(row)
    if commit:
        session().commit()
    return row


def start(action, target, requested=None, before=None):
    """Write the intent row of an action before the device is touched, and commit.

    A crash after this leaves "started, result unknown" instead of nothing.

    Args:
        action: What is attempted.
        target: What it is aimed at.
        requested: Requested state.
        before: State before the action.

    Returns:
        int: The row id, for ``complete``.
    """
    return record(action, target, "started", before=before, requested=requested).id


def complete(row_id, result, before=None, after=None, error=None):
    """Fill in the result of a started row (only a row still "started" changes), and commit.

    Args:
        row_id: The id ``start`` returned.
        result: verified, failed, unknown, ok or partial.
        before: State before the action.
        after: State read back.
        error: Error text (never a secret).

    Returns:
        None
    """
    values = {"result": result, "after": after, "error": str(error)[:2000] if error else None}
    if before is not None:
        values["before"] = before
    session().execute(update(OpsAuditLog).where(OpsAuditLog.id == row_id, OpsAuditLog.result == "started")
                      .values(**values))
    session().commit()


def parse_since(text):
    """Parse an ISO-8601 time (naive means UTC).

    Args:
        text: The parameter or None.

    Returns:
        datetime | None: Aware UTC time.

    Raises:
        Invalid: When the text is not ISO-8601.
    """
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Invalid(f"bad query: since {text[:40]!r} is not an ISO-8601 time (e.g. 2026-11-01)",
                      field="since") from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def recent(since=None, limit=200):
    """Audit rows, newest first.

    Args:
        since: Only rows at or after this aware datetime.
        limit: Maximum rows.

    Returns:
        list[dict]: The rows as dicts.
    """
    query = select(OpsAuditLog).order_by(OpsAuditLog.id.desc()).limit(limit)
    if since is not None:
        query = query.where(OpsAuditLog.created_at >= since)
    return [{"id": r.id, "created_at": r.created_at.isoformat(timespec="seconds"), "username": r.username,
             "source_ip": r.source_ip, "action": r.action, "target": r.target, "before": r.before,
             "requested": r.requested, "after": r.after, "result": r.result, "error": r.error}
            for r in session().execute(query).scalars()]
