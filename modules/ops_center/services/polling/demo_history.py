"""
Operations Command Center - Demo History

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Thirty days of plausible WAN throughput and PDU load for demo
    mode, so a newcomer sees real graphs at once: an evening peak, busier
    weekends, the nightly backup on the PDU, last night's four-minute WAN1
    outage (throughput 0), one afternoon nobody was collecting (``no_data``)
    and one morning the firewall did not answer (``source_down``). Stored like
    real history — 5-minute averages beyond 24 h, raw points every TTL within —
    so it stays inside the ``ops_metrics`` bound the README states. Seeded once
    per database (a marker row), by the first demo fetch that finds none;
    removed when real systems take over.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import math
import random
from datetime import timedelta

from sqlalchemy import delete, insert, select

from ...integrations.demo import data as D
from ...models.base import session, utcnow
from ...models.cache import OpsCache
from ...models.metrics import OpsMetric
from ...state import get_state
from ..actions import leases
from .metrics import AVG_KEEP, AVG_STEP, RAW_KEEP, bucket_start

MARKER = "demo:history"
RAW_STEP = 30  # the critical TTL class: the demo WANs and PDU refresh every 30 s
PDU_SERIES = "pdu:pdu-1:load_amps"
SERIES = tuple(f"wan:{w[0]}:{k}" for w in D.WANS for k in ("rx_mbps", "tx_mbps")) + (PDU_SERIES,)


def _busy(ts):
    """0..1: how busy a home network is at this time (evening peak, quiet small hours, busier weekends)."""
    hour = ts.hour + ts.minute / 60
    level = (0.5 + 0.5 * math.cos(2 * math.pi * (hour - 20.5) / 24)) ** 1.6
    return min(1.0, level * (1.15 if ts.weekday() >= 5 else 1.0))


def _values(ts, now, rng, noise):
    """(series, value or None) at one time; a series left out is silent then."""
    days = (now - ts).total_seconds() / 86400
    if 9.0 <= days < 9.0 + 40 / 1440:
        return []  # the dashboard host was being updated: nothing collected
    busy = _busy(ts)
    firewall_down = 17.0 <= days < 17.0 + 25 / 1440
    night = now.replace(hour=3, minute=0, second=0, microsecond=0)
    night -= timedelta(days=1) if night > now else timedelta(0)
    out = []
    for name, rx, tx, _lat, _up in D.WANS:
        factor = 0.12 + 0.88 * busy
        wan_down = name == "WAN1" and night <= ts < night + timedelta(minutes=4)
        for key, base in (("rx_mbps", rx), ("tx_mbps", tx)):
            value = None if firewall_down else (0.0 if wan_down else
                                                 round(max(0.0, base * factor * rng.gauss(1, noise)), 1))
            out.append((f"wan:{name}:{key}", value))
    backup = 1.6 if 1.0 <= ts.hour + ts.minute / 60 < 2.5 else 0.0  # the nightly Proxmox backup
    out.append((PDU_SERIES, round(8.2 + backup + 0.6 * busy + rng.gauss(0, 0.15), 2)))
    return out


def seed(now=None, rng=None):
    """Write the demo history (5-minute averages beyond 24 h, raw points within) and the marker row.

    Args:
        now: End of the history (default now).
        rng: Random source (tests pass a seeded one).

    Returns:
        int: Rows written.
    """
    now = now or utcnow()
    rng = rng or random.Random()
    raw_from = bucket_start(now - RAW_KEEP, AVG_STEP)
    rows, ts = [], bucket_start(now - AVG_KEEP, AVG_STEP) + timedelta(seconds=AVG_STEP)
    while ts < now:
        raw = ts >= raw_from
        rows += [{"series": s, "resolution": 0 if raw else AVG_STEP, "ts": ts, "value": v}
                 for s, v in _values(ts, now, rng, 0.08 if raw else 0.04)]
        ts += timedelta(seconds=RAW_STEP if raw else AVG_STEP)
    db = session()
    db.execute(insert(OpsMetric), rows)
    db.add(OpsCache(cache_key=MARKER, integration_name="demo", data_type="marker", expires_at=None, hit_count=0,
                    cached_data={"seeded_at": now.isoformat(timespec="seconds"), "series": list(SERIES)}))
    db.commit()
    return len(rows)


def _marked():
    """Whether this database holds the demo history."""
    return session().execute(select(OpsCache.id).where(OpsCache.cache_key == MARKER)).first() is not None


def purge():
    """Remove the demo history and its marker (real systems took over).

    Returns:
        int: Metric rows removed.
    """
    db = session()
    removed = db.execute(delete(OpsMetric).where(OpsMetric.series.in_(SERIES))).rowcount
    db.execute(delete(OpsCache).where(OpsCache.cache_key == MARKER))
    db.commit()
    return removed


def ensure(app, demo):
    """After a fetch, once per process and mode: seed the demo history in demo mode, drop it once real systems run.

    Runs on the refresh path (a fetch thread or the watcher), never on a read.

    Args:
        app: The Flask app.
        demo: Whether the fetched instance is a demo instance.

    Returns:
        int | None: Rows written or removed, or None when nothing was to do.
    """
    state = get_state(app)
    with state.lock:
        if state.demo_history_mode is demo:
            return None
        state.demo_history_mode = demo
    marked = _marked()
    if not demo:
        return purge() if marked else None
    if marked or not app.config.get("OPS_CENTER_DEMO_HISTORY"):
        return None
    lease = leases.take(MARKER + ":seeding", 120)  # one process seeds; the others find the marker later
    if lease is None:
        return None
    try:
        return None if _marked() else seed()
    finally:
        lease.release()
