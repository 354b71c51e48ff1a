"""
Operations Command Center - Action Registry

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Which kind runs an action name, and which actions an instance
    offers: what its integration declares in ``ACTIONS``, plus the built-in
    actions it qualifies for (the local alert acknowledgement on every
    instance that feeds alerts). A name without a kind of its own runs as the
    generic kind.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-01): The power-cycle kind registers itself
"""

from .kinds import GENERIC

KINDS = {}
BUILT_IN = {}


def register(name, kind, built_in=None):
    """Give an action name its own kind (and optionally a built-in declaration).

    Args:
        name: The action name (``outlet_set``).
        kind: An ``ActionKind`` instance.
        built_in: An ``Action`` offered on every instance ``kind.offered(inst)`` accepts.

    Returns:
        None
    """
    KINDS[name] = kind
    if built_in is not None:
        BUILT_IN[name] = built_in


def kind_of(name):
    """The kind of an action name (the generic one when it has none of its own).

    Args:
        name: Action name.

    Returns:
        ActionKind: The kind.
    """
    return KINDS.get(name, GENERIC)


def declared(inst, name):
    """The ``Action`` an instance offers under a name, or None.

    Args:
        inst: The ``Instance``.
        name: Action name.

    Returns:
        Action | None: The integration's declaration, else a built-in one it qualifies for.
    """
    action = inst.cls.ACTIONS.get(name)
    if action is None and name in BUILT_IN and kind_of(name).offered(inst):
        action = BUILT_IN[name]
    return action


def offered_actions(inst):
    """Every action an instance offers.

    Args:
        inst: The ``Instance``.

    Returns:
        dict: name -> Action.
    """
    names = set(inst.cls.ACTIONS) | set(BUILT_IN)
    return {n: a for n in sorted(names) if (a := declared(inst, n)) is not None}


# The kinds with guards of their own register themselves on import.
from . import acks, cycle, outlets  # noqa: E402,F401  (side effect: register)
