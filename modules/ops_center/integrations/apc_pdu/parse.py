"""
Operations Command Center - APC PDU Parsing

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: The APC PowerNet-MIB trees (rPDU .318.1.1.12, rPDU2
    .318.1.1.26, and sPDUOutletCtl .318.1.1.4.4.2.1.3, the one outlet
    control every APC PDU answers) as data, and pure functions turning SNMP
    values into the normalised Pdu, and which parts a poll reads again
    (names only when due; states and load every poll). The trees encode outlet state in
    opposite ways (rPDU and sPDU on=1/off=2, rPDU2 off=1/on=2); immediate
    on/off/reboot commands are 1/2/3 in all three (verified.md 1).

CHANGELOG:
- 1.2.0 (2026-12-02): static columns apart from states and load, and when a poll must read them again
- 1.1.0 (2026-12-01): sPDUOutletCtl as the last fallback tree (first-generation AP78xx/AP79xx without rPDU2)
- 1.0.0 (2026-11-26): Initial implementation
"""

from ..base import BadResponse, ConfigError, Outlet, Pdu
from ..kit.values import to_int

RPDU, RPDU2 = "1.3.6.1.4.1.318.1.1.12", "1.3.6.1.4.1.318.1.1.26"
SPDU_CTL = "1.3.6.1.4.1.318.1.1.4.4.2.1.3"  # sPDUOutletCtl: read-write, GET 1 on / 2 off / 4 unknown
SYS_DESCR, SYS_UPTIME, SYS_NAME = "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.1.5.0"
# Outlet states and load are read every poll; outlet names, ident and rating every STATIC_EVERY-th poll, after
# STATIC_MAX_AGE seconds, and when the PDU rebooted, its outlet count changed or the outlet rows changed.
STATIC_EVERY, STATIC_MAX_AGE = 10, 600.0

TREES = {
    "rpdu": {
        "label": "rPDU (PowerNet-MIB .318.1.1.12)",
        "ident": {"name": f"{RPDU}.1.1.0", "model": f"{RPDU}.1.5.0", "rating": f"{RPDU}.1.7.0",
                  "outlets": f"{RPDU}.1.8.0", "phases": f"{RPDU}.2.1.2.0"},
        "columns": {"name": f"{RPDU}.3.5.1.1.2", "state": f"{RPDU}.3.5.1.1.4", "load": f"{RPDU}.2.3.1.1.2"},
        "status": f"{RPDU}.3.5.1.1.4",  # rPDUOutletStatusOutletState
        "command": f"{RPDU}.3.3.1.1.4",  # rPDUOutletControlOutletCommand
        "states": {1: "on", 2: "off"},
        "commands": {"on": 1, "off": 2, "reboot": 3},  # immediateOn/Off/Reboot
    },
    "rpdu2": {
        "label": "rPDU2 (PowerNet-MIB .318.1.1.26)",
        "ident": {"size": f"{RPDU2}.1.0", "name": f"{RPDU2}.2.1.3.1", "model": f"{RPDU2}.2.1.8.1",
                  "rating": f"{RPDU2}.4.2.1.9.1", "outlets": f"{RPDU2}.4.2.1.4.1"},
        "columns": {"module": f"{RPDU2}.9.2.3.1.2", "name": f"{RPDU2}.9.2.3.1.3", "number": f"{RPDU2}.9.2.3.1.4",
                    "state": f"{RPDU2}.9.2.3.1.5", "load_module": f"{RPDU2}.6.3.1.2", "load": f"{RPDU2}.6.3.1.5"},
        "status": f"{RPDU2}.9.2.3.1.5",  # rPDU2OutletSwitchedStatusState
        "command": f"{RPDU2}.9.2.4.1.5",  # rPDU2OutletSwitchedControlCommand
        "states": {1: "off", 2: "on"},
        "commands": {"on": 1, "off": 2, "reboot": 3},  # immediateOn/Off/Reboot
    },
    # The oldest control, "supported on every APC PDU" (fence-agents); the last fallback. verified.md names no
    # sPDU outlet-name, rating or load OID, so outlets are "Outlet N", load and rating unknown, and the PDU is
    # named by MIB-II sysName. Status and command share one column: a GET reads the state back.
    "spdu": {
        "label": "sPDUOutletCtl (PowerNet-MIB .318.1.1.4.4.2.1.3)",
        "ident": {"name": SYS_NAME, "descr": SYS_DESCR, "probe": f"{SPDU_CTL}.1"},
        "columns": {"state": SPDU_CTL},
        "status": SPDU_CTL,
        "command": SPDU_CTL,
        "states": {1: "on", 2: "off"},  # outletUnknown(4) stays unknown
        "commands": {"on": 1, "off": 2, "reboot": 3},  # outletOn/Off/Reboot
    },
}
# One GET answers the probe of every tree; the sPDU ident rides along so its first poll needs no second GET.
PROBE_OIDS = tuple(TREES["rpdu2"]["ident"].values()) + tuple(TREES["rpdu"]["ident"].values()) + \
    tuple(TREES["spdu"]["ident"].values()) + (SYS_UPTIME,)


