"""
Operations Command Center - Inbox Entities

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The one naming of the things events are about, shared by the
    events, the topology and the incidents: ``host:<name>``,
    ``switch:<instance>``, ``port:<instance>:<index>``,
    ``outlet:<instance>:<number>``, ``pdu:<instance>``, ``wan:<name>`` and
    ``source:<instance>`` (a system the dashboard reads). Host names are
    compared case-insensitively; a host name that is a switch's, a PDU's or a
    WAN's own name is that thing.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import re

KINDS = ("outlet", "pdu", "port", "switch", "wan", "host", "source")
# Which root wins when two independent failures block one element: power before network.
ROOT_RANK = {"outlet": 0, "pdu": 1, "switch": 2, "port": 3, "host": 4, "wan": 5, "source": 6}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def kind_of(entity):
    """The kind of an entity key.

    Args:
        entity: ``port:zyxel-1:12`` ...

    Returns:
        str: ``port`` (empty for None).
    """
    return (entity or "").split(":", 1)[0]


def parts(entity):
    """The entity's fields after its kind.

    Args:
        entity: An entity key.

    Returns:
        list[str]: ``["zyxel-1", "12"]`` for ``port:zyxel-1:12``.
    """
    return entity.split(":")[1:] if entity else []


def host(name):
    """A host entity.

    Args:
        name: Host name as a system reports it.

    Returns:
        str: ``host:<lower-case name>``.
    """
    return f"host:{str(name).strip().lower()}"


def port(instance, index):
    """A switch port entity.

    Args:
        instance: Switch instance name.
        index: Port index.

    Returns:
        str: ``port:<instance>:<index>``.
    """
    return f"port:{instance}:{int(index)}"


def outlet(instance, number):
    """A PDU outlet entity.

    Args:
        instance: PDU instance name.
        number: Outlet number.

    Returns:
        str: ``outlet:<instance>:<number>``.
    """
    return f"outlet:{instance}:{int(number)}"


def switch_of(entity):
    """The switch a port belongs to.

    Args:
        entity: A port entity.

    Returns:
        str | None: ``switch:<instance>``, or None for any other kind.
    """
    return f"switch:{parts(entity)[0]}" if kind_of(entity) == "port" else None


def squash(name):
    """A name reduced for matching across systems ("NAS-01", "nas_01" and "nas01" agree).

    Args:
        name: Any name.

    Returns:
        str: Lower-case letters and digits only.
    """
    return _NON_ALNUM.sub("", str(name or "").lower())


class Namer:
    """Turns names systems report into entities, and entities back into short names.

    Args:
        switches: Switch instance names.
        pdus: PDU instance names.
        wans: WAN names.
        outlet_names: ``outlet:<pdu>:<n>`` -> outlet name.
        port_aliases: ``port:<switch>:<i>`` -> alias or comment.
    """

    def __init__(self, switches=(), pdus=(), wans=(), outlet_names=None, port_aliases=None):
        self.devices = {s.lower(): f"switch:{s}" for s in switches}
        self.devices.update({p.lower(): f"pdu:{p}" for p in pdus})
        self.devices.update({w.lower(): f"wan:{w}" for w in wans})
        self.outlet_names = outlet_names or {}
        self.port_aliases = port_aliases or {}

    def host_entity(self, name):
        """The entity of a host name: the switch, PDU or WAN of that name, else ``host:<name>``.

        Args:
            name: A host or target name.

        Returns:
            str | None: The entity, or None for an empty name.
        """
        text = str(name or "").strip()
        if not text:
            return None
        return self.devices.get(text.lower()) or host(text)

    def name(self, entity):
        """A short human name ("zyxel-1 port 12", "pdu-1 outlet 5 'NAS'", "pve01").

        Args:
            entity: An entity key.

        Returns:
            str: The name.
        """
        kind, rest = kind_of(entity), parts(entity)
        if kind == "port" and len(rest) == 2:
            alias = self.port_aliases.get(entity)
            return f"{rest[0]} port {rest[1]}" + (f" ({alias})" if alias else "")
        if kind == "outlet" and len(rest) == 2:
            label = self.outlet_names.get(entity)
            return f"{rest[0]} outlet {rest[1]}" + (f" '{label}'" if label else "")
        return ":".join(rest) if rest else str(entity or "")
