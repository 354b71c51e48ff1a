"""
Operations Command Center - Suggested Links

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Links the systems already hint at, for the operator to accept
    (pure: the sources' last data in, suggestions out). Host names are what
    Hostmon and Uptime Kuma monitor and what LibreNMS alerts name; names are
    compared reduced to letters and digits ("NAS-01" = "nas01"):
    - a PDU outlet named like a host (or a switch) powers it;
    - a switch port whose alias / MikroTik comment names a host carries it;
    - two switch ports naming each other's switch are an uplink, the one
      whose alias says "uplink" being the downstream side;
    - a WAN a gateway system reports goes through that gateway.
    LibreNMS links (LLDP) and FDB tables are not read yet.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from . import entities as E


def _hosts(envelopes):
    """Reduced name -> host name, from uptime targets, outages and monitoring alerts."""
    hosts = {}
    for env in envelopes.values():
        data = (env or {}).get("data") or {}
        names = [u["target"] for u in data.get("uptime") or []] + [o["target"] for o in data.get("outages") or []]
        names += [a["host"] for a in data.get("alerts") or [] if a.get("category") == "monitoring" and a.get("host")]
        for name in names:
            if E.squash(name):
                hosts.setdefault(E.squash(name), str(name).strip().lower())
    return hosts


def _suggest(out, existing, table, upstream, downstream, kind, why):
    if (upstream, downstream) not in existing and (upstream, downstream) not in {(s["upstream"], s["downstream"])
                                                                                for s in out}:
        out.append({"kind": kind, "upstream": upstream, "downstream": downstream, "link": table, "reason": why})


def _uplinks(out, existing, aliases, switches):
    """Two ports that name each other's switch: an uplink, downstream where the alias says "uplink"."""
    for (sw_a, idx_a), alias_a in aliases.items():
        for (sw_b, idx_b), alias_b in aliases.items():
            if sw_a >= sw_b or E.squash(sw_b) not in E.squash(alias_a) or E.squash(sw_a) not in E.squash(alias_b):
                continue
            if "uplink" in alias_b.lower():
                up, down = (sw_a, idx_a), (sw_b, idx_b)
            elif "uplink" in alias_a.lower():
                up, down = (sw_b, idx_b), (sw_a, idx_a)
            else:
                continue
            _suggest(out, existing, {"uplink": f"{up[0]}:{up[1]}", "port": f"{down[0]}:{down[1]}"},
                     E.port(*up), E.port(*down), "uplink",
                     f"{up[0]} port {up[1]} and {down[0]} port {down[1]} name each other")


def suggestions(envelopes, switches, gateways, existing):
    """What the names the systems report suggest.

    Args:
        envelopes: name -> envelope (last good data).
        switches: Switch instance names.
        gateways: Instance names whose WAN status makes them gateways (OPNsense ...).
        existing: ``(upstream, downstream)`` pairs already stored.

    Returns:
        list[dict]: ``{"kind", "upstream", "downstream", "link" (the table to accept), "reason"}``.
    """
    hosts, out, aliases = _hosts(envelopes), [], {}
    switch_names = {E.squash(s): s for s in switches}
    for name, env in sorted(envelopes.items()):
        data = (env or {}).get("data") or {}
        for pdu in data.get("pdus") or []:
            for o in pdu.get("outlets") or []:
                key, where = E.squash(o.get("name")), f"{pdu['source']}:{o['number']}"
                if key in hosts:
                    _suggest(out, existing, {"outlet": where, "host": hosts[key]}, E.outlet(pdu["source"], o["number"]),
                             E.host(hosts[key]), "power", f"outlet '{o['name']}' is named like host {hosts[key]}")
                elif key in switch_names:
                    sw = switch_names[key]
                    _suggest(out, existing, {"outlet": where, "switch": sw}, E.outlet(pdu["source"], o["number"]),
                             f"switch:{sw}", "power", f"outlet '{o['name']}' is named like switch {sw}")
        for sw in data.get("switches") or []:
            for p in sw.get("ports") or []:
                alias = (p.get("alias") or "").strip()
                if not alias:
                    continue
                aliases[(sw["source"], p["index"])] = alias
                if E.squash(alias) in hosts:
                    host = hosts[E.squash(alias)]
                    _suggest(out, existing, {"port": f"{sw['source']}:{p['index']}", "host": host},
                             E.port(sw["source"], p["index"]), E.host(host), "network",
                             f"{sw['source']} port {p['index']} is labelled '{alias}'")
        if name in gateways:
            for wan in data.get("wan") or []:
                _suggest(out, existing, {"gateway": name, "wan": wan["name"]}, E.host(name), f"wan:{wan['name']}",
                         "wan", f"{name} reports the status of {wan['name']}")
    _uplinks(out, existing, aliases, switches)
    return out
