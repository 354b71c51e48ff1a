"""
Operations Command Center - APC PDU Integration

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: APC switched rack PDUs over SNMPv3 authPriv (PowerNet-MIB).
    Detects once, by probing (never by sysObjectID), which tree the PDU
    answers (rPDU2 first, then rPDU, then sPDUOutletCtl, the control every
    APC PDU has) and keeps it in memory, then reads identity, load, rating
    and every outlet's name and state with one GET and one GETBULK walk;
    later polls read only states and load (names when due). Control
    methods get_outlet/set_outlet use the detected tree's OIDs and values;
    set_outlet only performs the SET (the control service reads back).

CHANGELOG:
- 1.3.0 (2026-12-02): light polls: states and load every poll, names and identity every 10th poll, after
  10 minutes, and at once after a reboot or when the outlet count or rows change
- 1.2.0 (2026-12-01): ``outlet_cycle``: immediateReboot where the tree has it, else off (the job turns it on)
- 1.1.0 (2026-12-01): sPDUOutletCtl as the last fallback for status and control (first-generation PDUs)
- 1.0.0 (2026-11-26): Initial implementation
"""

from ..actions import OUTLET_CYCLE
from ..base import OUTLET_SET, ActionFailed, BadResponse, Field, SourceData, register
from ..kit.snmp_base import SNMP_FIELDS, SnmpIntegration
from .parse import (
    PROBE_OIDS,
    SYS_UPTIME,
    TREES,
    detect_tree,
    outlet_index,
    outlet_state,
    parse_pdu,
    poll_oids,
    protected_numbers,
    remember,
    signalled,
    static_due,
)


