"""
Operations Command Center - SNMP Agent Fake

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: An in-process pysnmp SNMPv3 (and optionally v2c) agent on UDP
    127.0.0.1 (ephemeral port), running its own asyncio loop in a thread, as
    described in reference/device-protocols.md section B.2. It serves an APC
    switched PDU (old rPDU or new rPDU2 tree, or only the sPDUOutletCtl
    column of a first-generation unit, chosen per instance) whose control
    OIDs drive the status OIDs and the load, and/or IF-MIB tables of a
    48-port Zyxel switch whose counters advance with ``advance(seconds)``.
    Real wrongValue / wrongType / notWritable errors; wrong credentials are
    answered with USM reports like a real agent. Options: ``sticky`` (accept
    a SET but keep the old state), ``drop`` (ignore every packet),
    ``rekey()`` (change the user's keys while running), ``reboot()``,
    ``set_alias()`` and ``table_changed()`` (ifTableLastChange).

CHANGELOG:
- 1.3.0 (2026-12-02): IF-MIB ifTableLastChange; ``set_alias`` and ``table_changed`` (port renames, rows)
- 1.2.0 (2026-12-01): ``reboot_seconds``: a reboot command holds the outlet off that long, like a real PDU
- 1.1.0 (2026-12-01): tree "spdu": only sPDUOutletCtl (on 1, off 2, reboot 3; GET reads the state back)
- 1.0.0 (2026-11-26): Initial implementation
"""

import asyncio
import bisect
import socket
import threading
import time

from pyasn1.type import univ
from pysnmp.carrier.asyncio.dgram import udp
from pysnmp.carrier.asyncio.dispatch import AsyncioDispatcher
from pysnmp.entity import config
from pysnmp.entity import engine as snmp_engine
from pysnmp.entity.rfc3413 import cmdrsp
from pysnmp.entity.rfc3413 import context as snmp_context
from pysnmp.proto import rfc1902, rfc1905
from pysnmp.smi import error as smi_error
from pysnmp.smi.instrum import AbstractMibInstrumController

from modules.ops_center.integrations.kit.snmp import AUTH_PROTOCOLS, PRIV_PROTOCOLS

USER, AUTH_KEY, PRIV_KEY = "pduadmin", "authpass-4711", "privpass-4712"
RPDU, RPDU2, IF = "1.3.6.1.4.1.318.1.1.12", "1.3.6.1.4.1.318.1.1.26", "1.3.6.1.2.1"
SPDU_CTL = "1.3.6.1.4.1.318.1.1.4.4.2.1.3"  # sPDUOutletCtl.{n}, verified.md 1
OUTLET_NAMES = ("core-sw-01", "fw-opnsense", "nas-01", "hv-01", "hv-02", "hv-03", "backup-nas", "ups-mgmt",
                "lab-sw", "ap-poe", "kvm", "spare-12", "db-01", "db-02", "web-01", "web-02", "mon-01", "log-01",
                "spare-19", "spare-20", "printer", "cam-nvr", "spare-23", "spare-24")
SWITCH_DOWN = (41, 42, 43, 44, 45, 46, 47, 48)
SWITCH_ADMIN_DOWN = (47,)
WRAP_PORT = 3  # its 64-bit in-octets counter starts just below 2**64


class _Dispatcher(AsyncioDispatcher):
    """Agent dispatcher that can drop every datagram (a hung or firewalled agent)."""

    def __init__(self, agent, loop):
        super().__init__(loop=loop)
        self.agent = agent

    def _callback_function(self, incomingTransport, transportAddress, incomingMessage):  # noqa: N803
        self.agent.received += 1
        if not self.agent.drop:
            super()._callback_function(incomingTransport, transportAddress, incomingMessage)


class _Instrum(AbstractMibInstrumController):
    """Sorted OID table over the agent's live state (read, read-next, write)."""

    def __init__(self, agent):
        self.agent = agent

    def read_variables(self, *varBinds, **context):  # noqa: N803 - pysnmp's signature
        table = self.agent.table
        return [(name, table[tuple(name)]() if tuple(name) in table else rfc1905.noSuchInstance)
                for name, _v in varBinds]

    def read_next_variables(self, *varBinds, **context):  # noqa: N803
        keys, table, out = self.agent.keys, self.agent.table, []
        for name, _v in varBinds:
            i = bisect.bisect_right(keys, tuple(name))
            out.append((rfc1902.ObjectName(keys[i]), table[keys[i]]()) if i < len(keys)
                       else (name, rfc1905.endOfMibView))
        return out

    def write_variables(self, *varBinds, **context):  # noqa: N803
        checks = [self.agent.check_set(i, tuple(name), value) for i, (name, value) in enumerate(varBinds)]
        for apply in checks:
            apply()
        return list(varBinds)


