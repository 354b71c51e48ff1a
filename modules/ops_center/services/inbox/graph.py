"""
Operations Command Center - Dependency Graph

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: What depends on what (pure), from the topology links. Each
    element needs power (any one of its power parents) AND a network path
    (any one of its network parents): a port needs its switch, a switch its
    uplink port, a host its port(s), a WAN its gateway, a source the device
    it reads. ``far`` keeps what hangs below each port (for "the link went
    down because the far end lost power"). reach.py reads the graph under a
    set of failures.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from collections import defaultdict

from . import entities as E

GROUPS = ("power", "net")


class Graph:
    """The dependency graph of the topology links.

    Args:
        links: ``(kind, upstream, downstream)`` triples (kind power, network, uplink or wan).
        devices: Instance name -> the entity it reads (``switch:zyxel-1``), for ``source:`` elements.
    """

    def __init__(self, links, devices=None):
        self.declared = defaultdict(lambda: {"power": set(), "net": set()})
        self.far = defaultdict(set)
        self.uplink_ports = set()  # the downstream side of an uplink: the port its switch hangs on
        self.uplinks = set()  # both sides of every uplink (their loss cuts a switch off: critical)
        self.devices = dict(devices or {})
        self.mapped = set()
        for kind, up, down in links:
            self.mapped.update((up, down))
            if kind == "power":
                self.declared[down]["power"].add(up)
                continue
            self.declared[down]["net"].add(up)
            if kind == "network":
                self.far[up].add(down)
            elif kind == "uplink":
                switch = E.switch_of(down)
                self.declared[switch]["net"].add(down)
                self.uplink_ports.add(down)
                self.uplinks.update((up, down))
                self.far[up].add(switch)
                self.mapped.add(switch)

    def groups(self, node):
        """The parents of an element, by kind (implicit ones included).

        Args:
            node: An entity key.

        Returns:
            dict: ``{"power": set, "net": set}``.
        """
        found = self.declared.get(node)
        groups = {"power": set(found["power"]), "net": set(found["net"])} if found else {"power": set(), "net": set()}
        kind = E.kind_of(node)
        if kind == "port" and node not in self.uplink_ports:
            groups["net"].add(E.switch_of(node))
        elif kind == "source" and E.parts(node) and E.parts(node)[0] in self.devices:
            groups["net"].add(self.devices[E.parts(node)[0]])
        return groups

    def analyse(self, failed):
        """What a set of failed elements means.

        Args:
            failed: Entities with a firing down/off/blind event.

        Returns:
            Analysis: Blocked, caused and root of any element.
        """
        from .reach import Analysis  # the reading of a graph lives beside it, one job per file

        return Analysis(self, failed)
