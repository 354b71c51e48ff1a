"""
Operations Command Center - Incident Timeline

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: One incident on one time axis (a read): each member event from
    every system with its span (opened -> resolved, or still firing), the
    root highlighted by its relation, and the actions taken interleaved from
    ``ops_audit_log`` — acknowledgements of its events or of the incident,
    outlet switches on its outlets, maintenance on its elements — from one
    window before it opened (the action that caused it) to its end.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from datetime import timedelta

from sqlalchemy import select

from ...models.audit import OpsAuditLog
from ...models.events import OpsEvent, OpsIncident
from ..errors import NotFound
from . import entities as E
from .queries import event_dict, incident_dict


def _targets(inc, members):
    """The audit targets that concern an incident: its id, its events, its outlets, its elements."""
    names = {f"incident {inc.id}"}
    for m in members:
        names.add(f"event {m.id}")
        if "|" not in m.fingerprint:
            names.add(m.fingerprint)  # a source alert's own acknowledgement names its alert id
        if m.entity:
            names.add(f"entity {m.entity}")
            if E.kind_of(m.entity) == "outlet":
                pdu, number = E.parts(m.entity)
                names.add(f"{pdu}/{number}")  # the outlet action's target
        names.add(f"source {m.source}")
    return names


def _related(target, names):
    head = target.split(" ", 1)[0]
    return target in names or head in names or any(target.startswith(n + " ") for n in names if " " in n)


def detail(db, incident_id, window, now):
    """An incident, its members and its timeline.

    Args:
        db: The session.
        incident_id: The incident id (a merged one answers with the one it joined).
        window: The correlation window in seconds (how far before the opening actions are looked for).
        now: The current time.

    Returns:
        dict: ``{"incident", "members", "timeline": [...], "axis": {"start", "end"}}``; a timeline item is
        ``{"type": "event", "at", "end", "event"}`` or ``{"type": "action", "at", "action", "target", "result",
        "username", "before", "requested", "after", "error"}``.

    Raises:
        NotFound: No such incident.
    """
    inc = db.get(OpsIncident, incident_id)
    for _hop in range(5):  # follow merges to the incident that holds the members now
        if inc is None or inc.merged_into is None:
            break
        inc = db.get(OpsIncident, inc.merged_into)
    if inc is None:
        raise NotFound(f"no incident {incident_id}")
    members = list(db.execute(select(OpsEvent).where(OpsEvent.incident_id == inc.id)
                              .order_by(OpsEvent.first_seen, OpsEvent.id)).scalars())
    start = min([inc.opened_at, *(m.first_seen for m in members)])
    end = inc.resolved_at or now
    names = _targets(inc, members)
    rows = db.execute(select(OpsAuditLog).where(OpsAuditLog.created_at >= start - timedelta(seconds=window),
                                                OpsAuditLog.created_at <= end + timedelta(seconds=60))
                      .order_by(OpsAuditLog.id)).scalars()
    timeline = [{"type": "event", "at": m.first_seen.isoformat(timespec="seconds"),
                 "end": m.resolved_at.isoformat(timespec="seconds") if m.resolved_at else None,
                 "event": event_dict(m)} for m in members]
    for row in rows:
        if _related(row.target, names):
            timeline.append({"type": "action", "at": row.created_at.isoformat(timespec="seconds"), "id": row.id,
                             "action": row.action, "target": row.target, "result": row.result,
                             "username": row.username, "before": row.before, "requested": row.requested,
                             "after": row.after, "error": row.error})
    timeline.sort(key=lambda t: (t["at"], t["type"] != "event"))
    axis_start = min([start.isoformat(timespec="seconds"), *(t["at"] for t in timeline)])
    return {"incident": incident_dict(inc), "members": [event_dict(m) for m in members], "timeline": timeline,
            "axis": {"start": axis_start, "end": end.isoformat(timespec="seconds")}}