class SnmpAgent:
    """The fake agent; use as a context manager or call start()/stop().

    Args:
        tree: ``"rpdu"``, ``"rpdu2"``, ``"spdu"`` (sPDUOutletCtl only, as a unit without rPDU/rPDU2) or None
            (no PDU). sysObjectID says masterSwitchrPDU2 for every tree, so a client that trusted it would fail.
        outlets: Number of switched outlets.
        switch_ports: Number of front-panel ports of the IF-MIB switch (0 = none).
        user, auth_key, priv_key, auth_protocol, priv_protocol: The one SNMPv3 user.
        community: Also answer SNMP v2c with this community (None = v3 only).
        sticky: Accept outlet SETs without changing the state.
        max_bulk: Most varbinds per GETBULK response (pysnmp's own default is 64).
        auto_advance: Counters and sysUpTime also run with real time (for benchmarks); tests use advance().
    """

    def __init__(self, tree="rpdu2", outlets=24, switch_ports=0, user=USER, auth_key=AUTH_KEY, priv_key=PRIV_KEY,
                 auth_protocol="SHA", priv_protocol="AES-128", community=None, sticky=False, max_bulk=256,
                 auto_advance=False):
        self.tree, self.outlets, self.switch_ports = tree, outlets, switch_ports
        self.user, self.keys_ = user, (auth_protocol, auth_key, priv_protocol, priv_key)
        self.community, self.sticky_default, self.max_bulk = community, sticky, max_bulk
        self.auto_advance = auto_advance
        self.table, self.keys = {}, []
        self.port = None
        self._loop = self._thread = self._engine = None
        self._rekeyed = False
        self.reset()

    def reset(self):
        """Back to the initial state (outlets, flags, counters, keys) so one agent can serve many tests.

        Returns:
            SnmpAgent: self.
        """
        self.drop, self.read_only, self.received, self.sets = False, False, 0, []
        self.sticky = self.sticky_default
        self.reboot_seconds = 0.0  # > 0: immediateReboot holds the outlet off this long, then turns it on
        self.state = {n: n % 7 != 0 for n in range(1, self.outlets + 1)}  # 7, 14, 21 are off
        self.names = {n: OUTLET_NAMES[(n - 1) % len(OUTLET_NAMES)] for n in range(1, self.outlets + 1)}
        self.amps = {n: round(0.2 + (n % 5) * 0.15, 2) for n in range(1, self.outlets + 1)}
        self.elapsed, self.uptime_base = 0.0, 8_640_000  # seconds of traffic; sysUpTime ticks at start
        self.aliases = {1: "uplink-core", 2: "nas-01", 24: "ap-lobby"}  # ifAlias, set by an operator
        self.table_last_change = 0  # ifTableLastChange ticks: 0 = no ifTable row created/deleted since boot
        self._started = time.monotonic()
        if self._rekeyed:
            self.rekey(self.keys_[1], self.keys_[3])
            self._rekeyed = False
        return self

    # ------------------------------------------------------------------ data

    def load_tenths(self):
        """Total load of the outlets that are on, in tenths of amps."""
        return round(sum(a for n, a in self.amps.items() if self.state[n]) * 10)

    def _build(self):
        t = {}

        def put(oid, value):
            t[tuple(int(x) for x in oid.split("."))] = value if callable(value) else (lambda v=value: v)

        put(f"{IF}.1.1.0", lambda: rfc1902.OctetString(self._descr()))
        put(f"{IF}.1.2.0", rfc1902.ObjectIdentifier("1.3.6.1.4.1.318.1.3.4.6" if self.tree else "1.3.6.1.4.1.890.1.15"))
        put(f"{IF}.1.3.0", lambda: rfc1902.TimeTicks(self.uptime_ticks()))
        put(f"{IF}.1.5.0", rfc1902.OctetString("zyxel-core" if self.switch_ports else
                                               "pdu-rack-c" if self.tree == "spdu" else "pdu-rack-a"))
        if self.tree == "rpdu":
            self._build_rpdu(put)
        elif self.tree == "rpdu2":
            self._build_rpdu2(put)
        elif self.tree == "spdu":
            for n in range(1, self.outlets + 1):
                put(f"{SPDU_CTL}.{n}", lambda n=n: rfc1902.Integer32(1 if self.state[n] else 2))
        if self.switch_ports:
            self._build_ifmib(put)
        self.table, self.keys = t, sorted(t)

    def _descr(self):
        if self.switch_ports:
            return f"GS1920-{self.switch_ports}HPv2"
        if self.tree == "spdu":
            return ("APC Web/SNMP Management Card (MB:v3.6.1 PF:v3.7.3 PN:apc_hw02_aos_373.bin AF1:v3.7.3 "
                    "AN1:apc_hw02_rpdu_373.bin MN:AP7900 HR:B2)")
        model = "AP7953" if self.tree == "rpdu" else "AP8959EU3"
        return f"APC Web/SNMP Management Card (MB:v4.1.0 PF:v6.7.2 PN:apc_hw05_aos_672.bin MN:{model})"

    def _build_rpdu(self, put):
        i32, s, n_out = rfc1902.Integer32, rfc1902.OctetString, self.outlets
        for oid, v in ((".1.1.0", s("pdu-rack-a")), (".1.5.0", s("AP7953")), (".1.7.0", i32(16)),
                       (".1.8.0", i32(n_out)), (".1.9.0", i32(1)), (".2.1.1.0", i32(16)), (".2.1.2.0", i32(1)),
                       (".3.1.1.0", i32(1)), (".3.1.3.0", i32(n_out)), (".3.1.4.0", i32(n_out))):
            put(RPDU + oid, v)
        half = n_out // 2
        banks = {1: range(1, n_out + 1), 2: range(1, half + 1), 3: range(half + 1, n_out + 1)}
        for row, members in banks.items():  # row 1 = phase 1, rows 2-3 = banks
            put(f"{RPDU}.2.3.1.1.1.{row}", i32(row))
            put(f"{RPDU}.2.3.1.1.2.{row}", lambda m=members: rfc1902.Gauge32(
                round(sum(self.amps[n] for n in m if self.state[n]) * 10)))
            put(f"{RPDU}.2.3.1.1.3.{row}", i32(1))
            put(f"{RPDU}.2.3.1.1.4.{row}", i32(1))
        for n in range(1, n_out + 1):
            put(f"{RPDU}.3.3.1.1.1.{n}", i32(n))
            put(f"{RPDU}.3.3.1.1.2.{n}", lambda n=n: s(self.names[n]))
            put(f"{RPDU}.3.3.1.1.3.{n}", i32(1))
            put(f"{RPDU}.3.3.1.1.4.{n}", lambda n=n: i32(1 if self.state[n] else 2))
            put(f"{RPDU}.3.4.1.1.2.{n}", lambda n=n: s(self.names[n]))
            put(f"{RPDU}.3.5.1.1.1.{n}", i32(n))
            put(f"{RPDU}.3.5.1.1.2.{n}", lambda n=n: s(self.names[n]))
            put(f"{RPDU}.3.5.1.1.3.{n}", i32(1))
            put(f"{RPDU}.3.5.1.1.4.{n}", lambda n=n: i32(1 if self.state[n] else 2))  # on(1) off(2)
            put(f"{RPDU}.3.5.1.1.5.{n}", i32(2))

    def _build_rpdu2(self, put):
        i32, s = rfc1902.Integer32, rfc1902.OctetString
        put(f"{RPDU2}.1.0", i32(1))
        for col, v in ((1, i32(1)), (2, i32(1)), (3, s("pdu-rack-b")), (6, s("v6.7.2")), (8, s("AP8959EU3")),
                       (9, s("5A1234E00001"))):
            put(f"{RPDU2}.2.1.{col}.1", v)
        for col, v in ((1, i32(1)), (2, i32(1)), (4, i32(self.outlets)), (5, i32(self.outlets)), (7, i32(1)),
                       (9, i32(32))):
            put(f"{RPDU2}.4.2.1.{col}.1", v)
        put(f"{RPDU2}.4.3.1.4.1", i32(2))
        put(f"{RPDU2}.4.3.1.5.1", lambda: i32(round(self.load_tenths() * 230 / 10 / 10)))
        for col, v in ((1, i32(1)), (2, i32(1)), (3, i32(1)), (4, i32(2)), (6, i32(230))):
            put(f"{RPDU2}.6.3.1.{col}.1", v)
        put(f"{RPDU2}.6.3.1.5.1", lambda: i32(self.load_tenths()))
        put(f"{RPDU2}.9.1.0", i32(self.outlets))
        for n in range(1, self.outlets + 1):
            for col in (1, 4):
                put(f"{RPDU2}.9.2.1.1.{col}.{n}", i32(n))
                put(f"{RPDU2}.9.2.3.1.{col}.{n}", i32(n))
                put(f"{RPDU2}.9.2.4.1.{col}.{n}", i32(n))
            put(f"{RPDU2}.9.2.1.1.2.{n}", i32(1))
            put(f"{RPDU2}.9.2.1.1.3.{n}", lambda n=n: s(self.names[n]))
            put(f"{RPDU2}.9.2.3.1.2.{n}", i32(1))
            put(f"{RPDU2}.9.2.3.1.3.{n}", lambda n=n: s(self.names[n]))
            put(f"{RPDU2}.9.2.3.1.5.{n}", lambda n=n: i32(2 if self.state[n] else 1))  # off(1) on(2)
            put(f"{RPDU2}.9.2.3.1.6.{n}", i32(2))
            put(f"{RPDU2}.9.2.4.1.2.{n}", i32(1))
            put(f"{RPDU2}.9.2.4.1.3.{n}", lambda n=n: s(self.names[n]))
            put(f"{RPDU2}.9.2.4.1.5.{n}", lambda n=n: i32(1 if self.state[n] else 2))

    def port_rate(self, index):
        """The (rx, tx) bits/s the fake switch port ``index`` carries."""
        if index in SWITCH_DOWN or index > self.switch_ports:
            return 0, 0
        return index * 1_000_000, index * 250_000

    def octets(self, index, direction):
        """Current 64-bit octet counter of a port (direction 0 = in, 1 = out)."""
        base = 2**64 - 1000 if (index == WRAP_PORT and direction == 0) else index * 10**9
        return (base + int(self.port_rate(index)[direction] / 8 * self.seconds())) % 2**64

    def _build_ifmib(self, put):
        i32, s, g32 = rfc1902.Integer32, rfc1902.OctetString, rfc1902.Gauge32
        rows = [(i, f"Port {i}", f"port{i}", 6) for i in range(1, self.switch_ports + 1)]
        rows += [(self.switch_ports + 1, "enet0", "enet0", 6), (1025, "vlan1", "vlan1", 136)]
        put(f"{IF}.2.1.0", i32(len(rows)))
        for index, descr, name, if_type in rows:
            up = if_type == 136 or index not in SWITCH_DOWN
            admin = 2 if index in SWITCH_ADMIN_DOWN else 1
            speed = 1000 if if_type == 6 and up else 0
            for col, v in ((1, i32(index)), (2, s(descr)), (3, i32(if_type)), (4, i32(1500)), (5, g32(speed * 10**6)),
                           (7, i32(admin)), (8, i32(1 if up else 2))):
                put(f"{IF}.2.2.1.{col}.{index}", v)
            put(f"{IF}.2.2.1.10.{index}", lambda i=index: rfc1902.Counter32(self.octets(i, 0) % 2**32))
            put(f"{IF}.2.2.1.16.{index}", lambda i=index: rfc1902.Counter32(self.octets(i, 1) % 2**32))
            put(f"{IF}.31.1.1.1.1.{index}", s(name))
            put(f"{IF}.31.1.1.1.6.{index}", lambda i=index: rfc1902.Counter64(self.octets(i, 0)))
            put(f"{IF}.31.1.1.1.10.{index}", lambda i=index: rfc1902.Counter64(self.octets(i, 1)))
            put(f"{IF}.31.1.1.1.15.{index}", g32(speed))
            put(f"{IF}.31.1.1.1.18.{index}", lambda i=index: s(self.aliases.get(i, "")))
        put(f"{IF}.31.1.5.0", lambda: rfc1902.TimeTicks(self.table_last_change))

    # ------------------------------------------------------------------ SET

    def check_set(self, idx, oid, value):
        """Validate one SET varbind; return the function that applies it (two-phase SET)."""
        dotted = ".".join(map(str, oid))
        name = rfc1902.ObjectName(oid)
        command = None
        if self.tree == "rpdu" and dotted.startswith(f"{RPDU}.3.3.1.1.4."):
            command, valid, actions = int(oid[-1]), range(1, 8), {1: True, 2: False, 3: True, 4: True, 5: False,
                                                                    6: True}
        elif self.tree == "rpdu2" and dotted.startswith(f"{RPDU2}.9.2.4.1.5."):
            command, valid, actions = int(oid[-1]), (1, 2, 3, 5, 6, 7, 8), {1: True, 2: False, 3: True, 5: True,
                                                                             6: False, 7: True}
        elif self.tree == "spdu" and dotted.startswith(f"{SPDU_CTL}."):
            # outletOn(1) Off(2) Reboot(3), the *WithDelay forms 5-7; outletUnknown(4) is a read-only answer.
            command, valid, actions = int(oid[-1]), (1, 2, 3, 5, 6, 7), {1: True, 2: False, 3: True, 5: True,
                                                                          6: False, 7: True}
        if command is None or oid not in self.table:
            raise smi_error.NotWritableError(name=name, idx=idx)
        if self.read_only:  # a read-only SNMP user (no write view)
            raise smi_error.NoAccessError(name=name, idx=idx)
        if value.getTagSet() != univ.Integer.tagSet:
            raise smi_error.WrongTypeError(name=name, idx=idx)
        if int(value) not in valid:
            raise smi_error.WrongValueError(name=name, idx=idx)

        def apply():
            self.sets.append((dotted, int(value)))
            if not self.sticky and int(value) == 3 and self.reboot_seconds > 0:
                self.state[command] = False  # immediateReboot: off now, on again after the reboot duration
                timer = threading.Timer(self.reboot_seconds, self.state.__setitem__, (command, True))
                timer.daemon = True
                timer.start()
            elif not self.sticky and int(value) in actions:
                self.state[command] = actions[int(value)]  # reboot ends with the outlet on
        return apply

    # ------------------------------------------------------------------ control of the fake

    def seconds(self):
        """Seconds of traffic so far: advance() calls, plus real time with ``auto_advance``."""
        return self.elapsed + (time.monotonic() - self._started if self.auto_advance else 0.0)

    def advance(self, seconds):
        """Let traffic flow and sysUpTime run for ``seconds``."""
        self.elapsed += seconds

    def reboot(self):
        """Restart the device: sysUpTime, counters and ifTableLastChange start again from zero."""
        self.uptime_base, self.elapsed, self._started = 0, 0.0, time.monotonic()
        self.table_last_change = 0

    def uptime_ticks(self):
        """sysUpTime now, in hundredths of a second."""
        return int(self.uptime_base + self.seconds() * 100)

    def set_alias(self, index, text):
        """An operator renames a port (ifAlias). Per IF-MIB this alone does not move ifTableLastChange."""
        self.aliases[index] = text

    def table_changed(self):
        """An ifTable row was created or deleted: ifTableLastChange becomes the current sysUpTime."""
        self.table_last_change = self.uptime_ticks()

    def rekey(self, auth_key, priv_key):
        """Change the SNMPv3 user's keys while running (the client's old keys become wrong)."""
        async def change():
            config.delete_v3_user(self._engine, self.user)
            self._add_user(auth_key, priv_key)
        asyncio.run_coroutine_threadsafe(change(), self._loop).result(5)
        self._rekeyed = True

    def _add_user(self, auth_key, priv_key):
        auth_proto, _a, priv_proto, _p = self.keys_
        config.add_v3_user(self._engine, self.user, AUTH_PROTOCOLS[auth_proto], auth_key, PRIV_PROTOCOLS[priv_proto],
                           priv_key)

    async def _setup(self, sock):
        eng = self._engine = snmp_engine.SnmpEngine()
        eng.register_transport_dispatcher(_Dispatcher(self, asyncio.get_running_loop()))
        config.add_transport(eng, udp.DOMAIN_NAME, udp.UdpAsyncioTransport().open_server_mode(sock=sock))
        self._add_user(self.keys_[1], self.keys_[3])
        if self.community:
            config.add_v1_system(eng, "ops-area", self.community)
        ctx = snmp_context.SnmpContext(eng)
        ctx.unregister_context_name(b"")
        ctx.register_context_name(b"", _Instrum(self))
        cmdrsp.GetCommandResponder(eng, ctx)
        cmdrsp.NextCommandResponder(eng, ctx)
        cmdrsp.BulkCommandResponder(eng, ctx).max_varbinds = self.max_bulk
        cmdrsp.SetCommandResponder(eng, ctx)

    def start(self):
        """Bind an ephemeral UDP port on 127.0.0.1 and serve in a thread.

        Returns:
            SnmpAgent: self.
        """
        self._build()
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=f"snmp-agent-{self.port}", daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._setup(sock), self._loop).result(10)
        return self

    def stop(self):
        """Close the transport and the loop.

        Returns:
            None
        """
        async def shutdown():
            self._engine.close_dispatcher()
            await asyncio.sleep(0.01)
        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
