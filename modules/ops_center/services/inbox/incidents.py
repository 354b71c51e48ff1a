"""
Operations Command Center - Incidents

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The bookkeeping of ``ops_incidents``: open one for a key, merge
    one into another (its members move; the old row stays, state ``merged``,
    pointing at the new one), and recompute an incident from its members —
    state (open; acknowledged when every firing member is acked; resolved
    when every member is), severity, members, sources, the maintenance mark
    and a title naming the cause ("zyxel-1 port 12 down → pve01, pve02
    unreachable"). Acks and maintenance never hide an incident.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from sqlalchemy import select, update

from ...models.events import OpsEvent, OpsIncident
from . import entities as E

OPEN_STATES = ("open", "acknowledged")
SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}
CONDITION_TEXT = {"down": "down", "off": "off", "blind": "blind", "load": "overloaded", "degraded": "degraded"}
SHOWN = ("host", "switch", "wan", "pdu")  # the affected things a title names (not every port in between)


def anchor(key):
    """What an incident's key is about.

    Args:
        key: ``root:<entity>``, ``entity:<entity>`` or ``burst:<source>:<category>``.

    Returns:
        tuple: (kind of key, the entity or ``<source>:<category>``).
    """
    kind, _, rest = key.partition(":")
    return kind, rest


def root_fields(key, namer):
    """(root_kind, root_ref, root_name) of a key.

    Args:
        key: The incident key.
        namer: The ``entities.Namer``.

    Returns:
        tuple: Three strings.
    """
    kind, rest = anchor(key)
    if kind == "burst":
        source, _, category = rest.rpartition(":")
        return "source", source, f"{source} {category}"
    return E.kind_of(rest), rest, namer.name(rest)[:160]


def open_one(db, key, namer, now):
    """Open a new incident for a key.

    Args:
        db: The session.
        key: Its key.
        namer: The ``entities.Namer``.
        now: The current time.

    Returns:
        OpsIncident: The new row (flushed, so it has an id).
    """
    kind, ref, name = root_fields(key, namer)
    row = OpsIncident(key=key[:200], state="open", severity="info", title=name, root_kind=kind, root_ref=ref[:160],
                      root_name=name, opened_at=now, updated_at=now, last_event_at=now, members=0, sources="",
                      in_maintenance=0)
    db.add(row)
    db.flush()
    return row


def merge(db, src, dst, now):
    """Move every member of ``src`` into ``dst``; ``src`` stays as a pointer (state ``merged``).

    Args:
        db: The session.
        src: The incident merged away.
        dst: The incident it joins.
        now: The current time.

    Returns:
        None
    """
    db.flush()
    db.execute(update(OpsEvent).where(OpsEvent.incident_id == src.id).values(incident_id=dst.id),
               execution_options={"synchronize_session": "fetch"})
    src.state, src.merged_into, src.resolved_at, src.updated_at = "merged", dst.id, now, now
    if src.opened_at < dst.opened_at:
        dst.opened_at = src.opened_at  # the incident began with its first symptom


def _title(key, members, namer):
    kind, rest = anchor(key)
    if kind == "root":
        on_root = [m for m in members if m.entity == rest]
        cond = next((CONDITION_TEXT.get(m.condition) for m in on_root if m.condition in CONDITION_TEXT), "down")
        hit = sorted({namer.name(m.entity) for m in members if m.entity and m.entity != rest
                      and m.relation in ("unreachable", "caused") and E.kind_of(m.entity) in SHOWN})
        text = f"{namer.name(rest)} {cond}"
        if hit:
            text += " → " + ", ".join(hit[:4]) + (f" +{len(hit) - 4}" if len(hit) > 4 else "") + " unreachable"
        return text
    if len(members) == 1:
        return members[0].title
    if kind == "entity":
        top = min(members, key=lambda m: (m.state != "firing", SEVERITY_RANK.get(m.severity, 3), m.id or 0))
        return f"{namer.name(rest)}: {top.title} (+{len(members) - 1} more)"
    source, _, category = rest.rpartition(":")
    return f"{source}: {len(members)} {category} alerts"


def refresh(inc, members, namer, now):
    """Recompute an incident from its members (writes only what changed).

    Args:
        inc: The ``OpsIncident``.
        members: Its ``OpsEvent`` rows.
        namer: The ``entities.Namer``.
        now: The current time.

    Returns:
        bool: True when anything changed.
    """
    if not members:
        return False
    firing = [m for m in members if m.state == "firing"]
    pool = firing or members
    values = {
        "state": ("acknowledged" if all(m.ack_kind for m in firing) else "open") if firing else "resolved",
        "resolved_at": None if firing else max((m.resolved_at or now) for m in members),
        "severity": min((m.severity for m in pool), key=lambda s: SEVERITY_RANK.get(s, 3)),
        "title": _title(inc.key, members, namer)[:255],
        "members": len(members),
        "sources": ",".join(sorted({m.source for m in members}))[:500],
        "in_maintenance": int(bool(firing) and all(m.maintenance_id for m in firing)),
        "last_event_at": max(m.opened_at for m in members),
    }
    changed = [k for k, v in values.items() if getattr(inc, k) != v]
    for key in changed:
        setattr(inc, key, values[key])
    if changed:
        inc.updated_at = now
    return bool(changed)


def members_of(db, ids):
    """The members of some incidents.

    Args:
        db: The session.
        ids: Incident ids.

    Returns:
        dict: incident id -> list of ``OpsEvent``.
    """
    out = {i: [] for i in ids}
    ids = list(ids)
    for start in range(0, len(ids), 500):
        rows = db.execute(select(OpsEvent).where(OpsEvent.incident_id.in_(ids[start:start + 500]))).scalars()
        for row in rows:
            out.setdefault(row.incident_id, []).append(row)
    return out


def refresh_ids(db, ids, namer, now):
    """Recompute some incidents from their members.

    Args:
        db: The session.
        ids: Incident ids.
        namer: The ``entities.Namer``.
        now: The current time.

    Returns:
        int: How many changed.
    """
    if not ids:
        return 0
    groups = members_of(db, ids)
    rows = db.execute(select(OpsIncident).where(OpsIncident.id.in_(list(ids)))).scalars()
    return sum(refresh(inc, groups.get(inc.id, []), namer, now) for inc in rows if inc.state != "merged")
