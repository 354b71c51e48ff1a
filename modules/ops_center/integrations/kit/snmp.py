"""
Operations Command Center - SNMP Helper

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: The one bridge from pysnmp 7's asyncio API to the sync app:
    one loop thread per process owning the engines (kept: a new engine costs
    CPU), one engine per credential set (pysnmp keys USM users by name, so
    two devices sharing a user name with different keys would swap keys
    mid-flight), and ``SnmpSession`` (get, GETBULK column walk, set). v3 is
    authPriv with explicit protocols (never pysnmp's silent MD5/DES); v2c
    only when configured. Every failure becomes a base.py error here.

CHANGELOG:
- 1.1.0 (2026-12-02): GETBULK asks for the rows still expected + 1 (no 50 cap, no request past the table's
  end); ``varbinds`` counts the varbinds received (the receiving CPU cost is per varbind)
- 1.0.0 (2026-11-26): Initial implementation
"""

import asyncio
import concurrent.futures
import hashlib
import os
import threading

from pyasn1.type import univ
from pysnmp.carrier.asyncio.dispatch import AsyncioDispatcher
from pysnmp.entity import config as snmp_config
from pysnmp.error import PySnmpError
from pysnmp.hlapi.v3arch import asyncio as hlapi
from pysnmp.proto import errind, rfc1902, rfc1905

from ..base import ActionFailed, AuthFailed, BadResponse, ConfigError, Timeout, Unreachable
from . import netpolicy

AUTH_PROTOCOLS = {"SHA": snmp_config.USM_AUTH_HMAC96_SHA, "SHA-224": snmp_config.USM_AUTH_HMAC128_SHA224,
                  "SHA-256": snmp_config.USM_AUTH_HMAC192_SHA256, "SHA-384": snmp_config.USM_AUTH_HMAC256_SHA384,
                  "SHA-512": snmp_config.USM_AUTH_HMAC384_SHA512, "MD5": snmp_config.USM_AUTH_HMAC96_MD5}
# AES-192/256 use the Blumenthal key extension (Net-SNMP's AES-192/AES-256); "-C" is Reeder/Cisco's.
PRIV_PROTOCOLS = {"AES-128": snmp_config.USM_PRIV_CFB128_AES, "AES-192": snmp_config.USM_PRIV_CFB192_AES_BLUMENTHAL,
                  "AES-256": snmp_config.USM_PRIV_CFB256_AES_BLUMENTHAL, "AES-192-C": snmp_config.USM_PRIV_CFB192_AES,
                  "AES-256-C": snmp_config.USM_PRIV_CFB256_AES, "DES": snmp_config.USM_PRIV_CBC56_DES}

AUTH_ERRORS = (errind.UnknownUserName, errind.WrongDigest, errind.DecryptionError, errind.UnknownSecurityName,
               errind.UnsupportedSecurityLevel, errind.AuthenticationError, errind.AuthenticationFailure,
               errind.UnknownCommunityName, errind.NotInTimeWindow)
# Error statuses meaning "the device refused this SET" (RFC 3416 4.2.5); other statuses are bad responses.
ACTION_ERRORS = {"wrongValue", "wrongType", "wrongLength", "wrongEncoding", "noAccess", "notWritable", "noCreation",
                 "inconsistentValue", "inconsistentName", "readOnly", "authorizationError", "resourceUnavailable",
                 "commitFailed", "undoFailed"}


class _Bridge:
    """The process-wide asyncio loop thread and the engines living on it."""

    def __init__(self):
        self.loop, self.engines = asyncio.new_event_loop(), {}
        threading.Thread(target=self.loop.run_forever, name="ops-snmp-loop", daemon=True).start()

    def _engine(self, key):
        """The engine of one credential set (loop thread only); its dispatcher counts datagrams per peer."""
        if key not in self.engines:
            dispatcher, engine = AsyncioDispatcher(loop=self.loop), hlapi.SnmpEngine()
            dispatcher.sent, send = {}, dispatcher.send_message

            def _counted(message, domain, address):  # every request, retry and discovery message counts
                peer = (str(address[0]), int(address[1]))
                dispatcher.sent[peer] = dispatcher.sent.get(peer, 0) + 1
                send(message, domain, address)
            dispatcher.send_message = _counted
            engine.register_transport_dispatcher(dispatcher)
            self.engines[key] = engine
        return self.engines[key]

    def _run(self, coro, limit):
        """Run a coroutine on the loop and wait for it at most ``limit`` seconds."""
        try:
            return (future := asyncio.run_coroutine_threadsafe(coro, self.loop)).result(limit)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise Timeout(f"SNMP operation did not finish within {limit:g} s") from None


_BRIDGES, _BRIDGE_LOCK = {}, threading.Lock()


def _bridge():
    """The bridge of this process (a forked child builds its own: threads do not survive a fork)."""
    with _BRIDGE_LOCK:
        if os.getpid() not in _BRIDGES:
            _BRIDGES.clear()
            _BRIDGES[os.getpid()] = _Bridge()
        return _BRIDGES[os.getpid()]


