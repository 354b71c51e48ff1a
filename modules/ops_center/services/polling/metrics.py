"""
Operations Command Center - Metrics History

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The small time series behind the sparklines. After each
    successful fetch the aggregator appends the values it already has (WAN
    rx/tx Mbps, latency, loss; PDU load; switch ports up) — no extra upstream
    call; after a failed fetch it appends a down marker (a NULL value) to each
    series the source last fed, so a graph can say why it has a gap. A
    bounded pruning step folds raw points older than 24 h into 5-minute
    averages and drops those older than 30 days. Reading (buckets and gaps)
    lives in history.py.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Down markers for failed fetches; history reading moved to history.py
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
    _append([(s, float(v)) for s, v in points], when)
    return len(points)


def record_failure(last_data, when=None):
    """Append a down marker to every series a failed source last fed.

    Args:
        last_data: The source's last good data (the envelope keeps it over a failure), or None.
        when: Timestamp (default now).

    Returns:
        int: Number of markers written (none when the source never answered).
    """
    names = sorted({s for s, _v in series_from(last_data or {})})
    _append([(s, None) for s in names], when or utcnow())
    return len(names)


def _append(points, when):
    """Write (series, value or None) points at one time, then prune now and then."""
    if points:
        db = session()
        db.add_all([OpsMetric(series=s[:160], resolution=0, ts=when, value=v) for s, v in points])
        db.commit()
    if clock.monotonic() - _last_prune["at"] > PRUNE_EVERY_S and _prune_lock.acquire(blocking=False):
        try:
            _last_prune["at"] = clock.monotonic()
            prune()
        finally:
            _prune_lock.release()


def bucket_start(ts, step):
    """Start of the bucket a time falls in.

    Args:
        ts: An aware time.
        step: Bucket width in seconds.

    Returns:
        datetime: The bucket's start (aware UTC).
    """
    epoch = int(ts.timestamp()) // step * step
    return datetime.fromtimestamp(epoch, UTC)


def _mean(values):
    """Average of the values that are not down markers (None when all are)."""
    real = [v for v in values if v is not None]
    return statistics.fmean(real) if real else None


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
    cutoff = bucket_start(now - RAW_KEEP, AVG_STEP)
    rows = db.execute(select(OpsMetric).where(OpsMetric.resolution == 0, OpsMetric.ts < cutoff)
                      .order_by(OpsMetric.ts).limit(PRUNE_BATCH)).scalars().all()
    if len(rows) == PRUNE_BATCH:  # keep the last, possibly incomplete bucket for the next call
        last = bucket_start(rows[-1].ts, AVG_STEP)
        rows = [r for r in rows if bucket_start(r.ts, AVG_STEP) < last] or rows
    groups = {}
    for row in rows:
        groups.setdefault((row.series, bucket_start(row.ts, AVG_STEP)), []).append(row.value)
    # A bucket of down markers only stays a down marker (NULL): the 7 d and 30 d graphs still show why.
    db.add_all([OpsMetric(series=s, resolution=AVG_STEP, ts=b, value=_mean(v)) for (s, b), v in groups.items()])
    if rows:
        db.execute(delete(OpsMetric).where(OpsMetric.id.in_([r.id for r in rows])))
    dropped = db.execute(delete(OpsMetric).where(OpsMetric.resolution == AVG_STEP,
                                                 OpsMetric.ts < now - AVG_KEEP)).rowcount
    db.commit()
    return {"raw_folded": len(rows), "averages_written": len(groups), "averages_dropped": dropped}
