"""
Operations Command Center - Correlation

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Puts firing events into incidents. Each event gets a key:
    - on an element that failed or is cut off: ``root:<root>`` — its root
      (graph.py), so every host behind a failed port or outlet joins the
      port's or outlet's incident as UNREACHABLE (or CAUSED);
    - on any other element (a CPU alert on a healthy host): ``entity:<it>``;
    - with no element at all (an IPS signature, a log line): ``burst:<source>:
      <category>`` — unmapped events correlate by time only within their own
      source and category: they join that burst's open incident while they
      come within the window of its last event, else they open a new one.
    An event joins the open incident of its key, or opens one; an ``info``
    event never opens an incident by itself. An event stays in its incident
    until that incident is merged: when an incident's own element turns out
    to sit behind another root (the child arrived first), the whole incident
    merges into the root's — if the two began within the window
    (``OPS_CENTER_INCIDENT_WINDOW``), so arrival order does not matter. An
    event that comes back within the window of its incident's resolution
    reopens that incident; later, it opens a new one.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from sqlalchemy import select

from ...models.events import OpsIncident
from . import incidents as I

FAILURE = ("down", "off", "blind")


def key_for(entity, source, category, analysis):
    """An event's incident key and its relation to the incident's root.

    Args:
        entity: The event's entity or None.
        source: Its source.
        category: Its category.
        analysis: The ``graph.Analysis`` of the current failures.

    Returns:
        tuple: (key, relation: root, unreachable, caused or member).
    """
    if entity:
        root = analysis.root_of(entity)
        if root:
            return f"root:{root}", analysis.relation(entity, root)
        return f"entity:{entity}", "member"
    return f"burst:{source}:{category}", "member"


def _merges(db, open_inc, firing, analysis, namer, window, now, touched):
    """Merge incidents whose own element now sits behind another root (within the window)."""
    first_seen, merged = {}, False
    for ev in firing:
        if ev.entity and (ev.entity not in first_seen or ev.opened_at < first_seen[ev.entity]):
            first_seen[ev.entity] = ev.opened_at
    for inc in sorted(open_inc.values(), key=lambda i: i.opened_at):
        kind, ent = I.anchor(inc.key)
        if kind == "burst":
            continue
        root = analysis.root_of(ent)
        want = f"root:{root}" if root else None
        if want is None or want == inc.key:
            continue
        target = open_inc.get(want)
        if root == ent and target is None:  # the element itself failed now: same incident, now rooted at it
            del open_inc[inc.key]
            inc.key = want
            open_inc[want] = inc
            touched.add(inc.id)
            merged = True
            continue
        began = first_seen.get(root, now)
        if root != ent and abs((inc.opened_at - began).total_seconds()) > window:
            continue  # an older, separate trouble of that element stays its own incident
        if target is None:
            target = open_inc[want] = I.open_one(db, want, namer, min(began, inc.opened_at))
        del open_inc[inc.key]
        I.merge(db, inc, target, now)
        touched.add(target.id)
        merged = True
    return merged


def run(db, firing, graph, namer, window, now):
    """Correlate every firing event into incidents and recompute the incidents they touch.

    Args:
        db: The session.
        firing: The firing ``OpsEvent`` rows.
        graph: The ``graph.Graph``.
        namer: The ``entities.Namer``.
        window: Seconds that make events one incident.
        now: The current time.

    Returns:
        set: Ids of the incidents touched.
    """
    analysis = graph.analyse({e.entity for e in firing if e.entity and e.condition in FAILURE})
    rows = db.execute(select(OpsIncident).where(OpsIncident.state.in_(I.OPEN_STATES))
                      .order_by(OpsIncident.id)).scalars()
    open_inc = {}
    for inc in rows:
        open_inc.setdefault(inc.key, inc)
    touched = {i.id for i in open_inc.values()}
    for _pass in range(3):  # a merge can reveal another (a chain of elements that failed in turn)
        if not _merges(db, open_inc, firing, analysis, namer, window, now, touched):
            break
    by_id = {i.id: i for i in open_inc.values()}
    for ev in sorted(firing, key=lambda e: (e.opened_at, e.id or 0)):
        key, relation = key_for(ev.entity, ev.source, ev.category, analysis)
        current = by_id.get(ev.incident_id) or (db.get(OpsIncident, ev.incident_id) if ev.incident_id else None)
        if current is not None and current.state in I.OPEN_STATES:
            if current.key == key and ev.relation != relation:
                ev.relation = relation
            touched.add(current.id)
            continue
        if current is not None and current.state == "resolved" and current.key == key and current.resolved_at \
                and (now - current.resolved_at).total_seconds() <= window and key not in open_inc:
            current.state, current.resolved_at = "open", None  # it came back within the window: reopen
            open_inc[key] = by_id[current.id] = current
            ev.relation = relation
            touched.add(current.id)
            continue
        target = open_inc.get(key)
        if target is not None and key.startswith("burst:") and \
                (ev.opened_at - target.last_event_at).total_seconds() > window:
            target = None
        if target is None:
            if ev.severity == "info":
                ev.incident_id = None
                continue
            target = open_inc[key] = I.open_one(db, key, namer, ev.opened_at)
            by_id[target.id] = target
        ev.incident_id, ev.relation = target.id, relation
        target.last_event_at = max(target.last_event_at, ev.opened_at)
        touched.add(target.id)
    I.refresh_ids(db, touched, namer, now)
    return touched
