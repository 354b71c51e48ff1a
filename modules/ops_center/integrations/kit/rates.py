"""
Operations Command Center - Counter Rates

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The one counter-to-rate helper. Every integration that reads
    cumulative octet counters (IF-MIB over SNMP, RouterOS, OPNsense) turns two
    samples into bits per second here, with the same rules: a first sample
    gives None (never a made-up number); a counter that went backwards is a
    wrap only when its width is known (32 or 64 bits), otherwise a reset (None);
    a device restart (its uptime went backwards) gives None for every counter;
    a rate far above the link speed is a discontinuity (None).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (one helper instead of three)
"""

from .values import to_float


def counter_rate(old, new, seconds, width=None, speed_mbps=None):
    """Bits per second between two octet counter samples.

    Args:
        old: Earlier counter (None on the first sample).
        new: Later counter.
        seconds: Time between the samples.
        width: Counter width in bits (32 or 64) for wrap handling; None = unknown (a decrease is a reset).
        speed_mbps: Link speed; a rate far above it means a counter discontinuity (None).

    Returns:
        float | None: The rate, or None when it cannot be known.
    """
    if old is None or new is None or not seconds or seconds <= 0:
        return None
    delta = int(new) - int(old)
    if delta < 0:
        if not width:
            return None
        delta += 2**width  # one wrap between the samples
    rate = delta * 8 / seconds
    if speed_mbps and rate > speed_mbps * 1_000_000 * 1.5:
        return None
    return round(rate, 1)


def sample_rates(previous, counters, now, uptime=None, width=None, speeds=None):
    """Rates of every counter pair between the previous sample and this one.

    Args:
        previous: The memory ``sample_rates`` returned last time (or None / {} on the first sample).
        counters: This sample: key -> [in octets, out octets] (None where a counter is missing).
        now: This sample's time in seconds (the device's clock when it sends one, else the poll's).
        uptime: The device's uptime now (any unit that only grows); a decrease means it restarted.
        width: Counter width (32, 64) or None when unknown.
        speeds: key -> link speed in Mbps, to catch discontinuities.

    Returns:
        tuple[dict, dict]: key -> (in_bps, out_bps); and the memory to keep (JSON-safe).
    """
    previous = previous if isinstance(previous, dict) else {}
    before_t, before_up = to_float(previous.get("t")), to_float(previous.get("uptime"))
    restarted = uptime is not None and before_up is not None and uptime < before_up
    seconds = now - before_t if before_t is not None and not restarted else None
    old = previous.get("ctr") if isinstance(previous.get("ctr"), dict) else {}
    speeds = speeds or {}
    result = {}
    for key, pair in counters.items():
        before = old.get(key) if isinstance(old.get(key), list) else [None, None]
        result[key] = tuple(counter_rate(before[i] if i < len(before) else None, pair[i], seconds, width,
                                         speeds.get(key)) for i in (0, 1))
    return result, {"t": now, "uptime": uptime, "width": width, "ctr": counters}
