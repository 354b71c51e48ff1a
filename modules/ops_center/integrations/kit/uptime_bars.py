"""
Operations Command Center - Uptime Bars

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Turns a target's outages and the span its checks cover into an
    Uptime-Kuma-style bar: one cell per interval of the last 24 h, each up,
    down (with the seconds down) or none (no checks then). Pure functions.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import datetime, timedelta

CELLS = 48
SPAN_S = 86400


def _parse(value):
    """An aware datetime from an ISO text or a datetime (None passes through)."""
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def bar_cells(outages, now, covered_from, covered_to=None, cells=CELLS, span_s=SPAN_S):
    """The cells of the last ``span_s`` seconds.

    Args:
        outages: Outages of one target: dicts or objects with ``start`` and
            ``end`` (ISO text or datetime; ``end`` None while ongoing).
        now: Aware current time; the last cell ends here.
        covered_from: Time of the first check (earlier cells are "none").
        covered_to: Time of the last check (later cells are "none"); default now.
        cells: Number of cells.
        span_s: Seconds the bar covers.

    Returns:
        list[dict]: start, end (ISO), status (up, down, none), down_s.
    """
    step = timedelta(seconds=span_s / cells)
    first = now - timedelta(seconds=span_s)
    covered_from, covered_to = _parse(covered_from), _parse(covered_to) or now
    spans = []
    for outage in outages:
        get = outage.get if isinstance(outage, dict) else lambda k, o=outage: getattr(o, k)
        spans.append((_parse(get("start")), _parse(get("end")) or now))
    result = []
    for i in range(cells):
        start, end = first + step * i, first + step * (i + 1)
        down = sum(max(0.0, (min(end, b) - max(start, a)).total_seconds()) for a, b in spans)
        if covered_from is None or end <= covered_from or start >= covered_to:
            status = "down" if down > 0 else "none"
        else:
            status = "down" if down > 0 else "up"
        result.append({"start": start.isoformat(timespec="seconds"), "end": end.isoformat(timespec="seconds"),
                       "status": status, "down_s": int(round(down))})
    return result
