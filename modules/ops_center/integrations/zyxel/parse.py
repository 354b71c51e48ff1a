"""
Operations Command Center - Zyxel Parsing

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: Pure functions for the Zyxel integration: IF-MIB columns to
    ports (physical ports only by default), which columns are walked every
    poll and when the static ones (names, aliases, speed) are read again,
    counter samples to bit rates
    (wrap and restart aware), the model from sysDescr, and the port-status
    output of both CLI dialects: ZyNOS ``show interfaces *`` (one block per
    port, with Tx/Rx KBs/s) and GS1900 ``show interfaces all status`` (a
    table) plus GS1900 ``show interfaces all`` byte counters.

CHANGELOG:
- 1.1.0 (2026-12-02): static IF-MIB columns apart from the dynamic ones, with the signals that re-read them
- 1.0.0 (2026-11-26): Initial implementation
"""

import re

from ..base import Port
from ..kit.rates import sample_rates
from ..kit.values import to_int

IF = "1.3.6.1.2.1"
COLUMNS = {
    "descr": f"{IF}.2.2.1.2", "type": f"{IF}.2.2.1.3", "admin": f"{IF}.2.2.1.7", "oper": f"{IF}.2.2.1.8",
    "name": f"{IF}.31.1.1.1.1", "in": f"{IF}.31.1.1.1.6", "out": f"{IF}.31.1.1.1.10",
    "speed": f"{IF}.31.1.1.1.15", "alias": f"{IF}.31.1.1.1.18",
}
# Fallback for agents without ifXTable counters: 32-bit octets and ifSpeed (bit/s).
COLUMNS32 = {"in32": f"{IF}.2.2.1.10", "out32": f"{IF}.2.2.1.16", "speed_bps": f"{IF}.2.2.1.5"}
# ifTableLastChange (IF-MIB): sysUpTime when a row of ifTable was last created or deleted (0 since boot).
SYS = {"descr": f"{IF}.1.1.0", "uptime": f"{IF}.1.3.0", "name": f"{IF}.1.5.0", "ifnumber": f"{IF}.2.1.0",
       "lastchange": f"{IF}.31.1.5.0"}
# Read every poll: what the status and the rates need. The rest (names, type, speed, alias) is static: read on
# the first poll, every STATIC_EVERY-th poll, after STATIC_MAX_AGE seconds, and when a change signal says so.
DYNAMIC, STATIC = ("admin", "oper", "in", "out"), ("descr", "type", "name", "speed", "alias")
STATIC_EVERY, STATIC_MAX_AGE = 10, 600.0
PHYSICAL_TYPES = {6, 62, 69, 117}  # ethernetCsmacd, fastEther, fastEtherFX, gigabitEthernet
OOB_NAME = re.compile(r"^enet\d+$", re.IGNORECASE)  # ZyNOS out-of-band management port
CLI_ERROR = re.compile(r"(?im)^\s*%|invalid (command|input)|unknown command|incomplete command")


def model_from_sysdescr(descr):
    """The model from sysDescr (Zyxel puts the model first, e.g. ``GS1920-48HPv2``).

    Args:
        descr: sysDescr text.

    Returns:
        str: The model token, else the first 60 characters.
    """
    text = str(descr or "").strip()
    match = re.search(r"\b([A-Z]{2,4}-?\d{3,5}[A-Za-z0-9-]*)", text)
    return match.group(1) if match else text[:60]


def ports_from_ifmib(columns, all_interfaces=False):
    """Ports from the walked IF-MIB columns.

    Args:
        columns: Walk result keyed by the OIDs of ``COLUMNS`` (and optionally ``COLUMNS32``).
        all_interfaces: Keep VLAN/loopback/management interfaces too.

    Returns:
        tuple: (list of Port, {index str: [in octets, out octets]}).
    """
    col = {k: columns.get(v, {}) for k, v in {**COLUMNS, **COLUMNS32}.items()}
    hc = bool(col["in"])
    ports, counters = [], {}
    for idx in sorted(set(col["type"]) | set(col["oper"]), key=lambda i: [int(p) for p in i.split(".")]):
        name = str(col["name"].get(idx) or col["descr"].get(idx) or f"if{idx}").strip()
        if not all_interfaces and (to_int(col["type"].get(idx)) not in PHYSICAL_TYPES or OOB_NAME.match(name)):
            continue
        oper = "up" if to_int(col["oper"].get(idx)) == 1 else "down"
        speed = to_int(col["speed"].get(idx))
        if speed is None and to_int(col["speed_bps"].get(idx)):
            speed = to_int(col["speed_bps"].get(idx)) // 1_000_000
        ports.append(Port(int(idx.split(".")[0]), name, oper, "down" if to_int(col["admin"].get(idx)) == 2 else "up",
                          speed if (speed and oper == "up") else None, str(col["alias"].get(idx) or "").strip()))
        counters[idx] = [to_int(col["in" if hc else "in32"].get(idx)), to_int(col["out" if hc else "out32"].get(idx))]
    return ports, counters


