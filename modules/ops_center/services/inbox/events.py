"""
Operations Command Center - Events

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The events of ``ops_events``, upserted by fingerprint. A new
    sighting opens a row (first_seen, count 1); a sighting of a firing row
    counts (count + 1, last_seen); a sighting of a resolved row reopens it with
    its history (first_seen and count kept). A firing row its fresh source no
    longer reports resolves; a blind source's rows are left alone (not counted,
    not resolved). Acks: a normal ack clears when the event changes (severity,
    condition or title) and every ack clears on recovery; the local alert
    acknowledgement an inbox ack mirrored goes with it. Nothing is deleted.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from dataclasses import dataclass, field

from sqlalchemy import delete, select

from ...models.alerts import OpsAlertAck
from ...models.events import OpsEvent

FIRING, RESOLVED = "firing", "resolved"
TRACKED = ("severity", "condition", "title")
CHUNK = 500  # fingerprints per IN (...) query, well under SQLite's variable limit


@dataclass
class Changes:
    """What one pass changed.

    Attributes:
        opened / reopened / resolved: The rows that changed state.
        counted / altered: Sightings counted on firing rows / rows whose content or mark changed.
    """

    opened: list = field(default_factory=list)
    reopened: list = field(default_factory=list)
    resolved: list = field(default_factory=list)
    counted: int = 0
    altered: int = 0

    @property
    def any(self):
        """Whether anything but a count changed.

        Returns:
            bool: True when an event opened, reopened, resolved or changed.
        """
        return bool(self.opened or self.reopened or self.resolved or self.altered)


def firing_rows(db):
    """Every firing event.

    Args:
        db: The session.

    Returns:
        list[OpsEvent]: The rows.
    """
    return list(db.execute(select(OpsEvent).where(OpsEvent.state == FIRING)).scalars())


def clear_ack(db, row):
    """Drop an event's ack (and the local alert acknowledgement it mirrored).

    Args:
        db: The session.
        row: The ``OpsEvent``.

    Returns:
        None
    """
    if row.ack_kind is None:
        return
    if "|" not in row.fingerprint and row.ack_at is not None:
        db.execute(delete(OpsAlertAck).where(OpsAlertAck.alert_id == row.fingerprint,
                                             OpsAlertAck.acknowledged_at == row.ack_at))
    row.ack_kind = row.ack_by = row.ack_at = row.ack_note = None


def _window_for(sighting, windows):
    return next((w.id for w in windows if w.scope == sighting["source" if w.scope_kind == "source" else "entity"]),
                None)


def _update(db, row, sighting, changes):
    changed = [k for k in TRACKED if getattr(row, k) != sighting[k]]
    if changed:
        changes.altered += 1
        if row.ack_kind == "normal":
            clear_ack(db, row)
    for key in ("severity", "condition", "title", "detail", "entity", "category"):
        if getattr(row, key) != sighting[key]:
            setattr(row, key, sighting[key])


def upsert(db, batch, firing, windows, now):
    """Count every sighting on its row: open, count or reopen.

    Args:
        db: The session.
        batch: ``(sighting, recount)`` pairs; ``recount`` False for a blind spot seen without a new fetch.
        firing: fingerprint -> firing ``OpsEvent`` (updated with the rows opened here).
        windows: Active ``OpsMaintenance`` rows.
        now: The current time.

    Returns:
        Changes: What changed.
    """
    changes = Changes()
    missing = [s["fingerprint"] for s, _ in batch if s["fingerprint"] not in firing]
    known = {}
    for i in range(0, len(missing), CHUNK):
        rows = db.execute(select(OpsEvent).where(OpsEvent.fingerprint.in_(missing[i:i + CHUNK]))).scalars()
        known.update({r.fingerprint: r for r in rows})
    for sighting, recount in batch:
        fp = sighting["fingerprint"]
        row = firing.get(fp) or known.get(fp)
        if row is None:
            row = OpsEvent(**sighting, first_seen=now, opened_at=now, last_seen=now, count=1, state=FIRING,
                           maintenance_id=_window_for(sighting, windows))
            db.add(row)
            changes.opened.append(row)
        elif row.state == RESOLVED:
            clear_ack(db, row)
            row.state, row.opened_at, row.resolved_at = FIRING, now, None
            row.count, row.last_seen = row.count + 1, now
            row.maintenance_id = _window_for(sighting, windows)
            _update(db, row, sighting, changes)
            changes.reopened.append(row)
        else:
            _update(db, row, sighting, changes)
            if recount:
                row.count, row.last_seen = row.count + 1, now
                window = _window_for(sighting, windows)
                if window != row.maintenance_id:
                    row.maintenance_id = window
                    changes.altered += 1  # its incident's maintenance mark follows
                changes.counted += 1
        firing[fp] = row
    return changes


def resolve(db, row, now, changes, why=None):
    """Resolve one firing event (every ack clears on recovery).

    Args:
        db: The session.
        row: The ``OpsEvent``.
        now: The current time.
        changes: The ``Changes`` to record it in.
        why: Text appended to the detail (a removed source).

    Returns:
        None
    """
    clear_ack(db, row)
    row.state, row.resolved_at = RESOLVED, now
    if why:
        row.detail = f"{row.detail or ''} ({why})".strip()
    changes.resolved.append(row)


def resolve_gone(db, firing, sighted, fresh, clear, live, now, changes):
    """Resolve what its source no longer reports; leave a blind source's events alone.

    Args:
        db: The session.
        firing: fingerprint -> firing ``OpsEvent``.
        sighted: Fingerprints sighted this cycle.
        fresh: Names of sources with a new good fetch.
        clear: Names of sources that are not blind.
        live: Names of every configured source.
        now: The current time.
        changes: The ``Changes`` to add to.

    Returns:
        None
    """
    for fp, row in list(firing.items()):
        if fp in sighted or row.state != FIRING:
            continue
        if row.source not in live and row.source != "watcher":
            resolve(db, row, now, changes, "source removed")
        elif row.category == "blind":
            if row.source in clear:
                resolve(db, row, now, changes)
        elif row.source in fresh:
            resolve(db, row, now, changes)
        else:
            continue
        del firing[fp]
