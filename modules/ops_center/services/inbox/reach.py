"""
Operations Command Center - Reachability Analysis

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: What a set of failed elements means on the dependency graph
    (pure, memoised per element). As in Nagios' reachability, an element
    whose every parent of one kind (power, network) failed or is itself cut
    off is UNREACHABLE, not down. A failed port whose far end lost its power
    (a host or switch behind an outlet that is off) is CAUSED by that outlet,
    not a root. The ROOT of anything is the most upstream failed element that
    explains it; of two independent roots, power wins.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from . import entities as E


class Analysis:
    """Reachability under one set of failures (memoised per element).

    Args:
        graph: The ``Graph``.
        failed: Failed entities.
    """

    def __init__(self, graph, failed):
        self.graph, self.failed = graph, set(failed)
        self._blocked, self._dark, self._roots = {}, {}, {}

    def _down(self, node, stack):
        return node in self.failed or self.blocked(node, stack)
    def blocked(self, node, stack=frozenset()):
        """Whether every parent of one kind is failed or cut off (UNREACHABLE).

        Args:
            node: An entity key.
            stack: Elements being evaluated (a loop in the links counts as reachable).

        Returns:
            bool: True when unreachable.
        """
        if node in self._blocked:
            return self._blocked[node]
        if node in stack:
            return False
        stack = stack | {node}
        result = any(group and all(self._down(p, stack) for p in group) for group in self.graph.groups(node).values())
        self._blocked[node] = result
        return result

    def dark(self, node, stack=frozenset()):
        """Whether an element lost its power (every power parent failed or dark; a port on a dark switch).

        Args:
            node: An entity key.
            stack: Elements being evaluated.

        Returns:
            bool: True when unpowered.
        """
        if node in self._dark:
            return self._dark[node]
        if node in stack:
            return False
        stack = stack | {node}
        power = self.graph.groups(node)["power"]
        result = bool(power) and all(p in self.failed or self.dark(p, stack) for p in power)
        if not result and E.kind_of(node) == "port":
            result = self.dark(E.switch_of(node), stack)
        self._dark[node] = result
        return result

    def caused(self, node):
        """Whether a failed port is explained by its far end losing power.

        Args:
            node: An entity key.

        Returns:
            bool: True for a port whose every far-end device is dark.
        """
        far = self.graph.far.get(node)
        return bool(node in self.failed and far and all(self.dark(d) for d in far))

    def _power_roots(self, node, stack=frozenset()):
        if node in stack:
            return set()
        stack = stack | {node}
        out = set()
        for p in self.graph.groups(node)["power"]:
            out |= self.roots(p) if p in self.failed else self._power_roots(p, stack)
        if not out and E.kind_of(node) == "port":
            out = self._power_roots(E.switch_of(node), stack)
        return out

    def roots(self, node, stack=frozenset()):
        """The failed elements that explain an element's trouble.

        Args:
            node: An entity key.
            stack: Elements being evaluated.

        Returns:
            set: Root entities (empty for an element that is fine).
        """
        if node in self._roots:
            return self._roots[node]
        if node in stack:
            return set()
        stack = stack | {node}
        out = set()
        if self.blocked(node):
            for group in self.graph.groups(node).values():
                if group and all(self._down(p, frozenset()) for p in group):
                    for p in group:
                        out |= self.roots(p, stack)
        elif self.caused(node):
            for device in self.graph.far[node]:
                out |= self._power_roots(device)
        elif node in self.failed:
            out = {node}
        self._roots[node] = out or ({node} if node in self.failed else set())
        return self._roots[node]

    def root_of(self, node):
        """The one root of an element (power before network, then by name).

        Args:
            node: An entity key.

        Returns:
            str | None: The root entity, or None when the element is fine.
        """
        found = self.roots(node)
        if not found:
            return None
        return min(found, key=lambda e: (E.ROOT_RANK.get(E.kind_of(e), 9), e))

    def relation(self, node, root):
        """How an element's events relate to their root.

        Args:
            node: The element.
            root: Its root.

        Returns:
            str: root, unreachable or caused.
        """
        if node == root:
            return "root"
        return "caused" if self.caused(node) and not self.blocked(node) else "unreachable"
