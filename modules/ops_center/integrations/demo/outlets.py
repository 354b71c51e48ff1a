"""
Operations Command Center - Demo Outlet States

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Where the demo PDU keeps its outlet states: a store with
    ``states``, ``set`` and ``reset``. This process-local one is the default;
    the services install one kept in the database, so a switched outlet stays
    switched in every process (web, watcher, a CLI poll).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (was a dict inside the demo integration)
"""

import threading

from . import data as D

INITIAL_OUTLETS = {n: on for n, _name, _amps, on, _prot in D.PDU_OUTLETS}


class ProcessOutlets:
    """The demo PDU's outlet states in this process (the store until the host side installs a shared one)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._states = dict(INITIAL_OUTLETS)

    def states(self):
        """Every outlet's state.

        Returns:
            dict: number -> True when on.
        """
        with self._lock:
            return dict(self._states)

    def set(self, number, on):
        """Switch one outlet.

        Args:
            number: Outlet number (an existing one).
            on: True for on.

        Returns:
            None
        """
        with self._lock:
            self._states[number] = on

    def reset(self):
        """Back to the initial states.

        Returns:
            None
        """
        with self._lock:
            self._states = dict(INITIAL_OUTLETS)


_STORE = [ProcessOutlets()]


def use_outlet_store(store):
    """Put another outlet store in place (same three methods as ``ProcessOutlets``).

    Args:
        store: The new store.

    Returns:
        object: The store it replaces.
    """
    previous, _STORE[0] = _STORE[0], store
    return previous


def current_store():
    """The outlet store in use.

    Returns:
        object: A store with ``states``, ``set`` and ``reset``.
    """
    return _STORE[0]
