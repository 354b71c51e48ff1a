"""
Operations Command Center - MikroTik Parsing

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Pure functions over RouterOS API rows (as librouteros returns
    them: dicts of typed values): which interfaces are switch ports, link
    speed text to Mbps, byte counters to bits/s between two samples, and the
    normalised port table. No I/O; unit-tested on canned rows.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import re

from ..base import BadResponse, Port

# "1Gbps", "100Mbps", "2.5Gbps" (monitor rate, v6 speed) and "1G-baseT-full", "10G-baseSR-LR" (v7.12+ speed).
SPEED = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([MG])", re.IGNORECASE)
ETHER_TYPE = "ether"


def to_int(value):
    """A counter value as int.

    Args:
        value: int, or numeric text.

    Returns:
        int | None: The value, None when absent or not an integer.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def to_bool(value):
    """A RouterOS flag as bool.

    Args:
        value: bool (librouteros converts true/yes/false/no), or text.

    Returns:
        bool | None: The flag, None when absent or unknown.
    """
    if isinstance(value, bool):
        return value
    return {"true": True, "yes": True, "false": False, "no": False}.get(str(value).strip().lower())


def parse_speed(text):
    """Link speed text to Mbps.

    Args:
        text: e.g. ``1Gbps``, ``100Mbps``, ``2.5Gbps``, ``10G-baseSR-LR``.

    Returns:
        int | None: Mbps, None when not a speed.
    """
    match = SPEED.match(str(text or ""))
    if not match:
        return None
    value = float(match.group(1)) * (1000 if match.group(2).upper() == "G" else 1)
    return int(round(value)) if value >= 1 else None


def port_rows(interfaces, ethernet):
    """The /interface rows that are switch ports.

    Ethernet ports are the names /interface/ethernet lists (in its order);
    when that list is empty, /interface rows of type ``ether``. Bridges,
    VLANs, bonds, tunnels and the loopback are never ports.

    Args:
        interfaces: Rows of /interface/print.
        ethernet: Rows of /interface/ethernet/print.

    Returns:
        list[dict]: /interface rows of the ports, in port order.

    Raises:
        BadResponse: When the rows are not dicts with names.
    """
    if not all(isinstance(r, dict) for r in list(interfaces) + list(ethernet)):
        raise BadResponse("RouterOS rows are not attribute lists")
    by_name = {str(r["name"]): r for r in interfaces if r.get("name") is not None}
    names = [str(r["name"]) for r in ethernet if r.get("name") is not None]
    if not names:
        names = [n for n, r in by_name.items() if r.get("type") == ETHER_TYPE]
    return [by_name[n] for n in names if n in by_name and by_name[n].get("type", ETHER_TYPE) == ETHER_TYPE]


def counters_of(rows):
    """rx/tx byte counters per port name.

    Args:
        rows: Port rows from /interface/print.

    Returns:
        dict[str, list]: name -> [rx_bytes, tx_bytes] (ints, None when absent).
    """
    return {str(r["name"]): [to_int(r.get("rx-byte")), to_int(r.get("tx-byte"))] for r in rows}


def build_ports(rows, ethernet, monitor, port_rates):
    """The normalised port table.

    Args:
        rows: Port rows (``port_rows``), in order.
        ethernet: Rows of /interface/ethernet/print (configured speed, auto-negotiation).
        monitor: Rows of /interface/ethernet/monitor once (actual ``rate``).
        port_rates: name -> (rx_bps, tx_bps).

    Returns:
        list[Port]: One per port, index from 1.
    """
    config = {str(r.get("name")): r for r in ethernet if isinstance(r, dict)}
    actual = {str(r.get("name")): r for r in monitor if isinstance(r, dict)}
    ports = []
    for index, row in enumerate(rows, 1):
        name = str(row["name"])
        running = to_bool(row.get("running")) is True
        speed = None
        if running:
            speed = parse_speed(actual.get(name, {}).get("rate"))
            fixed = config.get(name, {})
            if speed is None and to_bool(fixed.get("auto-negotiation")) is False:
                speed = parse_speed(fixed.get("speed"))
        rx_bps, tx_bps = port_rates.get(name, (None, None))
        ports.append(Port(index, name, "up" if running else "down",
                          "down" if to_bool(row.get("disabled")) is True else "up",
                          speed, str(row.get("comment") or ""), rx_bps, tx_bps))
    return ports
