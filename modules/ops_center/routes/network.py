"""
Operations Command Center - Network Routes

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``GET /ops/api/switches/<instance>/ports`` — one switch's port
    table (name, alias, link, admin state, speed, rx/tx rate) with optional
    filtering by state; read-only.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask import jsonify, request

from .. import bp
from .common import api_login_required, current_snapshot, json_error

FILTERS = {
    "all": lambda p: True,
    "up": lambda p: p["oper"] == "up",
    "down": lambda p: p["oper"] == "down" and p["admin"] == "up",
    "disabled": lambda p: p["admin"] == "down",
}


@bp.route("/api/switches/<instance>/ports")
@api_login_required
def switch_ports(instance):
    """Return one switch's ports.

    Args:
        instance: Switch instance name.

    Returns:
        Response: ``{switch, source, stale, error, ports}``; ``?state=up|down|disabled``
        filters the ports.
    """
    state = request.args.get("state", "all")
    if state not in FILTERS:
        return json_error(400, f"state must be one of {', '.join(FILTERS)}")
    snap = current_snapshot()[0]
    switch = next((s for s in snap["switches"] if s["source"] == instance), None)
    source = next((s for s in snap["sources"] if s["name"] == instance), None)
    if switch is None:
        return json_error(404, f"no switch named '{instance[:60]}'")
    ports = [p for p in switch["ports"] if FILTERS[state](p)]
    return jsonify({"switch": {k: v for k, v in switch.items() if k != "ports"}, "source": source,
                    "filter": state, "ports": ports})
