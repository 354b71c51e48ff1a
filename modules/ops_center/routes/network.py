"""
Operations Command Center - Switch Routes

Version: 2.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``GET /ops/api/switches/<instance>/ports?state=`` — one switch's
    port table from the current snapshot, filtered by state.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 2.0.0 (2026-12-01): Thin: the filter lives in the snapshot service; errors via the one handler
"""

from flask import jsonify, request

from .. import bp
from ..services.polling.service import switch_ports as ports_of
from .common import api_login_required


@bp.route("/api/switches/<instance>/ports")
@api_login_required
def switch_ports(instance):
    """Return one switch's ports.

    Args:
        instance: Switch instance name.

    Returns:
        Response: ``{switch, source, filter, ports}``; ``?state=up|down|disabled`` filters the ports.
    """
    return jsonify(ports_of(instance, request.args.get("state", "all")))
