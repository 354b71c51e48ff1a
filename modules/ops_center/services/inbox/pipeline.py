"""
Operations Command Center - Inbox Pipeline

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The watcher's one call after each cycle (``run_cycle``): read
    what the sources last said from the cache, decide which sources are fresh
    and which blind, turn each new fetch into sightings, upsert them by
    fingerprint, resolve what a fresh source no longer reports, and — when
    anything changed, or once a minute — correlate into incidents. Events,
    incidents and the pipeline's memory commit together, so a new process on
    the same database neither loses nor doubles a sighting. A cycle with no
    new fetch reads two rows and writes nothing (its memory at most every
    ``MEMORY_EVERY`` seconds). An inbox failure is logged and never stops the
    watcher.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import logging
from contextlib import nullcontext
from datetime import datetime

from flask import current_app, has_app_context

from ...integrations.kit import clock
from ...models.base import session, utcnow
from ...models.events import OpsEvent
from ..polling import cache_store
from ..polling.instances import load_instances, ttl_for
from . import blind, correlate, derive, events, incidents, maintenance, memory, topology

log = logging.getLogger(__name__)
CORRELATE_EVERY = 60.0  # seconds: windows that ended, sources removed; changes correlate at once
MEMORY_EVERY = 10.0  # seconds between memory writes on quiet cycles (the watcher-gap detector reads last_run)
_WARNED = {"at": -1e9}


def run_cycle(app):
    """One pass of the pipeline; never raises (the watcher must outlive any inbox trouble).

    Args:
        app: The Flask app.

    Returns:
        dict | None: What the pass did (``process``), or None after an error.
    """
    # The watcher calls from inside its app context: share its session (a nested context would open a second
    # connection, whose writes a reader's open transaction could block on a database without WAL).
    same = has_app_context() and current_app._get_current_object() is app
    with nullcontext() if same else app.app_context():
        try:
            return process(app)
        except Exception:  # noqa: BLE001 - polling goes on whatever the inbox does
            try:
                session().rollback()
            except Exception:  # noqa: BLE001 - the rollback of a broken connection may fail too
                pass
            if clock.monotonic() - _WARNED["at"] > 60:
                _WARNED["at"] = clock.monotonic()
                log.exception("inbox pass failed (polling goes on; next report in a minute at the earliest)")
            return None


def _ago(iso, now):
    try:
        return (now - datetime.fromisoformat(iso)).total_seconds()
    except (TypeError, ValueError):
        return None


def _ttls(app, instances):
    out = {}
    for inst in instances:
        try:
            out[inst.name] = ttl_for(app, inst)
        except Exception:  # noqa: BLE001 - a type that no longer loads has no TTL
            out[inst.name] = 0
    return out


def _watcher_gap(db, mem, app, namer, now):
    """Record a span nobody watched (longer than 2 x the shortest TTL) as a resolved blind-spot event."""
    quiet = _ago(mem.get("last_run"), now)
    limit = 2 * min(float(app.config.get(k, 30)) for k in ("OPS_CENTER_TTL_CRITICAL", "OPS_CENTER_TTL_STATUS"))
    if quiet is None or quiet <= max(limit, 2 * MEMORY_EVERY):
        return False
    began = datetime.fromisoformat(mem["last_run"])
    row = OpsEvent(fingerprint=f"watcher|source:watcher|blind|{mem['last_run']}"[:255], source="watcher",
                   category="blind", severity="critical", entity="source:watcher", condition="blind",
                   title=f"watcher not running for {int(quiet // 60)} min {int(quiet % 60)} s",
                   detail="Nothing was polled in this span: what happened in it was not seen.", first_seen=began,
                   opened_at=began, last_seen=began, count=1, state="resolved", resolved_at=now, relation="root")
    db.add(row)
    inc = incidents.open_one(db, "burst:watcher:blind", namer, began)
    row.incident_id = inc.id
    incidents.refresh(inc, [row], namer, now)
    return True


def process(app, now=None):
    """One pass of the pipeline in an app context (see the module description).

    Args:
        app: The Flask app.
        now: The time of the pass (tests); default now.

    Returns:
        dict: ``{"fresh", "blind", "opened", "reopened", "resolved", "counted", "correlated"}``.
    """
    db, now = session(), now or utcnow()
    instances = load_instances()
    cached = cache_store.load([i.name for i in instances])
    envelopes = {name: env for name, (env, _exp) in cached.items()}
    mem, mem_row = memory.load(db)
    verdict = blind.evaluate(instances, envelopes, _ttls(app, instances), mem["sources"], now)
    blind_names = sorted(s["source"] for s, _ in verdict.blind)
    live = {i.name for i in instances}
    since_corr = _ago(mem.get("last_correlated"), now)
    due = since_corr is None or since_corr >= CORRELATE_EVERY
    work = bool(verdict.fresh) or blind_names != mem.get("blind", []) or any(r for _, r in verdict.blind) or due
    report = {"fresh": sorted(verdict.fresh), "blind": blind_names, "opened": 0, "reopened": 0, "resolved": 0,
              "counted": 0, "correlated": False}
    if not work:
        if verdict.sources != mem["sources"] or (_ago(mem.get("last_run"), now) or 1e9) >= MEMORY_EVERY:
            mem.update(sources=verdict.sources, last_run=now.isoformat())
            memory.save(db, mem_row, mem)
            db.commit()
        return report
    graph = topology.build_graph(db, instances)
    namer = topology.namer_for(instances, envelopes)
    firing = {r.fingerprint: r for r in events.firing_rows(db)}
    cfg = app.config
    ctx = derive.Context(namer, graph.mapped, graph.uplinks, dict(mem["outlets"]), set(firing),
                         float(cfg["OPS_CENTER_PDU_LOAD_WARN_PCT"]), float(cfg["OPS_CENTER_PDU_LOAD_CRIT_PCT"]))
    batch = []
    for name in sorted(verdict.fresh):
        found, outlet_states = derive.sightings(name, verdict.fresh[name], ctx)
        mem["outlets"].update(outlet_states)
        batch += [(s, True) for s in found]
    batch += verdict.blind
    changes = events.upsert(db, batch, firing, maintenance.active(db, now), now)
    events.resolve_gone(db, firing, {s["fingerprint"] for s, _ in batch}, set(verdict.fresh), verdict.clear, live,
                        now, changes)
    gap = _watcher_gap(db, mem, app, namer, now)
    if changes.any or due or gap:
        db.flush()
        correlate.run(db, list(firing.values()), graph, namer, float(cfg["OPS_CENTER_INCIDENT_WINDOW"]), now)
        mem["last_correlated"] = now.isoformat()
    mem.update(sources=verdict.sources, last_run=now.isoformat(), blind=blind_names)
    memory.save(db, mem_row, mem)
    db.commit()
    report.update(opened=len(changes.opened), reopened=len(changes.reopened), resolved=len(changes.resolved),
                  counted=changes.counted, correlated=changes.any or due or gap)
    return report
