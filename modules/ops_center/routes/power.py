"""
Operations Command Center - Power Routes

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``POST /ops/api/pdu/<instance>/outlets/<n>`` with
    ``{"state": "on"|"off"|"reboot", "confirm_name": "..."}``: an explicit
    target, never a toggle. Login, operator role and CSRF token required;
    the control service validates, guards protected outlets, holds the
    cooldown, reads the state back and audits every attempt.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask import jsonify, request

from .. import bp
from ..services.control import Refused, switch_outlet
from .common import control_required, json_error

MAX_BODY = 4096


@bp.route("/api/pdu/<instance>/outlets/<number>", methods=["POST"])
@control_required("outlet")
def outlet_action(instance, number):
    """Switch one outlet and report the verified result.

    Args:
        instance: PDU instance name.
        number: Outlet number.

    Returns:
        Response: ``{pdu, outlet, name, requested, before, after, result, error}``;
        200 when verified, 502 when the PDU failed or did not confirm.
    """
    if (request.content_length or 0) > MAX_BODY:
        return json_error(413, "request body too large")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(400, 'expected a JSON object like {"state": "off"}')
    try:
        result = switch_outlet(instance, number, body.get("state"), body.get("confirm_name"))
    except Refused as exc:
        return json_error(exc.status, str(exc))
    return jsonify(result), 200 if result["result"] == "verified" else 502
