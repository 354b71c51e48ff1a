"""
Operations Command Center - Metrics History

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The small time series behind the sparklines. After each
    successful fetch the aggregator appends the values it already has (WAN
    rx/tx Mbps, latency, loss; PDU load; switch ports up) — no extra upstream
    call. A bounded pruning step folds raw points older than 24 h into
    5-minute averages and drops those older than 30 days. ``history()``
    returns bucketed points with ``None`` where the source was silent (gaps
    are shown as gaps, never interpolated).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import statistics
import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from ...integrations.kit import clock
from ...models.base import session, utcnow
from ...models.metrics import OpsMetric

RAW_KEEP = timedelta(hours=24)
AVG_KEEP = timedelta(days=30)
AVG_STEP = 300
PRUNE_EVERY_S = 600
PRUNE_BATCH = 20000
RANGES = {"1h": (3600, 60), "24h": (86400, 600), "7d": (604800, 3600), "30d": (2592000, 14400)}
WAN_KEYS = ("rx_mbps", "tx_mbps", "latency_ms", "loss_pct")
_last_prune = {"at": 0.0}
_prune_lock = threading.Lock()


def series_from(data):
    """The metric values in one instance's fetched data.

    Args:
        data: The instance's data dict (SourceData as dict).

    Returns:
        list[tuple]: (series name, value) pairs.
    """
    points = []
    for wan in data.get("wan") or []:
        points += [(f"wan:{wan['name']}:{k}", wan[k]) for k in WAN_KEYS if wan.get(k) is not None]
    for pdu in data.get("pdus") or []:
        if pdu.get("load_amps") is not None:
            points.append((f"pdu:{pdu['source']}:load_amps", pdu["load_amps"]))
    for sw in data.get("switches") or []:
        points.append((f"switch:{sw['source']}:ports_up", sw["ports_up"]))
    return points


def record(data, when=None):
    """Append the points of one successful fetch, and prune now and then.

    Args:
        data: The fetched data dict.
        when: Timestamp (default now).

    Returns:
        int: Number of points written.
    """
    when = when or utcnow()
    points = series_from(data or {})
    db = session()
    db.add_all([OpsMetric(series=s[:160], resolution=0, ts=when, value=float(v)) for s, v in points])
    db.commit()
    if clock.monotonic() - _last_prune["at"] > PRUNE_EVERY_S and _prune_lock.acquire(blocking=False):
        try:
            _last_prune["at"] = clock.monotonic()
            prune()
        finally:
            _prune_lock.release()
    return len(points)


def _bucket(ts, step):
    """Start of the bucket a time falls in (aware UTC)."""
    epoch = int(ts.timestamp()) // step * step
    return datetime.fromtimestamp(epoch, UTC)


def prune(now=None):
    """Fold raw points older than 24 h into 5-minute averages; drop averages older than 30 days.

    Bounded: at most ``PRUNE_BATCH`` raw rows per call, whole buckets only.

    Args:
        now: Current time (tests pass one).

    Returns:
        dict: raw_folded, averages_written, averages_dropped.
    """
    now = now or utcnow()
    db = session()
    cutoff = _bucket(now - RAW_KEEP, AVG_STEP)
    rows = db.execute(select(OpsMetric).where(OpsMetric.resolution == 0, OpsMetric.ts < cutoff)
                      .order_by(OpsMetric.ts).limit(PRUNE_BATCH)).scalars().all()
    if len(rows) == PRUNE_BATCH:  # keep the last, possibly incomplete bucket for the next call
        last = _bucket(rows[-1].ts, AVG_STEP)
        rows = [r for r in rows if _bucket(r.ts, AVG_STEP) < last] or rows
    groups = {}
    for row in rows:
        groups.setdefault((row.series, _bucket(row.ts, AVG_STEP)), []).append(row.value)
    db.add_all([OpsMetric(series=s, resolution=AVG_STEP, ts=b, value=statistics.fmean(v))
                for (s, b), v in groups.items()])
    if rows:
        db.execute(delete(OpsMetric).where(OpsMetric.id.in_([r.id for r in rows])))
    dropped = db.execute(delete(OpsMetric).where(OpsMetric.resolution == AVG_STEP,
                                                 OpsMetric.ts < now - AVG_KEEP)).rowcount
    db.commit()
    return {"raw_folded": len(rows), "averages_written": len(groups), "averages_dropped": dropped}


def history(series, range_name, now=None):
    """Bucketed points of one series over a range, with gaps as ``None``.

    Args:
        series: Series name.
        range_name: 1h, 24h, 7d or 30d.
        now: Current time (tests pass one).

    Returns:
        dict: series, range, step_s, points as [[iso, value or None], ...].
    """
    span, step = RANGES[range_name]
    now = now or utcnow()
    start = now - timedelta(seconds=span)
    rows = session().execute(select(OpsMetric.ts, OpsMetric.value)
                             .where(OpsMetric.series == series, OpsMetric.ts >= start)
                             .order_by(OpsMetric.ts)).all()
    buckets = {}
    for ts, value in rows:
        if value is not None:
            buckets.setdefault(_bucket(ts, step), []).append(value)
    keys = sorted(buckets)
    spacing = statistics.median([(b - a).total_seconds() for a, b in zip(keys, keys[1:])]) if len(keys) > 2 else step
    limit = 2.5 * max(spacing, step)
    points = []
    for i, key in enumerate(keys):
        if i and (key - keys[i - 1]).total_seconds() > limit:
            gap = keys[i - 1] + timedelta(seconds=step)
            points.append([gap.isoformat(timespec="seconds"), None])
        points.append([key.isoformat(timespec="seconds"), round(statistics.fmean(buckets[key]), 3)])
    if keys and (now - keys[-1]).total_seconds() > limit + step:
        points.append([(keys[-1] + timedelta(seconds=step)).isoformat(timespec="seconds"), None])
    return {"series": series, "range": range_name, "step_s": step, "points": points}