def dynamic_oids(width):
    """The columns walked every poll.

    Args:
        width: Counter width the static read found (64 = ifXTable, 32 = ifTable octets).

    Returns:
        list[str]: Column OIDs.
    """
    if width == 32:
        return [COLUMNS["admin"], COLUMNS["oper"], COLUMNS32["in32"], COLUMNS32["out32"]]
    return [COLUMNS[k] for k in DYNAMIC]


def static_oids(width):
    """The columns that change only when an operator or a link renegotiation changes them.

    Args:
        width: Counter width (32 adds ifSpeed, the speed of agents without ifXTable counters).

    Returns:
        list[str]: Column OIDs.
    """
    return [COLUMNS[k] for k in STATIC] + ([COLUMNS32["speed_bps"]] if width == 32 else [])


def _rows(columns, up=False):
    """Sorted ifIndex strings of the ifOperStatus column (only those up with ``up``)."""
    return sorted(i for i, v in columns.get(COLUMNS["oper"], {}).items() if not up or to_int(v) == 1)


def static_due(cache, system, now):
    """Why the static columns must be read this poll ("" when the cached ones still hold).

    Args:
        cache: The memory ``remember`` returned last poll ({} on the first).
        system: This poll's GET of ``SYS``.
        now: Wall-clock seconds.

    Returns:
        str: The reason (first poll, every Nth poll, age, reboot, ifNumber, ifTableLastChange) or "".
    """
    uptime, before = system.get(SYS["uptime"]), cache.get("uptime")
    reasons = ((not cache.get("cols"), "first poll"), (cache.get("polls", 0) + 1 >= STATIC_EVERY, "every Nth poll"),
               (not 0 <= now - cache.get("t", 0) < STATIC_MAX_AGE, "age"),
               (isinstance(uptime, int) and isinstance(before, int) and uptime < before, "reboot"),
               (system.get(SYS["ifnumber"]) != cache.get("ifnumber"), "ifNumber"),
               (system.get(SYS["lastchange"]) != cache.get("lastchange"), "ifTableLastChange"))
    return next((reason for due, reason in reasons if due), "")


def stale_rows(cache, columns):
    """Whether this poll's dynamic walk contradicts the cached static columns.

    Args:
        cache: The memory of the last poll.
        columns: This poll's walk of ``dynamic_oids``.

    Returns:
        bool: True when interfaces came or went, or a link went up or down (its speed may have changed).
    """
    return _rows(columns) != cache.get("rows") or _rows(columns, up=True) != cache.get("up")


def remember(cache, columns, width, system, now, fresh):
    """The memory to keep for the next poll: the static columns and the signals to compare.

    Args:
        cache: The memory of the last poll.
        columns: This poll's columns (static ones included).
        width: Counter width.
        system: This poll's GET of ``SYS``.
        now: Wall-clock seconds.
        fresh: Whether the static columns were read this poll.

    Returns:
        dict: JSON-safe memory.
    """
    kept = {"cols": {o: columns.get(o, {}) for o in static_oids(width)}, "polls": 0, "t": now, "width": width,
            "ifnumber": system.get(SYS["ifnumber"]), "lastchange": system.get(SYS["lastchange"])} if fresh else \
        dict(cache, polls=cache.get("polls", 0) + 1)
    return dict(kept, uptime=system.get(SYS["uptime"]), rows=_rows(columns), up=_rows(columns, up=True))


