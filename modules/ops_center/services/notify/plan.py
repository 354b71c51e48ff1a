"""
Operations Command Center - Notify Planning

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Turns the incidents into outbox rows, once per watcher pass:
    - opened: an incident still open one grace (``OPS_CENTER_NOTIFY_GRACE``)
      after an earlier pass first saw it, so the root can arrive and the
      children merge first; inside a maintenance window it is suppressed;
    - escalated: severity up or more members (at most once per grace);
      an incident merged into another hands what was told to the survivor;
    - resolved: always, for every incident that was notified or suppressed;
    - reminder: every ``OPS_CENTER_NOTIFY_REMIND_MINUTES`` while open and
      unacknowledged (0: off).
    ``ops_notify_incidents`` remembers what was told; it commits with the
    rows, and (incident, kind, seq, target) is unique, so nothing doubles.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

from datetime import datetime, timedelta
from fnmatch import fnmatch
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from ...models.events import OpsIncident
from ...models.notify import OpsNotifyIncident, OpsNotifyOutbox, OpsNotifyTarget
from ..inbox import incidents as I
from .message import RANK, compose

TOLD = ("notified", "suppressed")


def matches(target, inc, members):
    """Whether a target wants messages about an incident (severity, sources, entities).

    Args:
        target: An ``OpsNotifyTarget``.
        inc: The ``OpsIncident``.
        members: Its ``OpsEvent`` rows.

    Returns:
        bool: True when every filter passes.
    """
    if RANK.get(inc.severity, 3) > RANK.get(target.min_severity, 1):
        return False
    sources = [s for s in target.sources.split(",") if s]
    if sources and not set(sources) & set(inc.sources.split(",")):
        return False
    patterns = [e for e in target.entities.split(",") if e]
    names = {inc.root_ref, inc.root_name} | {m.entity for m in members if m.entity}
    return not patterns or any(fnmatch(n, p) for n in names for p in patterns)


def quiet_until(spec, now, tz="UTC"):
    """The end of the quiet hours ``now`` falls in, or None.

    Args:
        spec: ``HH:MM-HH:MM`` (may span midnight) or empty.
        now: Aware UTC time.
        tz: The zone the hours are read in.

    Returns:
        datetime | None: When they end (aware UTC).
    """
    if not spec:
        return None
    local = now.astimezone(ZoneInfo(tz))
    start, end = ([int(x) for x in part.split(":")] for part in spec.split("-"))
    minute, a, b = local.hour * 60 + local.minute, start[0] * 60 + start[1], end[0] * 60 + end[1]
    inside = (a <= minute < b) if a <= b else (minute >= a or minute < b)
    if not inside:
        return None
    stop = datetime.combine(local.date(), datetime.min.time(), local.tzinfo) + timedelta(minutes=b)
    return (stop if stop > local else stop + timedelta(days=1)).astimezone(now.tzinfo)


def _queue(db, cfg, kind, inc, members, chosen, memo, now, note=""):
    """Queue one message about an incident for some targets; the memo notes it."""
    if not chosen:
        return 0
    memo.seq += 1
    title, body = compose(kind, inc, members, cfg["OPS_CENTER_PUBLIC_URL"], now, note)
    for target in chosen:
        held = None if inc.severity == "critical" else quiet_until(target.quiet_hours, now,
                                                                   cfg["OPS_CENTER_NOTIFY_TIMEZONE"])
        db.add(OpsNotifyOutbox(incident_id=inc.id, kind=kind, seq=memo.seq, target_id=target.id, state="queued",
                               severity=inc.severity, title=title, body=body, attempts=0, next_at=held or now,
                               created_at=now))
    ids = {int(t) for t in memo.targets.split(",") if t} | {t.id for t in chosen}
    memo.targets = ",".join(str(i) for i in sorted(ids))[:500]
    memo.told_at, memo.severity, memo.members = now, inc.severity, inc.members
    return len(chosen)


def _hand_over(db, memo, rows, now):
    """A merged incident's memory moves to the incident it joined (what was told stays told)."""
    for inc_id, m in list(memo.items()):
        inc = rows.get(inc_id)
        if inc is None or inc.state != "merged" or inc.merged_into is None:
            continue
        if m.status in TOLD:
            dst = memo.get(inc.merged_into) or db.get(OpsNotifyIncident, inc.merged_into)
            if dst is None:
                dst = memo[inc.merged_into] = OpsNotifyIncident(incident_id=inc.merged_into, status="seen", seq=0,
                                                                severity=m.severity, members=0, targets="",
                                                                seen_at=now)
                db.add(dst)
            if dst.status not in TOLD:
                dst.status, dst.severity, dst.members, dst.told_at = m.status, m.severity, m.members, m.told_at
            dst.targets = ",".join(sorted(set(dst.targets.split(",")) | set(m.targets.split(",")) - {""}))[:500]
        m.status = "done"


