"""
Operations Command Center - Sightings

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: What one fetch of one source says needs attention, as
    sightings (pure: a source's snapshot data in, dicts out). Every alert the
    source reports (fingerprint ``<instance>:<native id>``), and the state
    changes the watcher derives (fingerprint ``<instance>|<entity>|<condition>``,
    so each system's view is its own event): a host or WAN down in uptime
    data, a WAN down or degraded, a mapped switch port whose link is down
    while enabled, an outlet that went from on to off (or is off and powers
    a mapped host), and a PDU loaded over its threshold.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import re
from dataclasses import dataclass, field

from . import entities as E

# A monitoring alert whose title says the device is down is a "down" of its host (LibreNMS "Device Down").
DOWN_TITLE = re.compile(r"\b(down|unreachable|not responding|no response)\b", re.I)
DOWN_CATEGORIES = ("monitoring", "uptime")


@dataclass
class Context:
    """What deriving needs besides the data.

    Attributes:
        namer: The ``entities.Namer``.
        mapped: Entities that appear in a topology link.
        uplinks: Port entities that are switch uplinks (their loss is critical).
        outlets_before: ``outlet:`` entity -> the state seen in the previous fetch.
        firing: Fingerprints firing now.
        load_warn_pct: PDU load (percent of rating) that fires a warning.
        load_crit_pct: PDU load that makes it critical.
    """

    namer: E.Namer
    mapped: set = field(default_factory=set)
    uplinks: set = field(default_factory=set)
    outlets_before: dict = field(default_factory=dict)
    firing: set = field(default_factory=set)
    load_warn_pct: float = 80.0
    load_crit_pct: float = 95.0


def _sighting(fp, source, category, severity, entity, condition, title, detail=""):
    return {"fingerprint": fp[:255], "source": source, "category": category, "severity": severity,
            "entity": entity, "condition": condition, "title": str(title)[:255], "detail": str(detail or "")}


def _alerts(name, data, ctx):
    for alert in data.get("alerts") or []:
        entity = ctx.namer.host_entity(alert.get("host"))
        down = alert.get("category") in DOWN_CATEGORIES and bool(DOWN_TITLE.search(alert.get("title") or ""))
        yield _sighting(alert["id"], name, alert.get("category") or "alerts", alert.get("severity") or "info",
                        entity, "down" if down and entity else "alert", alert.get("title") or alert["id"],
                        alert.get("detail"))


def _uptime(name, data, ctx):
    down = {u["target"] for u in data.get("uptime") or [] if u.get("status") == "down"}
    down |= {o["target"] for o in data.get("outages") or [] if o.get("end") is None}
    for target in sorted(down):
        entity = ctx.namer.host_entity(target)
        yield _sighting(f"{name}|{entity}|down", name, "uptime", "critical", entity, "down", f"{target} down",
                        f"{name} reports {target} down")


def _wans(name, data):
    for wan in data.get("wan") or []:
        if wan.get("status") in ("down", "degraded"):
            entity, status = f"wan:{wan['name']}", wan["status"]
            yield _sighting(f"{name}|{entity}|{status}", name, "wan", "critical" if status == "down" else "warning",
                            entity, "down" if status == "down" else "degraded", f"{wan['name']} {status}",
                            f"{name} reports {wan['name']} {status}")


def _ports(name, data, ctx):
    for switch in data.get("switches") or []:
        for port in switch.get("ports") or []:
            entity = E.port(switch.get("source") or name, port["index"])
            if entity in ctx.mapped and port.get("oper") == "down" and port.get("admin") == "up":
                yield _sighting(f"{name}|{entity}|down", name, "port",
                                "critical" if entity in ctx.uplinks else "warning", entity, "down",
                                f"{ctx.namer.name(entity)} link down", f"{port.get('name') or ''} {name}".strip())


def _pdus(name, data, ctx, outlet_states):
    for pdu in data.get("pdus") or []:
        inst = pdu.get("source") or name
        for out in pdu.get("outlets") or []:
            entity = E.outlet(inst, out["number"])
            outlet_states[entity] = out.get("state")
            fp = f"{name}|{entity}|off"
            if out.get("state") == "off" and (entity in ctx.mapped or ctx.outlets_before.get(entity) == "on"
                                              or fp in ctx.firing):
                yield _sighting(fp, name, "power", "critical" if entity in ctx.mapped else "warning", entity, "off",
                                f"{inst} outlet {out['number']} '{out.get('name') or ''}' off", f"on {pdu.get('name')}")
        load, rating = pdu.get("load_amps"), pdu.get("rating_amps")
        if load is not None and rating:
            pct = 100.0 * load / rating
            if pct >= ctx.load_warn_pct:
                yield _sighting(f"{name}|pdu:{inst}|load", name, "power",
                                "critical" if pct >= ctx.load_crit_pct else "warning", f"pdu:{inst}", "load",
                                f"{pdu.get('name') or inst} load over {ctx.load_warn_pct:g} % of its rating",
                                f"{load:.1f} A of {rating:g} A ({pct:.0f} %)")


def sightings(name, data, ctx):
    """Everything one fetch of one source says needs attention.

    Args:
        name: The instance name.
        data: Its snapshot data (``SourceData.to_dict()``).
        ctx: The ``Context``.

    Returns:
        tuple: (list of sighting dicts, unique by fingerprint; outlet states seen, entity -> state).
    """
    outlet_states = {}
    found = {}
    for item in (*_alerts(name, data, ctx), *_uptime(name, data, ctx), *_wans(name, data),
                 *_ports(name, data, ctx), *_pdus(name, data, ctx, outlet_states)):
        found.setdefault(item["fingerprint"], item)
    return list(found.values()), outlet_states
