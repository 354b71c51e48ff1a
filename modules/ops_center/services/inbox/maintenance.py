"""
Operations Command Center - Maintenance Windows

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Windows over an entity (``host:pve01``) or a source
    (``librenms``) with an end time. Events sighted inside one are kept and
    MARKED with the window (never hidden, never dropped); resolutions are
    never suppressed; an incident whose every firing member is marked says
    so. Opening a window marks what fires in its scope at once; ending one
    early moves its end to now. Both leave an audit row.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from datetime import timedelta

from sqlalchemy import select, update

from ...models.events import OpsEvent, OpsMaintenance
from .. import audit
from ..errors import Invalid, NotFound
from ..polling.instances import load_instances
from . import incidents, topology
from .links_toml import NAME

SCOPES = ("entity", "source")
MAX_MINUTES = 7 * 24 * 60


def active(db, now):
    """The windows open now.

    Args:
        db: The session.
        now: The current time.

    Returns:
        list[OpsMaintenance]: Oldest first.
    """
    return list(db.execute(select(OpsMaintenance).where(OpsMaintenance.starts_at <= now, OpsMaintenance.ends_at > now)
                           .order_by(OpsMaintenance.id)).scalars())


def window_dict(row, now):
    """A window as the API shows it.

    Args:
        row: An ``OpsMaintenance``.
        now: The current time.

    Returns:
        dict: id, scope_kind, scope, starts_at, ends_at, active, created_by, note.
    """
    return {"id": row.id, "scope_kind": row.scope_kind, "scope": row.scope,
            "starts_at": row.starts_at.isoformat(timespec="seconds"),
            "ends_at": row.ends_at.isoformat(timespec="seconds"),
            "active": row.starts_at <= now < row.ends_at, "created_by": row.created_by, "note": row.note}


def recent(db, now, hours=24):
    """Windows open now or ended within some hours.

    Args:
        db: The session.
        now: The current time.
        hours: How far back ended windows are listed.

    Returns:
        list[dict]: Newest first.
    """
    rows = db.execute(select(OpsMaintenance).where(OpsMaintenance.ends_at > now - timedelta(hours=hours))
                      .order_by(OpsMaintenance.id.desc())).scalars()
    return [window_dict(r, now) for r in rows]


def _check(scope_kind, scope, minutes, note):
    if scope_kind not in SCOPES:
        raise Invalid(f"scope_kind must be one of {', '.join(SCOPES)}", field="scope_kind")
    if not isinstance(scope, str) or not scope.strip() or len(scope) > 160 or \
            not all(NAME.match(p) for p in scope.strip().split(":") if p):
        raise Invalid("scope must be an entity such as host:pve01 or a source name", field="scope")
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not 1 <= minutes <= MAX_MINUTES:
        raise Invalid(f"minutes must be a number from 1 to {MAX_MINUTES}", field="minutes")
    if note is not None and (not isinstance(note, str) or len(note) > 1000):
        raise Invalid("note is text of at most 1000 characters", field="note")


def _incident_ids(db, cond):
    return {i for (i,) in db.execute(select(OpsEvent.incident_id).where(cond, OpsEvent.state == "firing")) if i}


def _remark(db, cond, now):
    """Recompute the maintenance mark of the incidents whose events a window just marked."""
    incidents.refresh_ids(db, _incident_ids(db, cond), topology.current_namer(load_instances()), now)


def create(db, scope_kind, scope, minutes, note, by, now):
    """Open a window now, mark what fires in its scope, audit and commit.

    Args:
        db: The session.
        scope_kind: entity or source.
        scope: The entity key or source name.
        minutes: Its length.
        note: Operator note or None.
        by: Who opened it.
        now: The current time.

    Returns:
        dict: The window.

    Raises:
        Invalid: A bad scope, length or note.
    """
    _check(scope_kind, scope, minutes, note)
    scope = scope.strip()
    row = OpsMaintenance(scope_kind=scope_kind, scope=scope, starts_at=now, ends_at=now + timedelta(minutes=minutes),
                         created_by=by, created_at=now, note=(note or "").strip() or None)
    db.add(row)
    db.flush()
    column = OpsEvent.entity if scope_kind == "entity" else OpsEvent.source
    db.execute(update(OpsEvent).where(OpsEvent.state == "firing", column == scope).values(maintenance_id=row.id))
    _remark(db, (OpsEvent.maintenance_id == row.id), now)
    audit.record("maintenance.start", f"{scope_kind} {scope}", "ok", requested=f"{minutes:g} min", commit=False)
    db.commit()
    return window_dict(row, now)


def end(db, window_id, now):
    """End a window now: what still fires loses the mark, what resolved inside keeps it; audit and commit.

    Args:
        db: The session.
        window_id: Its id.
        now: The current time.

    Returns:
        dict: The window.

    Raises:
        NotFound: No such window.
    """
    row = db.get(OpsMaintenance, window_id)
    if row is None:
        raise NotFound(f"no maintenance window {window_id}")
    if row.ends_at > now:
        row.ends_at = max(now, row.starts_at)
    ids = _incident_ids(db, OpsEvent.maintenance_id == row.id)
    db.execute(update(OpsEvent).where(OpsEvent.state == "firing", OpsEvent.maintenance_id == row.id)
               .values(maintenance_id=None))
    incidents.refresh_ids(db, ids, topology.current_namer(load_instances()), now)
    audit.record("maintenance.end", f"{row.scope_kind} {row.scope}", "ok", commit=False)
    db.commit()
    return window_dict(row, now)