def static_columns(tree):
    """The columns of a tree that only an operator changes (names; module and number on rPDU2).

    Args:
        tree: ``rpdu``, ``rpdu2`` or ``spdu``.

    Returns:
        dict: key -> column OID.
    """
    return {k: v for k, v in TREES[tree]["columns"].items() if k not in ("state", "load")}


def static_due(cache, tree, now):
    """Whether this poll must read identity, names and every column (a full poll).

    Args:
        cache: The memory ``remember`` returned last poll ({} on the first).
        tree: The detected tree.
        now: Wall-clock seconds.

    Returns:
        bool: True on the first poll, every STATIC_EVERY-th poll and after STATIC_MAX_AGE seconds.
    """
    return cache.get("tree") != tree or cache.get("polls", 0) + 1 >= STATIC_EVERY or \
        not 0 <= now - cache.get("t", 0) < STATIC_MAX_AGE


def poll_oids(tree, cache):
    """The one GET of a light poll: sysUpTime, the outlet count (where the tree has one), the load rows.

    Args:
        tree: The detected tree.
        cache: The memory of the last poll.

    Returns:
        list[str]: OIDs.
    """
    count, load = TREES[tree]["ident"].get("outlets"), TREES[tree]["columns"].get("load")
    return [SYS_UPTIME, *([count] if count else []), *(f"{load}.{i}" for i in cache.get("load_rows", ()))]


def signalled(cache, tree, values):
    """Whether the light poll's GET shows a change that needs a full poll (reboot, other outlet count).

    Args:
        cache: The memory of the last poll.
        tree: The detected tree.
        values: The answer to ``poll_oids``.

    Returns:
        bool: True when sysUpTime went back or the outlet count changed.
    """
    uptime, before, count = values.get(SYS_UPTIME), cache.get("uptime"), TREES[tree]["ident"].get("outlets")
    rebooted = isinstance(uptime, int) and isinstance(before, int) and uptime < before
    return rebooted or bool(count) and values.get(count) != cache.get("ident", {}).get(count)


def remember(cache, tree, ident, columns, uptime, now, fresh):
    """The memory for the next poll: identity, the static columns, the load rows, the signals.

    Args:
        cache: The memory of the last poll.
        tree: The detected tree.
        ident: OID -> value of the identity GET.
        columns: This poll's columns.
        uptime: sysUpTime of this poll (or None).
        now: Wall-clock seconds.
        fresh: Whether this was a full poll.

    Returns:
        dict: JSON-safe memory.
    """
    load, state = TREES[tree]["columns"].get("load"), TREES[tree]["columns"]["state"]
    kept = dict(cache, polls=cache.get("polls", 0) + 1) if not fresh else {
        "tree": tree, "polls": 0, "t": now, "ident": {o: ident.get(o) for o in TREES[tree]["ident"].values()},
        "cols": {o: columns.get(o, {}) for o in static_columns(tree).values()},
        "load_rows": sorted(columns.get(load, {}), key=lambda i: [int(p) for p in i.split(".")]) if load else []}
    return dict(kept, uptime=uptime, rows=sorted(columns.get(state, {})))



def detect_tree(values):
    """Which tree a PDU answers, from one GET of ``PROBE_OIDS`` (rPDU2, then rPDU, then sPDUOutletCtl).

    sysObjectID is never consulted: third-party tables disagree with real devices about it (verified.md 1).

    Args:
        values: OID -> value as returned by ``SnmpSession.get``.

    Returns:
        str | None: ``rpdu2``, ``rpdu``, ``spdu`` or None when no tree answers.
    """
    if (to_int(values.get(TREES["rpdu2"]["ident"]["size"])) or 0) > 0:
        return "rpdu2"
    if (to_int(values.get(TREES["rpdu"]["ident"]["outlets"])) or 0) > 0:
        return "rpdu"
    if to_int(values.get(TREES["spdu"]["ident"]["probe"])) in range(1, 8):  # outlet 1 answers a defined value
        return "spdu"
    return None


def model_from_descr(descr):
    """The model token APC management cards put in sysDescr (``... MN:AP7900 ...``).

    Args:
        descr: sysDescr text (untrusted).

    Returns:
        str: The model, or "" when the text has no ``MN:`` token.
    """
    for token in str(descr or "").replace("(", " ").replace(")", " ").split():
        if token.startswith("MN:") and 3 < len(token) <= 40 and token[3:].replace("-", "").isalnum():
            return token[3:]
    return ""


