"""
Operations Command Center - Inbox Reads

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The read side of the inbox (reads never write): events with
    filters (source, severity, state, entity, incident) and a search over
    title, detail, entity and fingerprint; incidents by state; the snapshot's
    ``incidents`` list (DESIGN.md section 4), with a blind spot for a dead
    watcher that no pipeline can write while it is dead.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from datetime import timedelta

from sqlalchemy import func, or_, select

from ...models.events import OpsEvent, OpsIncident
from ..errors import Invalid

STATES = ("firing", "resolved")
INCIDENT_STATES = ("open", "acknowledged", "resolved")
SEVERITIES = ("critical", "warning", "info")
RANK = {"critical": 0, "warning": 1, "info": 2}


def _iso(value):
    return value.isoformat(timespec="seconds") if value is not None else None


def event_dict(row):
    """An event as the API shows it.

    Args:
        row: An ``OpsEvent``.

    Returns:
        dict: Every field, times as ISO text, the ack as an object or None.
    """
    return {"id": row.id, "fingerprint": row.fingerprint, "source": row.source, "category": row.category,
            "severity": row.severity, "entity": row.entity, "condition": row.condition, "title": row.title,
            "detail": row.detail, "first_seen": _iso(row.first_seen), "opened_at": _iso(row.opened_at),
            "last_seen": _iso(row.last_seen), "count": row.count, "state": row.state,
            "resolved_at": _iso(row.resolved_at), "incident_id": row.incident_id, "relation": row.relation,
            "maintenance_id": row.maintenance_id,
            "ack": {"kind": row.ack_kind, "by": row.ack_by, "at": _iso(row.ack_at), "note": row.ack_note}
            if row.ack_kind else None}


def incident_dict(row):
    """An incident in the snapshot's shape (plus updated_at, key and the maintenance mark).

    Args:
        row: An ``OpsIncident``.

    Returns:
        dict: id, state, severity, title, root {kind, ref, name}, opened_at, resolved_at, members, sources ...
    """
    return {"id": row.id, "state": row.state, "severity": row.severity, "title": row.title,
            "root": {"kind": row.root_kind, "ref": row.root_ref, "name": row.root_name},
            "opened_at": _iso(row.opened_at), "resolved_at": _iso(row.resolved_at), "updated_at": _iso(row.updated_at),
            "members": row.members, "sources": [s for s in row.sources.split(",") if s],
            "in_maintenance": bool(row.in_maintenance), "key": row.key}


def _choice(value, allowed, name):
    if value in (None, ""):
        return None
    if value not in allowed:
        raise Invalid(f"bad query: {name} must be one of {', '.join(allowed)}", field=name)
    return value


def list_events(db, source=None, severity=None, state=None, entity=None, q=None, incident=None, limit=200):
    """Events, newest sighting first, with filters and a search.

    Args:
        db: The session.
        source / severity / state / entity: Exact filters (None: any).
        q: Text searched in title, detail, entity and fingerprint (case-insensitive).
        incident: Only the members of this incident id.
        limit: At most this many (1-1000).

    Returns:
        dict: ``{"events": [...], "total": n matching}``.

    Raises:
        Invalid: A bad filter value.
    """
    conds = []
    if _choice(severity, SEVERITIES, "severity"):
        conds.append(OpsEvent.severity == severity)
    if _choice(state, STATES, "state"):
        conds.append(OpsEvent.state == state)
    for column, value in ((OpsEvent.source, source), (OpsEvent.entity, entity), (OpsEvent.incident_id, incident)):
        if value not in (None, ""):
            conds.append(column == value)
    if q:
        if len(q) > 200:
            raise Invalid("bad query: q is limited to 200 characters", field="q")
        needle = q.lower()
        conds.append(or_(*(func.lower(c).contains(needle, autoescape=True)
                           for c in (OpsEvent.title, OpsEvent.detail, OpsEvent.entity, OpsEvent.fingerprint))))
    if not 1 <= limit <= 1000:
        raise Invalid("bad query: limit must be 1-1000", field="limit")
    total = db.execute(select(func.count(OpsEvent.id)).where(*conds)).scalar_one()
    rows = db.execute(select(OpsEvent).where(*conds).order_by(OpsEvent.last_seen.desc(), OpsEvent.id.desc())
                      .limit(limit)).scalars()
    return {"events": [event_dict(r) for r in rows], "total": total}


def list_incidents(db, state=None, limit=100):
    """Incidents (merged ones left out), open ones first, then newest.

    Args:
        db: The session.
        state: open, acknowledged, resolved, or None for all.
        limit: At most this many (1-500).

    Returns:
        list[dict]: ``incident_dict`` of each.

    Raises:
        Invalid: A bad state or limit.
    """
    _choice(state, INCIDENT_STATES, "state")
    if not 1 <= limit <= 500:
        raise Invalid("bad query: limit must be 1-500", field="limit")
    query = select(OpsIncident).where(OpsIncident.state == state) if state else \
        select(OpsIncident).where(OpsIncident.state != "merged")
    rows = db.execute(query.order_by(OpsIncident.id.desc()).limit(limit)).scalars()
    return sorted((incident_dict(r) for r in rows),
                  key=lambda i: (i["state"] == "resolved", RANK.get(i["severity"], 3), -i["id"]))


def snapshot_incidents(db, now, watcher=None, recent_hours=1, limit=20):
    """The snapshot's ``incidents``: every open or acknowledged one, and those resolved within the hour.

    Args:
        db: The session.
        now: The current time.
        watcher: The snapshot's watcher state when a dead watcher counts (a blind spot nobody can record).
        recent_hours: How long a resolved incident stays listed.
        limit: At most this many.

    Returns:
        list[dict]: Open first (most severe first), then recently resolved.
    """
    rows = db.execute(select(OpsIncident).where(or_(
        OpsIncident.state.in_(("open", "acknowledged")),
        (OpsIncident.state == "resolved") & (OpsIncident.resolved_at >= now - timedelta(hours=recent_hours))))
        .order_by(OpsIncident.id.desc()).limit(limit)).scalars()
    out = sorted((incident_dict(r) for r in rows),
                 key=lambda i: (i["state"] == "resolved", RANK.get(i["severity"], 3), -i["id"]))
    if watcher is not None and not watcher.get("alive"):
        out.insert(0, {"id": None, "state": "open", "severity": "critical",
                       "title": "watcher not running: nothing is being polled or recorded",
                       "root": {"kind": "source", "ref": "source:watcher", "name": "watcher"},
                       "opened_at": watcher.get("last_cycle_at"), "resolved_at": None, "updated_at": None,
                       "members": 0, "sources": ["watcher"], "in_maintenance": False, "key": "watcher"})
    return out