def _vb(oid, value=None):
    """A request varbind for a dotted OID (value None for GET/GETBULK)."""
    return hlapi.ObjectType(hlapi.ObjectIdentity(oid), *(() if value is None else (value,)))


def _value(value):
    """A response value as int, str, or None (noSuchObject, noSuchInstance, endOfMibView)."""
    if isinstance(value, rfc1905.NoSuchObject | rfc1905.NoSuchInstance | rfc1905.EndOfMibView):
        return None
    if isinstance(value, rfc1902.ObjectIdentifier | rfc1902.IpAddress):
        return value.prettyPrint()
    if isinstance(value, rfc1902.OctetString):
        return bytes(value).rstrip(b"\x00").decode("utf-8", "replace").strip()
    return int(value) if isinstance(value, univ.Integer) else value.prettyPrint()  # Integer32, Gauge32, Counter64


class SnmpSession:
    """A synchronous SNMP client bound to one device and one credential set.

    Args:
        host, port: The agent.
        version: ``v3`` (authPriv) or ``v2c``.
        user, auth_protocol, auth_key, priv_protocol, priv_key: SNMPv3 USM settings (protocol names are keys
            of ``AUTH_PROTOCOLS`` / ``PRIV_PROTOCOLS``).
        community: v2c community.
        timeout, retries: Seconds per request and retransmissions per request.

    Attributes:
        round_trips: SNMP messages sent to the device so far (discovery and retries included).
        requests: Logical requests (one GET, one GETBULK batch or one SET) made so far.
        varbinds: Varbinds received in answers so far (the receiving CPU cost is per varbind).
    """

    bulk_budget = 240  # varbinds asked per GETBULK; an agent may truncate, tooBig halves it

    def __init__(self, host, port=161, version="v3", user="", auth_protocol="SHA", auth_key="",
                 priv_protocol="AES-128", priv_key="", community="", timeout=2.0, retries=1):
        if not host:
            raise ConfigError("host is required")
        self.host, self.port = str(host), int(port or 161)
        self.timeout, self.retries = max(0.1, float(timeout)), max(0, int(retries))
        self.round_trips, self.requests, self.varbinds, self._target = 0, 0, 0, None
        if version == "v2c":
            if not community:
                raise ConfigError("snmp_community is required for SNMP v2c")
            self._auth = hlapi.CommunityData(str(community), mpModel=1)
            ident = ("v2c", community)
        elif version == "v3":
            if auth_protocol not in AUTH_PROTOCOLS or priv_protocol not in PRIV_PROTOCOLS:
                raise ConfigError(f"unsupported SNMPv3 protocols {auth_protocol}/{priv_protocol}; choose auth from "
                                  f"{', '.join(AUTH_PROTOCOLS)} and privacy from {', '.join(PRIV_PROTOCOLS)}")
            if not user or len(str(auth_key or "")) < 8 or len(str(priv_key or "")) < 8:
                raise ConfigError("SNMPv3 needs snmp_user, snmp_auth_key and snmp_priv_key (keys of 8+ characters)")
            self._auth = hlapi.UsmUserData(str(user), str(auth_key), str(priv_key), authProtocol=AUTH_PROTOCOLS[
                auth_protocol], privProtocol=PRIV_PROTOCOLS[priv_protocol])
            ident = ("v3", user, auth_protocol, auth_key, priv_protocol, priv_key)
        else:
            raise ConfigError(f"snmp_version must be v3 or v2c, not '{version}'")
        self.version, self._where = version, f"{self.host}:{self.port}"
        self._key = hashlib.sha256(repr(ident).encode()).hexdigest()

    def _request(self, kind, varbinds, repetitions=0):
        """Send one request and translate every failure; returns (error status name or None, varbinds)."""
        if self._target is None:  # outside the event loop: the policy may resolve the name
            netpolicy.check_host(self.host, self.port)
        bridge = _bridge()

        async def _operation():
            engine = bridge._engine(self._key)
            if self._target is None:  # resolved once per session, again after a timeout
                try:
                    self._target = await hlapi.UdpTransportTarget.create((self.host, self.port),
                                                                         timeout=self.timeout, retries=self.retries)
                except PySnmpError:
                    raise Unreachable(f"cannot resolve SNMP host {self.host}") from None
            target = self._target
            peer = (str(target.transport_address[0]), int(target.transport_address[1]))
            before = (sent := engine.transport_dispatcher.sent).get(peer, 0)
            command = {"get": hlapi.get_cmd, "bulk": hlapi.bulk_cmd, "set": hlapi.set_cmd}[kind]
            extra = (0, repetitions) if kind == "bulk" else ()  # GETBULK: non-repeaters, max-repetitions
            try:
                return await command(engine, self._auth, target, hlapi.ContextData(), *extra, *varbinds,
                                     lookupMib=False)
            finally:
                self.round_trips += sent.get(peer, 0) - before

        self.requests += 1
        # Guard: engine discovery may need its own full round of retries before the request itself.
        indication, status, _index, result = bridge._run(_operation(), 2 * self.timeout * (self.retries + 1) + 2.0)
        if indication:
            if isinstance(indication, errind.RequestTimedOut):
                self._target = None
                hint = " (agents ignore a wrong v2c community)" if self.version == "v2c" else ""
                raise Timeout(f"no SNMP answer from {self._where} in {self.timeout:g} s x {self.retries + 1} "
                              f"tries{hint}")
            if isinstance(indication, AUTH_ERRORS):
                raise AuthFailed(f"SNMP credentials rejected by {self._where}: {indication} (check user/keys)")
            raise BadResponse(f"SNMP error from {self._where}: {indication}")
        self.varbinds += len(result or ())
        return (status.prettyPrint() if status else None), result

    def get(self, *oids):
        """GET scalar or instance values in one request.

        Args:
            *oids: Dotted OIDs.

        Returns:
            dict: OID string (as given, without leading dot) -> value (None when the agent has no such object).
        """
        names = [str(o).strip(".") for o in oids]
        status, result = self._request("get", [_vb(n) for n in names])
        if status:
            raise BadResponse(f"SNMP GET from {self._where} failed: {status}")
        return {name: _value(vb[1]) for name, vb in zip(names, result)}

    def walk(self, *columns, rows_hint=None, limit=10000):
        """Walk table columns together with GETBULK (all columns in each request).

        Args:
            *columns: Dotted column OIDs, e.g. ifOperStatus ``1.3.6.1.2.1.2.2.1.8``.
            rows_hint: Expected rows (e.g. the outlet count): each GETBULK asks for the rows still expected + 1
                (the extra row shows the end of the table without another request); without it, or once the
                hint is exceeded, each asks for ``bulk_budget`` varbinds split over the columns.
            limit: Most rows per column, a guard against looping agents.

        Returns:
            dict: column -> {index suffix string ("3" or "1.2"): value}.
        """
        prefixes = {c: tuple(int(p) for p in str(c).strip(".").split(".")) for c in columns}
        rows, cursor, active = {c: {} for c in columns}, dict(prefixes), list(columns)
        hint = rows_hint if isinstance(rows_hint, int) and rows_hint > 0 else None
        cap = None  # halved by tooBig answers
        while active:
            repetitions = max(1, self.bulk_budget // len(active))
            remaining = hint - min(len(rows[c]) for c in active) if hint else 0
            if remaining > 0:  # the rows still expected + 1, which shows the column's end in the same answer
                repetitions = min(repetitions, remaining + 1)
            repetitions = max(1, min(repetitions, cap or repetitions))
            varbinds = [_vb(".".join(map(str, cursor[c]))) for c in active]
            status, result = self._request("bulk", varbinds, repetitions)
            if status == "tooBig" and repetitions > 1:
                cap = repetitions // 2
                continue
            if status:
                raise BadResponse(f"SNMP GETBULK from {self._where} failed: {status}")
            done, progressed = set(), False
            for i, (name, value) in enumerate(result):
                column = active[i % len(active)]  # GETBULK answers row by row: column i of each row
                oid, prefix = tuple(name), prefixes[column]
                if column in done:
                    continue
                if isinstance(value, rfc1905.EndOfMibView) or oid[:len(prefix)] != prefix:
                    done.add(column)
                    continue
                if oid <= cursor[column]:
                    raise BadResponse(f"SNMP agent {self._where} returned OIDs out of order")
                rows[column][".".join(map(str, oid[len(prefix):]))] = _value(value)
                cursor[column], progressed = oid, True
                if len(rows[column]) >= limit:
                    done.add(column)
            if not progressed and not done:
                raise BadResponse(f"SNMP agent {self._where} returned an empty GETBULK response")
            active = [c for c in active if c not in done]
        return rows

    def set(self, oid, value):
        """SET one value (int -> Integer32, str -> OctetString).

        Args:
            oid: Dotted OID of the instance.
            value: New value.

        Returns:
            object: The value the agent echoed back.

        Raises:
            ActionFailed: The agent refused the SET (wrongValue, notWritable, noAccess, ...).
        """
        typed = rfc1902.Integer32(value) if isinstance(value, int) else rfc1902.OctetString(str(value))
        name = str(oid).strip(".")
        status, result = self._request("set", [_vb(name, typed)])
        if status in ACTION_ERRORS:
            raise ActionFailed(f"{self._where} refused SET {name} = {value}: {status}")
        if status:
            raise BadResponse(f"SNMP SET on {self._where} failed: {status}")
        return _value(result[0][1]) if result else None


def session_for(integration):
    """Build a session from an integration's SNMP_FIELDS settings (plus ``host`` and ``timeout``).

    Args:
        integration: An ``Integration`` whose fields include SNMP_FIELDS.

    Returns:
        SnmpSession: The session.
    """
    s = integration.setting
    return SnmpSession(s("host"), s("port"), s("snmp_version"), s("snmp_user"), s("snmp_auth_protocol"),
                       s("snmp_auth_key"), s("snmp_priv_protocol"), s("snmp_priv_key"), s("snmp_community"),
                       s("timeout") or 2.0, s("retries") if s("retries") is not None else 1)