@register
class ApcPdu(SnmpIntegration):
    """APC switched rack PDU (rPDU2 tree, rPDU tree, or sPDUOutletCtl alone).

    Attributes:
        last_round_trips: SNMP messages sent by the last fetch or control call.
    """

    type_name = "apc_pdu"
    label = "APC switched PDU (SNMP)"
    ttl_class = "critical"
    FEEDS = ("pdus",)
    ACTIONS = {"outlet_set": OUTLET_SET, "outlet_cycle": OUTLET_CYCLE}
    fields = (
        Field("host", "str", required=True, help="PDU management card host name or address."),
        *SNMP_FIELDS,
        Field("timeout", "float", default=2.0, min=0.1, max=300, help="Seconds to wait for each SNMP answer."),
        Field("protected_outlets", "list", default=[],
              help="Outlet numbers the page guards (typed confirmation), e.g. the switch, firewall or this server."),
        Field("display_name", "str", default="", help="Display name; default is the name configured on the PDU."),
    )

    def _tree(self, snmp):
        """The tree the PDU answers: from memory, else one probe GET (its values are returned too).

        Returns:
            tuple: (tree name, ident values or None when they still have to be read).
        """
        tree = self.memory.get("tree")
        if tree in TREES:
            return tree, None
        values = snmp.get(*PROBE_OIDS)
        tree = detect_tree(values)
        if tree is None:
            raise BadResponse("the device answers neither the APC rPDU2 nor the rPDU tree, nor sPDUOutletCtl "
                              "(is it a switched APC PDU?)")
        self.memory["tree"] = tree
        return tree, values

    def fetch(self):
        """Read identity, load, rating and all outlets (names and identity only when due, see ``_light``).

        Returns:
            SourceData: One Pdu.
        """
        snmp = self.snmp()
        start = snmp.round_trips
        protected = protected_numbers(self.setting("protected_outlets"))
        try:
            tree, ident = self._tree(snmp)
            spec, cache, now = TREES[tree], self.memory.get("pducache") or {}, self.clock()
            light = None if static_due(cache, tree, now) else self._light(snmp, tree, cache)
            if light:
                (columns, uptime), ident = light, cache["ident"]
            else:
                if ident is None:
                    ident = snmp.get(*spec["ident"].values(), SYS_UPTIME)
                hint = ident.get(spec["ident"].get("outlets"))  # sPDU has no count: the walk runs to the column end
                columns = snmp.walk(*spec["columns"].values(), rows_hint=hint if isinstance(hint, int) else None)
                uptime = ident.get(SYS_UPTIME)
            try:
                pdu, index, model = parse_pdu(tree, ident, columns, self.name, self.setting("display_name"), protected)
            except BadResponse:
                self.memory.pop("tree", None)  # probe again next time (firmware change, wrong device)
                self.memory.pop("pducache", None)
                raise
        finally:
            self.last_round_trips = snmp.round_trips - start
        self.memory.update(index=index, model=model, outlets=len(index))
        self.memory["pducache"] = remember(cache, tree, ident, columns, uptime, now, not light)
        return SourceData(pdus=[pdu])

    @staticmethod
    def _light(snmp, tree, cache):
        """A light poll: one GET (sysUpTime, outlet count, load rows) and a walk of the state column; the
        names come from memory. Returns (columns, sysUpTime), or None when a full poll is needed."""
        spec = TREES[tree]
        values = snmp.get(*poll_oids(tree, cache))
        if signalled(cache, tree, values):
            return None
        count = values.get(spec["ident"].get("outlets"))
        state = spec["columns"]["state"]
        columns = snmp.walk(state, rows_hint=count if isinstance(count, int) else len(cache.get("rows", ())) or None)
        if sorted(columns[state]) != cache.get("rows"):
            return None  # outlets came or went: read everything
        columns.update(cache["cols"])
        if load := spec["columns"].get("load"):
            columns[load] = {i: values.get(f"{load}.{i}") for i in cache["load_rows"]}
        return columns, values.get(SYS_UPTIME)

    def _index(self, snmp, tree, number):
        """Validate an outlet number and return its table index."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise ActionFailed(f"outlet number must be an integer, got {number!r}") from None
        index = self.memory.get("index") or {}
        if not index:
            spec = TREES[tree]
            cols = [spec["columns"][k] for k in ("module", "number", "state") if k in spec["columns"]]
            index = outlet_index(tree, snmp.walk(*cols))
            self.memory.update(index=index, outlets=len(index))
        if str(number) not in index:
            raise ActionFailed(f"outlet {number} does not exist on {self.setting('display_name') or self.name} "
                               f"(outlets 1-{len(index)})")
        return index[str(number)]

    def get_outlet(self, number):
        """Read one outlet's present state from the status OID.

        Args:
            number: Outlet number (1-based, as printed on the PDU).

        Returns:
            str: on, off or unknown.
        """
        snmp = self.snmp()
        start = snmp.round_trips
        try:
            tree, _ident = self._tree(snmp)
            oid = f"{TREES[tree]['status']}.{self._index(snmp, tree, number)}"
            return outlet_state(tree, snmp.get(oid)[oid])
        finally:
            self.last_round_trips = snmp.round_trips - start

    def set_outlet(self, number, state):
        """Send one outlet command (no read-back here; the control service reads back with get_outlet).

        Args:
            number: Outlet number.
            state: on, off or reboot.

        Returns:
            None

        Raises:
            ActionFailed: Unknown state or outlet, or the PDU refused the SET.
        """
        if state not in ("on", "off", "reboot"):
            raise ActionFailed(f"state must be on, off or reboot, got {state!r}")
        snmp = self.snmp()
        start = snmp.round_trips
        try:
            tree, _ident = self._tree(snmp)
            commands = TREES[tree]["commands"]
            snmp.set(f"{TREES[tree]['command']}.{self._index(snmp, tree, number)}", commands[state])
        finally:
            self.last_round_trips = snmp.round_trips - start

    def cycle_outlet(self, number):
        """Start a power cycle: immediateReboot (the PDU turns the outlet on again itself) where the tree has
        it, else immediateOff (the cycle job turns it on again after the off time).

        Args:
            number: Outlet number.

        Returns:
            str: ``reboot`` or ``off``: which of the two was sent.

        Raises:
            ActionFailed: Unknown outlet, or the PDU refused the SET.
        """
        snmp = self.snmp()
        tree, _ident = self._tree(snmp)
        mode = "reboot" if "reboot" in TREES[tree]["commands"] else "off"
        self.set_outlet(number, mode)
        return mode
