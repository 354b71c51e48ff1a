"""
Operations Command Center - Watcher State

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: What every process can read about the deployment's one watcher:
    its lease row in ``ops_cache`` (``watcher:lease``) names the holder and
    its last cycle, and is alive while the holder keeps renewing it. Reading
    it is one SELECT — the snapshot and the health check read it, never write.
    Also the watcher's timing settings (cycle interval, lease length).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): ``watchers``: the live watchers splitting the instances (the lease names their leader)
"""

from ...models.base import utcnow
from ..actions import leases
from . import claims
from .instances import TTL_KEYS

KEY = "watcher:lease"
MODES = ("child", "thread", "off")


def read():
    """The watcher's state as the snapshot shows it, and whether one ever ran on this database.

    Returns:
        tuple: ({"alive", "last_cycle_at", "holder", "watchers"}, seen: bool); ``holder`` is the leader,
        ``watchers`` the live watchers with their claimed share.
    """
    state = leases.peek(KEY)
    if state is None:
        return {"alive": False, "last_cycle_at": None, "holder": None, "watchers": []}, False
    return {"alive": state.held(utcnow()), "last_cycle_at": state.note.get("last_cycle_at"),
            "holder": state.note.get("holder"), "watchers": claims.members()}, True


def expected(app, seen):
    """Whether a dead watcher is news: one is configured here, or one has run on this database.

    Args:
        app: The Flask app.
        seen: ``read()``'s second value.

    Returns:
        bool: True when "watcher not running" belongs in the headline.
    """
    return seen or mode(app) != "off"


def mode(app):
    """How this process hosts the watcher.

    Args:
        app: The Flask app.

    Returns:
        str: child, thread or off (an unknown value counts as off).
    """
    value = str(app.config.get("OPS_CENTER_WATCHER", "off")).lower()
    return value if value in MODES else "off"


def interval(app):
    """Seconds between watcher cycles.

    Args:
        app: The Flask app.

    Returns:
        float: At least 0.05.
    """
    return max(0.05, float(app.config.get("OPS_CENTER_WATCHER_INTERVAL", 1.0)))


def hold(app):
    """Seconds the lease outlives its last renewal.

    ``OPS_CENTER_WATCHER_LEASE``, or (0) a third of the shortest TTL class kept
    within 2-10 s and at least three cycles, so a standby takes over well
    within one TTL of the holder's death.

    Args:
        app: The Flask app.

    Returns:
        float: Seconds.
    """
    configured = float(app.config.get("OPS_CENTER_WATCHER_LEASE") or 0)
    if configured > 0:
        return configured
    shortest = min(float(app.config.get(k, 30)) for k in TTL_KEYS.values())
    return max(3 * interval(app), min(10.0, max(2.0, shortest / 3)))
