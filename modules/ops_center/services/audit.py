"""
Operations Command Center - Audit Trail

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Appends rows to ``ops_audit_log`` (who, when, source IP, action,
    target, before, requested, after, result, error) and reads them back.
    There is deliberately no update or delete function.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import select

from ..models.audit import OpsAuditLog
from ..models.base import session, utcnow


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
    username = None
    source_ip = None
    if has_request_context():
        source_ip = request.remote_addr
        if current_user and current_user.is_authenticated:
            username = getattr(current_user, "username", None) or str(current_user.get_id())
    row = OpsAuditLog(created_at=utcnow(), username=username, source_ip=source_ip, action=action,
                      target=str(target)[:255], before=before, requested=requested, after=after,
                      result=result, error=(str(error)[:2000] if error else None))
    session().add(row)
    if commit:
        session().commit()
    return row


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