def apply_rates(ports, counters, previous, now, uptime=None, width=64):
    """Fill ``rx_bps``/``tx_bps`` of each port from this and the previous sample.

    Args:
        ports: Ports whose rates are set in place.
        counters: {index str: [in octets, out octets]} of this sample.
        previous: Memory of the previous sample ({"t", "uptime", "ctr"}) or {}.
        now: Wall-clock time of this sample (seconds).
        uptime: sysUpTime ticks of this sample (a decrease means the device restarted).
        width: Counter width (64, 32 or None for unknown).

    Returns:
        dict: The memory to keep for the next sample (JSON-safe).
    """
    rates, memory = sample_rates(previous, counters, now, uptime, width,
                                 {str(p.index): p.speed_mbps for p in ports})
    for port in ports:
        port.rx_bps, port.tx_bps = rates.get(str(port.index), (None, None))
    return memory


def _speed(text):
    """Mbit/s from ``1000M``, ``a-1000M``, ``1000M/F``, ``10G/F``, ``1000Mb/s``; None for auto/down."""
    match = re.search(r"(\d+(?:\.\d+)?)\s*([MG])", str(text or ""), re.IGNORECASE)
    if not match:
        return None
    value = float(match.group(1)) * (1000 if match.group(2).upper() == "G" else 1)
    return int(value)


def parse_zynos_interfaces(text):
    """Ports from ZyNOS ``show interfaces *`` (Tx/Rx KBs/s become bits/s, 1 KB = 1000 bytes).

    Args:
        text: CLI output.

    Returns:
        list[Port]: One per ``Port Info`` block.
    """
    ports = []
    for block in re.split(r"Port Info", text)[1:]:
        number = re.search(r"Port NO\.\s*:\s*(\d+)", block)
        link = re.search(r"\bLink\s*:\s*([^\n]*)", block)
        if not number or not link:
            continue
        status = re.search(r"\bStatus\s*:\s*(\S+)", block)
        up = not link.group(1).strip().lower().startswith("down")
        rates = [re.search(rf"\b{d} KBs/s\s*:\s*([\d.]+)", block) for d in ("Rx", "Tx")]
        rx, tx = (round(float(m.group(1)) * 8000, 1) if m else None for m in rates)
        admin = "down" if status and "DISABLE" in status.group(1).upper() else "up"
        ports.append(Port(int(number.group(1)), number.group(1), "up" if up else "down", admin,
                          _speed(link.group(1)) if up else None, "", rx, tx))
    return ports


def parse_zynos_model(text):
    """``Product Model`` from ZyNOS ``show system-information``.

    Args:
        text: CLI output.

    Returns:
        str: The model or "".
    """
    match = re.search(r"^\s*Product Model\s*:\s*(\S+)", text, re.MULTILINE)
    return match.group(1) if match else ""


GS1900_ROW = re.compile(r"^\s*(\d+)\s+(.*?)\s*\b(notconnect|connected|disabled|err-disabled)\s+(\d+)\s+(\S+)\s+(\S+)"
                        r"\s+(Copper|Fiber)\s*$", re.IGNORECASE)


def parse_gs1900_status(text):
    """Ports from GS1900 ``show interfaces all status`` (Port, Name, Status, Vlan, Duplex, Speed, Type).

    Args:
        text: CLI output.

    Returns:
        list[Port]: One per table row.
    """
    ports = []
    for line in text.splitlines():
        match = GS1900_ROW.match(line)
        if not match:
            continue
        number, name, status, _vlan, _duplex, speed, _media = match.groups()
        up = status.lower() == "connected"
        ports.append(Port(int(number), number, "up" if up else "down",
                          "down" if "disabled" in status.lower() else "up", _speed(speed) if up else None,
                          name.strip()))
    return ports


def parse_gs1900_counters(text):
    """Byte counters from GS1900 ``show interfaces all`` (Cisco-like blocks).

    Args:
        text: CLI output.

    Returns:
        dict: {port number str: [input bytes, output bytes]}.
    """
    counters = {}
    for block in re.split(r"(?m)^(?=\S*?Ethernet\d+ is )", text):
        head = re.match(r"\S*?Ethernet(\d+) is ", block)
        rx = re.search(r"(\d+) packets input, (\d+) bytes", block)
        tx = re.search(r"(\d+) packets output, (\d+) bytes", block)
        if head and (rx or tx):
            counters[head.group(1)] = [int(rx.group(2)) if rx else None, int(tx.group(2)) if tx else None]
    return counters


def is_cli_error(text):
    """Whether CLI output is a syntax error message.

    Args:
        text: CLI output.

    Returns:
        bool: True for ``Invalid command``, ``% ...`` and the like.
    """
    return bool(CLI_ERROR.search(text or ""))