def plan(db, cfg, now):
    """Queue every message due now (see the module description); no commit.

    Args:
        db: The session.
        cfg: The app's config.
        now: The current time.

    Returns:
        int: Outbox rows queued.
    """
    targets = db.execute(select(OpsNotifyTarget).where(OpsNotifyTarget.is_active.is_(True))
                         .order_by(OpsNotifyTarget.id)).scalars().all()
    if not targets:
        return 0
    live = {i.id: i for i in db.execute(select(OpsIncident).where(OpsIncident.state.in_(I.OPEN_STATES))).scalars()}
    memo = {m.incident_id: m for m in db.execute(select(OpsNotifyIncident).where(or_(
        OpsNotifyIncident.status != "done", OpsNotifyIncident.incident_id.in_(list(live))))).scalars()}
    rows = dict(live)
    rows.update({i.id: i for i in db.execute(select(OpsIncident).where(OpsIncident.id.in_(
        [k for k in memo if k not in live]))).scalars()})
    _hand_over(db, memo, rows, now)
    grace = timedelta(seconds=float(cfg["OPS_CENTER_NOTIFY_GRACE"]))
    remind = timedelta(minutes=float(cfg["OPS_CENTER_NOTIFY_REMIND_MINUTES"] or 0))
    groups = I.members_of(db, [k for k, m in memo.items() if m.status != "done" or k in live] + list(live))
    by_id, queued = {t.id: t for t in targets}, 0
    for inc_id, inc in rows.items():
        m, members = memo.get(inc_id), groups.get(inc_id, [])
        if inc.state in I.OPEN_STATES:
            if m is None:
                db.add(OpsNotifyIncident(incident_id=inc_id, status="seen", seq=0, severity=inc.severity,
                                         members=inc.members, targets="", seen_at=now))
                continue
            if m.status == "done":
                m.status, m.seen_at, m.targets = "seen", now, ""
                continue
            chosen = [t for t in targets if matches(t, inc, members)]
            if m.status == "seen" or (m.status == "suppressed" and not inc.in_maintenance):
                if now - m.seen_at < grace:
                    continue
                if inc.in_maintenance:
                    m.status, m.severity, m.members = "suppressed", inc.severity, inc.members
                    continue
                queued += _queue(db, cfg, "opened", inc, members, chosen, m, now)
                m.status = "notified"
            elif m.status == "notified":
                worse = RANK.get(inc.severity, 3) < RANK.get(m.severity, 3) or inc.members > m.members
                if worse and (m.told_at is None or now - m.told_at >= grace):
                    queued += _queue(db, cfg, "escalated", inc, members, chosen, m, now)
                elif remind and inc.state == "open" and m.told_at and now - m.told_at >= remind:
                    queued += _queue(db, cfg, "reminder", inc, members, chosen, m, now)
        elif m is not None and m.status != "done":
            if inc.state == "resolved" and m.status in TOLD:
                told = [by_id[int(t)] for t in m.targets.split(",") if t and int(t) in by_id]
                chosen = told if m.status == "notified" else [t for t in targets if matches(t, inc, members)]
                note = "(opened during maintenance: not announced then)" if m.status == "suppressed" else ""
                queued += _queue(db, cfg, "resolved", inc, members, chosen, m, now, note)
            if inc.state != "merged":
                m.status = "done"
    return queued
