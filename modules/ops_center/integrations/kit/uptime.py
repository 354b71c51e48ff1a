"""
Operations Command Center - Uptime Calculation

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The one implementation, shared by the Hostmon and Uptime Kuma
    integrations, that turns a series of up/down checks (or heartbeats) per
    target into outages (start, end or None while ongoing, duration) and
    duration-weighted 24 h / 30 d uptime percentages. Pure functions: no I/O.

    Semantics: each check's result holds from its timestamp until the next
    check, but never longer than ``hold`` seconds (3x the target's median
    check interval, at least 120 s), so a monitor that stopped checking does
    not count as uptime or downtime. A percentage is up-time / known time
    within the window, over the part of the window the checks cover. An
    outage starts at the first failed check and ends at the first good check
    after it; it is ongoing (end None) while the latest check is failed.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import math
from datetime import UTC, datetime

from ..model import Outage, UptimeTarget, Wan
from .uptime_bars import bar_cells

DAY_S = 86400
WINDOW_24H = DAY_S
WINDOW_30D = 30 * DAY_S
MIN_HOLD_S = 120.0
SINGLE_HOLD_S = 900.0  # a lone check (no interval to learn from) holds 15 min
MAX_OUTAGES = 50
FUTURE_SKEW_S = 300  # checks stamped a little in the future (clock skew) still count as "now"

_TRUE = {"1", "up", "true", "yes", "ok", "y", "t"}
_FALSE = {"0", "down", "false", "no", "fail", "failed", "n", "f"}
_NUMERIC = {1: True, 0: False}


def parse_time(value):
    """Epoch seconds of a check timestamp.

    Args:
        value: ISO-8601 text (``T`` or space separator; ``Z``, an offset, or
            none, which means UTC), or unix seconds as a number or numeric text.

    Returns:
        float | None: Seconds since the epoch, None when unusable.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip()
        # Dates have a '-' after the year or a ':'; trying them first keeps exceptions off the hot path.
        if "-" in text[1:] or ":" in text or "T" in text:
            try:
                moment = datetime.fromisoformat(text)
            except ValueError:
                return None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return moment.timestamp()
        try:
            seconds = float(text)
        except ValueError:
            return None
    return seconds if math.isfinite(seconds) and seconds > 0 else None


