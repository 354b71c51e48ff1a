"""
Operations Command Center - Snapshot Merge

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: Merges the per-instance envelopes into the one snapshot shape
    of DESIGN.md section 4: source health, WANs merged by name across
    sources, one alert inbox with local acknowledgements, outages, uptime,
    PDUs and switches, the watcher's state, and the headline (overall and its
    reasons, from headline.py).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): ``watcher`` and ``overall_reasons``; the headline moved to headline.py (stale is not degraded)
- 1.2.0 (2026-12-01): ``incidents`` (the inbox's open and recently resolved incidents; a dead watcher as one)
- 1.3.0 (2026-12-02): Each source entry, PDU and switch carries its instance's ``site`` (None when unset)
"""

from datetime import datetime

from sqlalchemy import select

from ...integrations.model import SECTIONS
from ...models.alerts import OpsAlertAck
from ...models.base import session, utcnow
from ..inbox.queries import snapshot_incidents
from .headline import headline

SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}
STATUS_RANK = {"unknown": 0, "up": 1, "degraded": 2, "down": 3}
WAN_FIELDS = ("rx_mbps", "tx_mbps", "latency_ms", "loss_pct", "uptime_pct_30d")


def _age_s(iso, now):
    """Seconds since an ISO timestamp (None when absent or unparsable)."""
    try:
        return (now - datetime.fromisoformat(iso)).total_seconds()
    except (TypeError, ValueError):
        return None


def source_status(instance, envelope, ttl, now):
    """Health of one source as the page shows it.

    Args:
        instance: The ``Instance``.
        envelope: Its envelope or None (never fetched).
        ttl: Its TTL in seconds.
        now: The current time.

    Returns:
        dict: name, type, label, sections, ok, error, error_kind, fetched_at,
        last_success_at, stale, latency_ms, demo.
    """
    env = envelope or {}
    cls = None if instance.error else instance.cls
    error = instance.error or env.get("error")
    if envelope is None and not error:
        error = "not fetched yet"
    age = _age_s(env.get("last_success_at"), now)
    stale = bool(error) or env.get("data") is None or (age is not None and ttl and age > 2 * ttl)
    return {"name": instance.name, "type": instance.type,
            "label": cls.label if cls else instance.type,
            "sections": list(cls.FEEDS) if cls else [],
            "ok": not error and env.get("data") is not None, "error": error,
            "error_kind": "config" if instance.error else env.get("error_kind"),
            "fetched_at": env.get("fetched_at"), "last_success_at": env.get("last_success_at"),
            "stale": bool(stale), "latency_ms": env.get("latency_ms"), "demo": instance.demo}


def _merge_wans(parts):
    """Merge WAN entries of several sources by name: first non-null figure, worst status."""
    merged = {}
    for wan in parts:
        cur = merged.get(wan["name"])
        if cur is None:
            merged[wan["name"]] = dict(wan)
            continue
        if STATUS_RANK.get(wan["status"], 0) > STATUS_RANK.get(cur["status"], 0):
            cur["status"] = wan["status"]  # the worst known status of any source wins
        for key in WAN_FIELDS:
            if cur.get(key) is None and wan.get(key) is not None:
                cur[key] = wan[key]
        if wan["source"] not in cur["source"].split(","):
            cur["source"] += "," + wan["source"]
    return sorted(merged.values(), key=lambda w: w["name"])


def _apply_acks(alerts):
    """Mark alerts acknowledged locally and attach who/when/note."""
    if not alerts:
        return alerts
    ids = [a["id"] for a in alerts]
    rows = session().execute(select(OpsAlertAck).where(OpsAlertAck.alert_id.in_(ids))).scalars().all()
    acks = {r.alert_id: r for r in rows}
    for alert in alerts:
        row = acks.get(alert["id"])
        alert["ack"] = None
        if row is not None:
            alert["acknowledged"] = True
            alert["ack"] = {"by": row.acknowledged_by, "at": row.acknowledged_at.isoformat(timespec="seconds"),
                            "note": row.note, "writeback": row.writeback, "writeback_error": row.writeback_error}
    alerts.sort(key=lambda a: (a["acknowledged"], SEVERITY_RANK.get(a["severity"], 3),
                               _neg_ts(a["timestamp"])))
    return alerts


def _neg_ts(iso):
    """Sort key putting newer timestamps first."""
    try:
        return -datetime.fromisoformat(iso).timestamp()
    except (TypeError, ValueError):
        return 0.0


def _newest_first(outages):
    """Outages, the newest start first."""
    return sorted(outages, key=lambda o: _neg_ts(o["start"]))


# How each snapshot section merges the parts its sources sent; a section not listed is concatenated.
# The sections themselves are SourceData's fields (integrations/model.py): no list of them is kept here.
MERGES = {"wan": _merge_wans, "alerts": _apply_acks, "outages": _newest_first}
API_SECTIONS = (*SECTIONS, "sources", "incidents")  # what GET /ops/api/<section> serves


SITED_SECTIONS = ("pdus", "switches")  # the panels that group their items by site


def _carry_sites(snap, instances):
    """Put each instance's ``site`` setting on its source entry and on its PDUs and switches (copies)."""
    sites = {inst.name: (inst.settings or {}).get("site") or None for inst in instances}
    for src in snap["sources"]:
        src["site"] = sites.get(src["name"])
    for key in SITED_SECTIONS:
        snap[key] = [dict(item, site=sites.get(item.get("source"))) for item in snap[key]]


def build_snapshot(instances, envelopes, ttls, watcher=None, watcher_expected=False):
    """Merge envelopes into the snapshot.

    Args:
        instances: The polled ``Instance`` list.
        envelopes: name -> envelope.
        ttls: name -> TTL seconds.
        watcher: ``{"alive", "last_cycle_at", "holder"}`` (None: no watcher state known).
        watcher_expected: Whether a dead watcher counts against the headline.

    Returns:
        dict: The snapshot.
    """
    now = utcnow()
    watcher = watcher or {"alive": False, "last_cycle_at": None, "holder": None}
    snap = {"generated_at": now.isoformat(timespec="seconds"), "demo": any(i.demo for i in instances),
            "watcher": watcher, "sources": []}
    parts = {key: [] for key in SECTIONS}
    for inst in instances:
        env = envelopes.get(inst.name)
        snap["sources"].append(source_status(inst, env, ttls.get(inst.name), now))
        data = (env or {}).get("data") or {}
        for key in SECTIONS:
            parts[key].extend(data.get(key, []))
    for key in SECTIONS:
        snap[key] = MERGES.get(key, list)(parts[key])
    _carry_sites(snap, instances)
    snap["incidents"] = snapshot_incidents(session(), now, watcher if watcher_expected else None)
    snap["overall"], snap["overall_reasons"] = headline(snap["sources"], snap["wan"], snap["alerts"],
                                                        snap["outages"], watcher, now, watcher_expected)
    return snap
