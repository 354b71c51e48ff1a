"""
Operations Command Center - Module Defaults

Version: 1.4.0
Last Modified: 2026-12-02
Author: Billas
Description: Every ``OPS_CENTER_*`` setting with its default, read from the
    environment when set there. ``init_app`` puts them into the host's config
    with ``setdefault``, so a host that knows nothing of the module (no
    ``OPS_CENTER_*`` key in its config) still runs it, and a host that sets a
    key keeps its own value.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (moved out of the stand-in's config.py)
- 1.1.0 (2026-12-01): The watcher's settings and the demo history; a test app (TESTING) runs neither unless asked
- 1.2.0 (2026-12-01): The inbox: incident window and PDU load thresholds
- 1.3.0 (2026-12-01): Power-cycle with proof: deadline, poll interval, off time
- 1.4.0 (2026-12-02): Notifications: public URL, grace, reminders, retries, failure limit, quiet-hours zone
"""

import os


def _text(name, default):
    """A string setting.

    Args:
        name: Environment variable name.
        default: Value when unset or empty.

    Returns:
        str: The value.
    """
    return os.environ.get(name, "").strip() or default


def _number(name, default, kind=float):
    """A numeric setting; a malformed value is a one-line start-up error.

    Args:
        name: Environment variable name.
        default: Value when unset or empty.
        kind: ``int`` or ``float``.

    Returns:
        int | float: The value.

    Raises:
        SystemExit: When the variable holds no number.
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return kind(raw)
    except ValueError:
        raise SystemExit(f"ops_center: {name}={raw!r} is not a number") from None


def module_defaults(testing=False):
    """Every module setting with its value from the environment or its default.

    Args:
        testing: The host app is a test app: no watcher and no demo history unless the environment asks.

    Returns:
        dict: ``OPS_CENTER_*`` key -> value (and the host's LibreNMS keys).
    """
    return {
        "OPS_CENTER_FERNET_KEY": _text("OPS_CENTER_FERNET_KEY", ""),
        # "1": start with a new key file although stored systems need the missing one (they are then unreadable).
        "OPS_CENTER_REKEY": _text("OPS_CENTER_REKEY", "") == "1",
        "OPS_CENTER_TTL_CRITICAL": _number("OPS_CENTER_TTL_CRITICAL", 30, int),
        "OPS_CENTER_TTL_STATUS": _number("OPS_CENTER_TTL_STATUS", 60, int),
        "OPS_CENTER_TTL_CONFIG": _number("OPS_CENTER_TTL_CONFIG", 300, int),
        "OPS_CENTER_FETCH_TIMEOUT": _number("OPS_CENTER_FETCH_TIMEOUT", 10.0),
        "OPS_CENTER_REFRESH_SECONDS": _number("OPS_CENTER_REFRESH_SECONDS", 30, int),
        "OPS_CENTER_DEMO": _text("OPS_CENTER_DEMO", "auto"),
        "OPS_CENTER_OUTLET_COOLDOWN": _number("OPS_CENTER_OUTLET_COOLDOWN", 5.0),
        "OPS_CENTER_READBACK_SECONDS": _number("OPS_CENTER_READBACK_SECONDS", 10.0),
        "OPS_CENTER_READBACK_INTERVAL": _number("OPS_CENTER_READBACK_INTERVAL", 0.5),
        # Power-cycle with proof: seconds a host has to come back (a link's ``deadline`` overrides it), seconds
        # between the proof polls while a cycle runs, and how long an off-then-on cycle keeps the outlet off.
        "OPS_CENTER_CYCLE_DEADLINE": _number("OPS_CENTER_CYCLE_DEADLINE", 180.0),
        "OPS_CENTER_CYCLE_INTERVAL": _number("OPS_CENTER_CYCLE_INTERVAL", 2.0),
        "OPS_CENTER_CYCLE_OFF_SECONDS": _number("OPS_CENTER_CYCLE_OFF_SECONDS", 5.0),
        "OPS_CENTER_SNAPSHOT_MEMO": _number("OPS_CENTER_SNAPSHOT_MEMO", 1.0),
        "OPS_CENTER_HOME_URL": _text("OPS_CENTER_HOME_URL", "/"),
        # "0": a web process never refreshes, not even while no watcher runs (the snapshot then says so).
        "OPS_CENTER_REFRESH_IN_WEB": _text("OPS_CENTER_REFRESH_IN_WEB", "1") != "0",
        # Who hosts the watcher in a web process: "child" (a process the web process starts and keeps),
        # "thread" (a thread of the web process), "off" (a separate `flask ops-center watch`, or none).
        "OPS_CENTER_WATCHER": _text("OPS_CENTER_WATCHER", "off" if testing else "child").lower(),
        # Seconds between watcher cycles (lease renewal and the check for due sources).
        "OPS_CENTER_WATCHER_INTERVAL": _number("OPS_CENTER_WATCHER_INTERVAL", 1.0),
        # Seconds the watcher lease outlives its last renewal (0: a third of the shortest TTL, 2-10 s).
        "OPS_CENTER_WATCHER_LEASE": _number("OPS_CENTER_WATCHER_LEASE", 0.0),
        # Thirty days of demo WAN and PDU history, seeded once in demo mode.
        "OPS_CENTER_DEMO_HISTORY": _text("OPS_CENTER_DEMO_HISTORY", "0" if testing else "1") != "0",
        # Folders (os.pathsep-separated) whose packages are integrations too (site-local systems).
        "OPS_CENTER_INTEGRATION_PATHS": _text("OPS_CENTER_INTEGRATION_PATHS", ""),
        # Where systems may be reached (integrations/kit/netpolicy.py): CIDRs, host patterns, file roots.
        "OPS_CENTER_ALLOWED_NETWORKS": _text("OPS_CENTER_ALLOWED_NETWORKS", "10.0.0.0/8,172.16.0.0/12,"
                                             "192.168.0.0/16,fc00::/7"),
        "OPS_CENTER_ALLOWED_HOSTS": _text("OPS_CENTER_ALLOWED_HOSTS", "*.firewalla.net"),
        "OPS_CENTER_FILE_ROOTS": _text("OPS_CENTER_FILE_ROOTS", "/var/lib/hostmon"),
        # Seconds within which events sharing topology (or one source's unmapped events) form one incident.
        "OPS_CENTER_INCIDENT_WINDOW": _number("OPS_CENTER_INCIDENT_WINDOW", 300.0),
        # PDU load, in percent of its rating, that raises a warning event / makes it critical.
        "OPS_CENTER_PDU_LOAD_WARN_PCT": _number("OPS_CENTER_PDU_LOAD_WARN_PCT", 80.0),
        "OPS_CENTER_PDU_LOAD_CRIT_PCT": _number("OPS_CENTER_PDU_LOAD_CRIT_PCT", 95.0),
        # The host's logout endpoint for the page's LOG OUT button (none shown when the host lacks it).
        "OPS_CENTER_LOGOUT_ENDPOINT": _text("OPS_CENTER_LOGOUT_ENDPOINT", "host.logout"),
        # Notifications (services/notify): the page address messages link to, seconds an incident waits
        # before "opened" (one poll, so the root arrives first), reminder minutes (0: off), retry back-off
        # base, failures in a row that make a target a blind spot, and the zone quiet hours are read in.
        "OPS_CENTER_PUBLIC_URL": _text("OPS_CENTER_PUBLIC_URL", ""),
        "OPS_CENTER_NOTIFY_GRACE": _number("OPS_CENTER_NOTIFY_GRACE", 60.0),
        "OPS_CENTER_NOTIFY_REMIND_MINUTES": _number("OPS_CENTER_NOTIFY_REMIND_MINUTES", 0.0),
        "OPS_CENTER_NOTIFY_RETRY_SECONDS": _number("OPS_CENTER_NOTIFY_RETRY_SECONDS", 30.0),
        "OPS_CENTER_NOTIFY_FAIL_AFTER": _number("OPS_CENTER_NOTIFY_FAIL_AFTER", 5, int),
        "OPS_CENTER_NOTIFY_TIMEZONE": _text("OPS_CENTER_NOTIFY_TIMEZONE", "UTC"),
        # None: a user may act only when it has a true ``can_control`` attribute.
        "OPS_CENTER_CAN_CONTROL": None,
        # The host's existing LibreNMS keys (README "Configuration").
        "LIBRENMS_BASE_URL": _text("LIBRENMS_BASE_URL", ""),
        "LIBRENMS_API_TOKEN": _text("LIBRENMS_API_TOKEN", ""),
        "LIBRENMS_CACHE_TTL": _number("LIBRENMS_CACHE_TTL", 60, int),
    }


def apply_defaults(app):
    """Fill every module setting the host has not set.

    Args:
        app: The host's Flask app.

    Returns:
        None
    """
    for key, value in module_defaults(bool(app.config.get("TESTING"))).items():
        app.config.setdefault(key, value)
