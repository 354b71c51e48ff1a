"""
Operations Command Center - Headline

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The one word at the top of the page and its reasons, honestly:
    ``overall`` follows what the systems report (a WAN down or degraded, an
    ongoing outage, open IPS/security/monitoring alerts), the sources that
    failed or went blind, and the watcher. Stale is not degraded: a source
    served from cache inside its grace (2 x TTL) while it refreshes keeps its
    own status. ``overall_reasons`` names each cause in short text ("WAN2
    down", "3 critical IPS alerts", "zyxel-2 unreachable 4 min", "watcher not
    running").

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (was overall_status in merge.py: stale counted as degraded)
"""

from collections import Counter
from datetime import datetime

ATTENTION = {"ips": "IPS", "security": "security", "monitoring": "monitoring", "uptime": "uptime"}
SEVERITY_ORDER = ("critical", "warning")
FAILURE_TEXT = {"unreachable": "unreachable", "timeout": "unreachable", "auth_failed": "login refused",
                "bad_response": "answering badly", "config": "misconfigured"}


def _since(iso, now):
    """Seconds from an ISO time to now, or None."""
    try:
        return max(0.0, (now - datetime.fromisoformat(iso)).total_seconds())
    except (TypeError, ValueError):
        return None


def duration_text(seconds):
    """A short duration: "45 s", "4 min", "3 h", "2 d".

    Args:
        seconds: Seconds (None for unknown).

    Returns:
        str: The text, empty when unknown.
    """
    if seconds is None:
        return ""
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{int(seconds // size)} {unit}"
    return f"{int(seconds)} s"


def _with_duration(text, seconds):
    """``text`` followed by its duration when known."""
    when = duration_text(seconds)
    return f"{text} {when}" if when else text


def source_reasons(sources, now):
    """Why sources count against the headline: failed, or blind beyond their grace.

    Args:
        sources: Source health dicts (``merge.source_status``).
        now: The current time.

    Returns:
        list[str]: One reason per failed or blind source.
    """
    reasons = []
    for src in sources:
        if src["error"] == "not fetched yet":
            reasons.append(f"{src['name']} not fetched yet")
        elif src["error"]:
            what = FAILURE_TEXT.get(src.get("error_kind"), "failing")
            reasons.append(_with_duration(f"{src['name']} {what}", _since(src.get("last_success_at"), now)))
        elif src["stale"]:
            reasons.append(_with_duration(f"{src['name']} no fresh data for", _since(src.get("last_success_at"), now)))
    return reasons


def alert_reasons(alerts):
    """Open, unacknowledged alerts that need attention, counted by severity and category.

    Args:
        alerts: Alerts with their ack state.

    Returns:
        list[str]: e.g. "3 critical IPS alerts".
    """
    counts = Counter((a["severity"], a["category"]) for a in alerts
                     if not a["acknowledged"] and a["category"] in ATTENTION and a["severity"] != "info")
    ordered = sorted(counts.items(), key=lambda kv: (SEVERITY_ORDER.index(kv[0][0]) if kv[0][0] in SEVERITY_ORDER
                                                     else 9, list(ATTENTION).index(kv[0][1])))
    return [f"{n} {sev} {ATTENTION[cat]} alert{'s' if n > 1 else ''}" for (sev, cat), n in ordered]


def headline(sources, wans, alerts, outages, watcher, now, watcher_expected=True):
    """The overall status and every reason for it.

    Args:
        sources: Source health dicts.
        wans: Merged WANs.
        alerts: Alerts with ack state.
        outages: Outages.
        watcher: ``{"alive", "last_cycle_at", "holder"}``.
        now: The current time.
        watcher_expected: Whether a watcher should be running (configured, or one ran on this database).

    Returns:
        tuple: (overall "ok|degraded|down|unknown", list of reason texts, most severe first).
    """
    if not sources:
        return "unknown", ["no systems configured"]
    down = [f"{w['name']} down" for w in wans if w["status"] == "down"]
    if not any(s["ok"] for s in sources):
        down.append("no source answering")
    degraded = [f"{w['name']} {'degraded' if w['status'] == 'degraded' else 'status unknown'}"
                for w in wans if w["status"] in ("degraded", "unknown")]
    degraded += source_reasons(sources, now)
    degraded += [_with_duration(f"{o['target']} down", _since(o.get("start"), now))
                 for o in outages if o.get("end") is None]
    degraded += alert_reasons(alerts)
    if watcher_expected and not watcher.get("alive"):
        degraded.append(_with_duration("watcher not running", _since(watcher.get("last_cycle_at"), now)))
    return ("down" if down else "degraded" if degraded else "ok"), down + degraded
