"""
Operations Command Center - Power-Cycle Probes

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The three things a power cycle looks at, each read directly from
    the device or source (never the cache, so no TTL slows the proof): the
    outlet's state (the PDU's read-back), a switch port's link (the switch
    integration's fetch) and whether the host answers (a TCP connect to its
    declared check port, or its status: an uptime target of its name in
    Hostmon / Uptime Kuma, or a monitoring source such as LibreNMS that
    raised a "device down" alert for it — down while the alert stands).
    Each answers None when it could not tell this time.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import socket

from flask import current_app

from ...integrations.base import IntegrationError
from ...integrations.kit import netpolicy
from ..inbox.derive import DOWN_CATEGORIES, DOWN_TITLE
from ..polling import cache_store
from ..polling.aggregator import get_aggregator
from ..polling.instances import load_instances

STATUS_FEED, ALERT_FEED = "uptime", "alerts:monitoring"


def instance(name):
    """A running instance by name, or None.

    Args:
        name: Instance name.

    Returns:
        Instance | None: The instance.
    """
    return next((i for i in load_instances() if i.name == name and not i.error), None)


def outlet(pdu, number):
    """An outlet's state read back from the PDU.

    Args:
        pdu: The PDU's ``Instance``.
        number: Outlet number.

    Returns:
        str | None: on or off; None when the PDU did not answer.
    """
    try:
        state = get_aggregator(current_app).integration(pdu).get_outlet(number)
    except IntegrationError:
        return None
    return state if state in ("on", "off") else None


def _fetch(inst, wait):
    """A fresh fetch of a source, taken under its single-flight lock (None when busy or failing)."""
    agg = get_aggregator(current_app)
    lock = agg.lock_for(inst.name)
    if not lock.acquire(timeout=wait):
        return None
    try:
        return agg.integration(inst).fetch()
    except IntegrationError:
        return None
    finally:
        lock.release()


def port(switch, index, wait):
    """A switch port's link state from a fresh fetch.

    Args:
        switch: The switch's ``Instance``.
        index: Port number.
        wait: Seconds to wait for a poll of the same switch to finish.

    Returns:
        str | None: up or down; None when the switch did not answer or lacks the port.
    """
    data = _fetch(switch, wait)
    for sw in (data.switches if data is not None else []):
        for p in sw.ports:
            if p.index == int(index) and p.oper in ("up", "down"):
                return p.oper
    return None


def _is_down_alert(alert, host):
    """Whether an alert says this host is down (LibreNMS "Device Down")."""
    return (str(alert.get("host") or "").strip().lower() == host.lower()
            and alert.get("category") in DOWN_CATEGORIES and bool(DOWN_TITLE.search(alert.get("title") or "")))


def status_sources(host):
    """The sources that report a status for a host: an uptime target of its name, or a "down" alert for it.

    Args:
        host: The host name (``pve01``).

    Returns:
        list[tuple]: (``Instance``, target name or None for an alert source) pairs.
    """
    instances = [i for i in load_instances() if not i.error and {STATUS_FEED, ALERT_FEED} & set(i.cls.FEEDS)]
    cached = cache_store.load([i.name for i in instances])
    out = []
    for inst in instances:
        data = (cached.get(inst.name, ({}, None))[0] or {}).get("data") or {}
        target = next((t["target"] for t in data.get("uptime") or []
                       if str(t.get("target") or "").strip().lower() == host.lower()), None)
        if target is not None:
            out.append((inst, target))
        elif any(_is_down_alert(a, host) for a in data.get("alerts") or []):
            out.append((inst, None))
    return out


def status(sources, host, wait):
    """The host's status as its status sources report it now.

    Args:
        sources: ``status_sources`` result.
        host: The host name.
        wait: Seconds to wait for a running poll of a source.

    Returns:
        str | None: down when any says down, up when all that answered say up, None when none could tell.
    """
    seen = set()
    for inst, target in sources:
        data = _fetch(inst, wait)
        if data is None:
            continue
        if target is None:  # an alert source: down while its "down" alert for the host stands
            seen.add("down" if any(_is_down_alert(vars(a), host) for a in data.alerts) else "up")
        for item in (data.uptime if target is not None else []):
            if item.target == target and item.status in ("up", "down"):
                seen.add(item.status)
    return "down" if "down" in seen else ("up" if seen else None)


def tcp(address, port_number, timeout):
    """Whether the host accepts a TCP connection on its check port.

    Args:
        address: Host name or address.
        port_number: TCP port.
        timeout: Seconds to wait for the connection.

    Returns:
        bool | None: True on a connection, False when refused or timed out, None when the network policy
        forbids the address or the name does not resolve (the check cannot tell).
    """
    try:
        netpolicy.check_host(address, port_number)
    except IntegrationError:
        return None
    try:
        with socket.create_connection((address, int(port_number)), timeout=timeout):
            return True
    except OSError:
        return False
