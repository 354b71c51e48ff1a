"""
Operations Command Center - Blind Spots

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Which sources the inbox may believe this cycle, and which are
    blind. A source is FRESH when a new fetch landed since the last cycle and
    it succeeded: only then are its events counted, and its events that are
    gone resolved. A source is BLIND when it failed two fetches in a row, its
    last good data is older than 2 x its TTL, or it is misconfigured: a blind
    spot event fires for it (``watcher|source:<name>|blind``), and its own
    alerts are neither counted nor resolved until it answers again.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from dataclasses import dataclass, field
from datetime import datetime

FAILURE_TEXT = {"unreachable": "unreachable", "timeout": "not answering", "auth_failed": "login refused",
                "bad_response": "answering badly", "config": "misconfigured"}


@dataclass
class Verdict:
    """What the inbox may take from the sources this cycle.

    Attributes:
        fresh: name -> data of sources with a new, good fetch.
        blind: Blind-spot sightings with whether a new fetch re-counts them (``(sighting, recount)``).
        clear: Names of sources that are not blind (their blind-spot events resolve).
        sources: The memory of each source after this cycle (``{"at", "fails"}``).
    """

    fresh: dict = field(default_factory=dict)
    blind: list = field(default_factory=list)
    clear: set = field(default_factory=set)
    sources: dict = field(default_factory=dict)


def _age(iso, now):
    try:
        return (now - datetime.fromisoformat(iso)).total_seconds()
    except (TypeError, ValueError):
        return None


def fingerprint(name):
    """The blind-spot event's fingerprint of a source.

    Args:
        name: Instance name.

    Returns:
        str: ``watcher|source:<name>|blind``.
    """
    return f"watcher|source:{name}|blind"


def _sighting(name, kind, error, last_success):
    what = FAILURE_TEXT.get(kind, "failing") if error else "no fresh data"
    detail = (f"{kind or 'error'}: {error}. " if error else "") + (
        f"Last good data {last_success}." if last_success else "No good data yet.")
    return {"fingerprint": fingerprint(name), "source": name, "category": "blind", "severity": "critical",
            "entity": f"source:{name}", "condition": "blind", "title": f"{name} blind: {what}",
            "detail": detail[:2000]}


def evaluate(instances, envelopes, ttls, memory, now):
    """Sort the sources into fresh, blind and neither.

    Args:
        instances: The polled ``Instance`` list.
        envelopes: name -> envelope.
        ttls: name -> TTL seconds.
        memory: name -> ``{"at": last fetched_at seen, "fails": failures in a row}``.
        now: The current time.

    Returns:
        Verdict: This cycle's verdict.
    """
    verdict = Verdict()
    for inst in instances:
        env = envelopes.get(inst.name) or {}
        prev = memory.get(inst.name) or {}
        fetched, fails = env.get("fetched_at"), int(prev.get("fails") or 0)
        new = fetched is not None and fetched != prev.get("at")
        if new:
            fails = fails + 1 if env.get("error") else 0
        age, ttl = _age(env.get("last_success_at"), now), ttls.get(inst.name) or 0
        too_old = age is not None and ttl > 0 and age > 2 * ttl
        verdict.sources[inst.name] = {"at": fetched, "fails": fails}
        if inst.error or fails >= 2 or (too_old and env):
            kind = "config" if inst.error else env.get("error_kind")
            verdict.blind.append((_sighting(inst.name, kind, inst.error or env.get("error"),
                                            env.get("last_success_at")), new))
            continue
        verdict.clear.add(inst.name)
        if new and not env.get("error") and isinstance(env.get("data"), dict):
            verdict.fresh[inst.name] = env["data"]
    return verdict