def parse_up(value):
    """The state of one check.

    Args:
        value: True/False, 1/0, or text such as "up", "down", "1", "true".

    Returns:
        bool | None: True up, False down, None when not a state.
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return _NUMERIC.get(value)
    text = str(value).strip().lower() if value is not None else ""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def iso(epoch):
    """ISO-8601 UTC text of an epoch time.

    Args:
        epoch: Seconds since the epoch.

    Returns:
        str: e.g. ``2026-11-26T03:00:00+00:00``.
    """
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds")


def hold_for(times):
    """How long one check's result is taken to hold.

    Args:
        times: Sorted check timestamps of one target.

    Returns:
        float: 3x the median interval of the latest 1000 checks, at least ``MIN_HOLD_S``.
    """
    recent = times[-1001:]
    gaps = sorted(b - a for a, b in zip(recent, recent[1:]) if b > a)
    if not gaps:
        return SINGLE_HOLD_S
    return max(MIN_HOLD_S, 3.0 * gaps[len(gaps) // 2])


def window_pcts(checks, now, hold, windows=(WINDOW_24H, WINDOW_30D), min_cover=0.0):
    """Duration-weighted uptime percentages over windows ending now, in one pass.

    Args:
        checks: Sorted (epoch, up) pairs.
        now: Current epoch time (window end).
        hold: Longest time one check's result holds.
        windows: Window lengths in seconds.
        min_cover: Fraction of a window the checks must cover, else None.

    Returns:
        list[float | None]: Percent 0-100 rounded to 3 decimals per window,
        None without (enough) data.
    """
    starts = [now - w for w in windows]
    known, up_time = [0.0] * len(windows), [0.0] * len(windows)
    nexts = [ts for ts, _up in checks[1:]] + [now]
    for (ts, up), nxt in zip(checks, nexts):
        end = ts + hold
        if nxt < end:
            end = nxt
        if now < end:
            end = now
        if end <= ts:
            continue
        for i, start in enumerate(starts):
            if end > start:
                span = end - (ts if ts > start else start)
                known[i] += span
                if up:
                    up_time[i] += span
    return [round(100.0 * u / k, 3) if k > 0 and k >= min_cover * w else None
            for u, k, w in zip(up_time, known, windows)]


def find_outages(target, checks, now, source):
    """The down periods of one target.

    Args:
        target: Target name.
        checks: Sorted (epoch, up) pairs.
        now: Current epoch time.
        source: Instance name for the records.

    Returns:
        list[Outage]: Oldest first; the last one has end None while ongoing.
    """
    found, start = [], None
    for ts, up in checks:
        if not up and start is None:
            start = ts
        elif up and start is not None:
            found.append(Outage(target, iso(start), iso(ts), int(round(ts - start)), source))
            start = None
    if start is not None:
        found.append(Outage(target, iso(start), None, int(round(max(0.0, now - start))), source))
    return found


def prepare(raw, now, window=WINDOW_30D):
    """Sort and clean one target's checks, keeping the window only.

    Args:
        raw: Iterable of (epoch, up) with up True, False or None (no state).
        now: Current epoch time.
        window: Seconds of history kept.

    Returns:
        list[tuple[float, bool]]: Sorted, de-duplicated by time (last wins).
    """
    low, high = now - window, now + FUTURE_SKEW_S
    kept = [(ts if ts < now else now, up) for ts, up in raw
            if ts is not None and up is not None and low <= ts <= high]
    if all(a[0] < b[0] for a, b in zip(kept, kept[1:])):
        return kept  # already in time order without duplicates, as a database usually returns them
    return sorted(dict(kept).items())


def _dt(epoch):
    """An aware UTC datetime from epoch seconds."""
    return datetime.fromtimestamp(epoch, UTC)


def summarize(series, now, source, known=None, min_cover=0.0, max_outages=MAX_OUTAGES):
    """Outages and uptime per target from their checks.

    Args:
        series: target -> iterable of (epoch, up) pairs.
        now: Current epoch time.
        source: Instance name for the records.
        known: Optional target -> {"24h": pct, "30d": pct} given by the
            upstream itself; a value present there wins over the computed one.
        min_cover: Fraction of a window the checks must cover before a
            computed percentage is reported.
        max_outages: Most outages returned.

    Returns:
        tuple[list[Outage], list[UptimeTarget]]: Outages of the last 30 days
        newest first (capped), and one uptime record per target by name.
    """
    known = known or {}
    outages, uptime = [], []
    for target in sorted(set(series) | set(known)):
        checks = prepare(series.get(target, ()), now)
        hold = hold_for([ts for ts, _up in checks[-1001:]])
        computed = window_pcts(checks, now, hold, min_cover=min_cover)
        given = known.get(target) or {}
        pct24 = given.get("24h") if given.get("24h") is not None else computed[0]
        pct30 = given.get("30d") if given.get("30d") is not None else computed[1]
        status = "unknown"
        if checks and now - checks[-1][0] <= hold:
            status = "up" if checks[-1][1] else "down"
        found = find_outages(target, checks, now, source)
        bars = bar_cells(found, _dt(now), _dt(checks[0][0]) if checks else None,
                         _dt(checks[-1][0] + hold) if checks else None)
        uptime.append(UptimeTarget(target, status, pct24, pct30, source, bars))
        outages.extend(found)
    outages.sort(key=lambda o: (o.start, o.target), reverse=True)
    return outages[:max_outages], uptime


def wan_entries(uptime, wan_map, source):
    """WAN records carrying the 30-day uptime of their mapped target.

    Args:
        uptime: UptimeTarget records.
        wan_map: WAN name -> target name.
        source: Instance name.

    Returns:
        list[Wan]: One per mapped WAN whose target has a 30-day figure; status
        left unknown (the firewall owns link status).
    """
    by_target = {u.target: u for u in uptime}
    return [Wan(wan, uptime_pct_30d=by_target[target].uptime_pct_30d, source=source)
            for wan, target in sorted((wan_map or {}).items())
            if target in by_target and by_target[target].uptime_pct_30d is not None]


def ratio_to_pct(value):
    """Percent from a 0-1 ratio (as Uptime Kuma sends), defensively.

    Args:
        value: A number or numeric text, 0-1.

    Returns:
        float | None: Percent 0-100 rounded to 3 decimals, None when unusable.
    """
    if isinstance(value, bool) or value is None:
        return None
    try:
        ratio = float(value)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(ratio) or ratio < 0 or ratio > 1:
        return None
    return round(ratio * 100.0, 3)
