"""
Operations Command Center - Snapshot Service

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: The one read path: every route, the CLI ``poll`` and the health
    check get the snapshot here. Polls within ``OPS_CENTER_SNAPSHOT_MEMO``
    seconds of each other share one merge; a forced refresh (operators only,
    and the CLI) refetches every source first.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (memo and force-refresh moved out of routes/common.py)
- 1.1.0 (2026-12-02): One merge at a time per process (the memo's single flight)
"""

from flask import current_app

from ..errors import Invalid, NotFound
from .aggregator import get_aggregator
from .memo import get_memo


def current_snapshot(force=False):
    """The current snapshot and its JSON text.

    Args:
        force: Refetch every source first (the caller checked that it may).

    Returns:
        tuple: (snapshot dict, JSON text).
    """
    app = current_app._get_current_object()
    memo = get_memo(app)
    if force:
        snap = get_aggregator(app).snapshot(force=True)
        return snap, memo.put(snap)
    return memo.get_or_build(float(app.config["OPS_CENTER_SNAPSHOT_MEMO"]), get_aggregator(app).snapshot)


def switch_ports(instance, state="all"):
    """One switch's ports from the snapshot, filtered by state.

    Args:
        instance: Switch instance name.
        state: all, up, down (link down, admin up) or disabled (admin down).

    Returns:
        dict: ``{switch, source, filter, ports}``.

    Raises:
        Invalid: An unknown filter. NotFound: no such switch.
    """
    if state not in PORT_FILTERS:
        raise Invalid(f"state must be one of {', '.join(PORT_FILTERS)}", field="state")
    snap = current_snapshot()[0]
    switch = next((s for s in snap["switches"] if s["source"] == instance), None)
    source = next((s for s in snap["sources"] if s["name"] == instance), None)
    if switch is None:
        raise NotFound(f"no switch named '{str(instance)[:60]}'")
    ports = [p for p in switch["ports"] if PORT_FILTERS[state](p)]
    return {"switch": {k: v for k, v in switch.items() if k != "ports"}, "source": source, "filter": state,
            "ports": ports}


PORT_FILTERS = {
    "all": lambda p: True,
    "up": lambda p: p["oper"] == "up",
    "down": lambda p: p["oper"] == "down" and p["admin"] == "up",
    "disabled": lambda p: p["admin"] == "down",
}