def outlet_state(tree, raw):
    """Normalise one outlet status value.

    Args:
        tree: ``rpdu``, ``rpdu2`` or ``spdu``.
        raw: The status OID's value.

    Returns:
        str: on, off or unknown.
    """
    return TREES[tree]["states"].get(to_int(raw), "unknown")


def outlet_index(tree, columns):
    """Map outlet number -> table index (rPDU2 rows are indexed across a daisy chain).

    Only the first PDU of a chain (module 1) is kept; on rPDU and sPDU the number is the index.

    Args:
        tree: ``rpdu``, ``rpdu2`` or ``spdu``.
        columns: Walk result (column OID -> {index: value}).

    Returns:
        dict: str(outlet number) -> int table index (JSON-safe keys for memory).
    """
    cols = TREES[tree]["columns"]
    indexes = columns.get(cols["state"], {}) or columns.get(cols.get("name"), {})
    if tree != "rpdu2":
        return {idx: int(idx) for idx in indexes if idx.isdigit()}
    modules, numbers = columns.get(cols["module"], {}), columns.get(cols["number"], {})
    mapping = {}
    for idx in indexes:
        if (to_int(modules.get(idx)) or 1) != 1:
            continue
        number = to_int(numbers.get(idx)) or to_int(idx)
        mapping[str(number)] = int(idx)
    return mapping


def _load(tree, ident, columns):
    """Load in amps: the one phase, or the most loaded phase of a multi-phase unit (tenths in the MIB)."""
    cols = TREES[tree]["columns"]
    if "load" not in cols:
        return None  # the sPDU fallback has no verified load OID: unknown, never a made-up number
    rows = columns.get(cols["load"], {})
    if tree == "rpdu":
        phases = max(1, to_int(ident.get(TREES[tree]["ident"]["phases"])) or 1)
        values = [to_int(rows[k]) for k in sorted(rows, key=int)[:phases]]  # phases first, then banks
    else:
        modules = columns.get(cols["load_module"], {})
        values = [to_int(v) for k, v in rows.items() if (to_int(modules.get(k)) or 1) == 1]
    values = [v for v in values if v is not None and v >= 0]
    return round(max(values) / 10.0, 1) if values else None


def parse_pdu(tree, ident, columns, source, name_override="", protected=()):
    """Build the Pdu from one ident GET and one column walk.

    Args:
        tree: ``rpdu``, ``rpdu2`` or ``spdu``.
        ident: OID -> value of ``TREES[tree]["ident"]``.
        columns: Walk result of ``TREES[tree]["columns"]``.
        source: Instance name (also the fallback display name).
        name_override: Display name from the settings, if any.
        protected: Outlet numbers the page must guard.

    Returns:
        tuple: (Pdu, outlet number -> table index map, model string).

    Raises:
        BadResponse: When the PDU lists no outlet at all.
    """
    spec = TREES[tree]
    index = outlet_index(tree, columns)
    if not index:
        raise BadResponse(f"PDU answered the {spec['label']} tree but listed no outlets")
    names, states = columns.get(spec["columns"].get("name"), {}), columns.get(spec["columns"]["state"], {})
    guarded = {int(n) for n in protected}
    outlets = []
    for number in sorted(index, key=int):
        idx = str(index[number])
        label = str(names.get(idx) or "").strip() or f"Outlet {number}"
        outlets.append(Outlet(int(number), label, outlet_state(tree, states.get(idx)), int(number) in guarded))
    rating = to_int(ident.get(spec["ident"].get("rating")))
    name = name_override or str(ident.get(spec["ident"]["name"]) or "").strip() or source
    model = str(ident.get(spec["ident"]["model"]) or "").strip() if "model" in spec["ident"] else \
        model_from_descr(ident.get(spec["ident"].get("descr")))
    pdu = Pdu(name, source, _load(tree, ident, columns), float(rating) if rating and rating > 0 else None, outlets,
              model)
    return pdu, index, model


def protected_numbers(value):
    """Parse the ``protected_outlets`` setting (list or comma-separated text).

    Args:
        value: ``[1, "2"]`` or ``"1, 2"`` or None.

    Returns:
        tuple[int, ...]: Outlet numbers.

    Raises:
        ConfigError: An item is not a number (a guard must never be dropped silently).
    """
    if value in (None, ""):
        return ()
    items = [str(i).strip() for i in (value.split(",") if isinstance(value, str) else value)]
    numbers = tuple(to_int(i) for i in items if i)
    if None in numbers:
        raise ConfigError(f"protected_outlets must be outlet numbers, got {value!r}")
    return numbers
