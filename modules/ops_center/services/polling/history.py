"""
Operations Command Center - History Reading

Version: 1.0.1
Last Modified: 2026-12-01
Author: Billas
Description: What the graphs read from ``ops_metrics``: bucketed points of
    one series over a range with ``None`` where the series was silent (gaps
    are never interpolated), and the gaps themselves as
    ``[{start, end, cause}]``: ``source_down`` where the source's fetches
    failed (its down markers), ``no_data`` where nothing was collecting
    (before the first point, or while no watcher ran). Gaps are found on the
    stored points at their own spacing, so a short outage is listed even
    when a wide bucket hides it.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (moved out of metrics.py; gaps with causes)
- 1.0.1 (2026-12-01): A watcher outage with the dead holder's last fetch landing inside it is still a gap
"""

import statistics
from datetime import timedelta

from sqlalchemy import select

from ...models.base import session, utcnow
from ...models.metrics import OpsMetric
from . import outages
from .metrics import AVG_STEP, RANGES, bucket_start

GAP_FACTOR = 2.5  # a silence longer than this many sample spacings is a gap
MAX_GAPS = 200  # newest first kept; bounds the answer for a series that flapped all month


def _iso(ts):
    """ISO text of a timestamp (seconds)."""
    return ts.isoformat(timespec="seconds")


def _points(values, step, now):
    """Average values into buckets of ``step`` seconds; one ``None`` per silence longer than 2.5 buckets."""
    buckets = {}
    for ts, value in values:
        buckets.setdefault(bucket_start(ts, step), []).append(value)
    keys = sorted(buckets)
    spacing = statistics.median([(b - a).total_seconds() for a, b in zip(keys, keys[1:])]) if len(keys) > 2 else step
    limit = GAP_FACTOR * max(spacing, step)
    points = []
    for i, key in enumerate(keys):
        if i and (key - keys[i - 1]).total_seconds() > limit:
            points.append([_iso(keys[i - 1] + timedelta(seconds=step)), None])
        points.append([_iso(key), round(statistics.fmean(buckets[key]), 3)])
    if keys and (now - keys[-1]).total_seconds() > limit + step:
        points.append([_iso(keys[-1] + timedelta(seconds=step)), None])
    return points


def _spacing(rows, step):
    """Expected seconds between samples: the raw points' median spacing, else the range step."""
    raw = [ts for ts, value, res in rows if res == 0 and value is not None]
    diffs = [(b - a).total_seconds() for a, b in zip(raw, raw[1:]) if b > a]
    return max(statistics.median(diffs), 1.0) if len(diffs) >= 2 else float(step)


def _split(start, end, downs, limit):
    """Label one silence: clusters of down markers are ``source_down``, the rest ``no_data``."""
    inside = [t for t in downs if start <= t <= end]
    clusters = []
    for t in inside:
        if clusters and (t - clusters[-1][1]).total_seconds() <= limit:
            clusters[-1][1] = t
        else:
            clusters.append([t, t])
    pieces, cursor = [], start
    for first, last in clusters:
        # A down marker comes one fetch after the last good point; the source was down from there on.
        if (first - cursor).total_seconds() > limit:
            pieces.append((cursor, first, "no_data"))
            cursor = first
        stop = end if (end - last).total_seconds() <= limit else last
        pieces.append((cursor, stop, "source_down"))
        cursor = stop
    if end > cursor:
        pieces.append((cursor, end, "no_data"))
    return [p for p in pieces if p[1] > p[0]]


def find_gaps(rows, start, now, step, watcher_down=()):
    """Where a series has no values, and why.

    Args:
        rows: (ts, value or None, resolution) of the series from ``start`` on, oldest first.
        start: Start of the range.
        now: End of the range.
        step: The range's bucket width (the spacing when too few raw points tell it).
        watcher_down: (start, end) spans when no watcher ran.

    Returns:
        list[dict]: ``{start, end, cause}`` oldest first, cause ``source_down`` or ``no_data``.
    """
    raw_spacing = _spacing(rows, step)
    values = [(ts, res) for ts, value, res in rows if value is not None]
    downs = [ts for ts, value, _res in rows if value is None]
    silences, prev = [], (start, 0)
    for ts, res in values + [(now, 0)]:
        spacing = AVG_STEP if res == AVG_STEP or prev[1] == AVG_STEP else raw_spacing
        if (ts - prev[0]).total_seconds() > GAP_FACTOR * spacing:
            silences.append((prev[0], ts, GAP_FACTOR * spacing))
        prev = (ts, res)
    pieces = [p for a, b, limit in silences for p in _split(a, b, downs, limit)]
    value_times = [ts for ts, _res in values]
    for down_start, down_end in watcher_down:
        a, b = max(down_start, start), min(down_end, now)
        inside = [t for t in value_times if a < t < b]
        # One point inside is the dead holder's last fetch landing late; more mean someone kept collecting.
        a = max([a] + inside) if len(inside) <= 1 else b
        if b > a and not any(p[0] <= a and b <= p[1] for p in pieces):
            pieces.append((a, b, "no_data"))  # nothing collected, even if shorter than a sample spacing
    pieces.sort()
    return [{"start": _iso(a), "end": _iso(b), "cause": c} for a, b, c in pieces[-MAX_GAPS:]]


def history(series, range_name, now=None):
    """Bucketed points of one series over a range, with its gaps.

    Args:
        series: Series name.
        range_name: 1h, 24h, 7d or 30d.
        now: Current time (tests pass one).

    Returns:
        dict: series, range, step_s, points as [[iso, value or None], ...], gaps as [{start, end, cause}].
    """
    span, step = RANGES[range_name]
    now = now or utcnow()
    start = now - timedelta(seconds=span)
    rows = session().execute(select(OpsMetric.ts, OpsMetric.value, OpsMetric.resolution)
                             .where(OpsMetric.series == series, OpsMetric.ts >= start, OpsMetric.ts <= now)
                             .order_by(OpsMetric.ts)).all()
    values = [(ts, value) for ts, value, _res in rows if value is not None]
    return {"series": series, "range": range_name, "step_s": step, "points": _points(values, step, now),
            "gaps": find_gaps(rows, start, now, step, outages.between(start, now))}


def histories(names, range_name):
    """Several series over one range, all cut at one "now" (the graph's right edge is the server's clock).

    Args:
        names: Series names.
        range_name: 1h, 24h, 7d or 30d.

    Returns:
        dict: ``{"now", "range", "series": [history(...) per name]}``.
    """
    now = utcnow()
    return {"now": now.isoformat(timespec="seconds"), "range": range_name,
            "series": [history(name, range_name, now) for name in names]}
