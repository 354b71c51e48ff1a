"""
Operations Command Center - Alert Routes

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Acknowledge and un-acknowledge alerts from the page
    (``POST /ops/api/alerts/ack`` and ``/unack`` with ``{"id", "note"}``);
    the result says whether the write-back to the source succeeded.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask import jsonify, request

from .. import bp
from ..services.alert_actions import set_acknowledged
from ..services.control import Refused
from .common import control_required, json_error


def _ack(ack):
    """Shared body of ack and unack."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("id"), str):
        return json_error(400, 'expected a JSON object like {"id": "<source>:<id>", "note": "..."}')
    note = body.get("note") or ""
    if not isinstance(note, str):
        return json_error(400, "note must be text")
    try:
        return jsonify(set_acknowledged(body["id"], ack, note))
    except Refused as exc:
        return json_error(exc.status, str(exc))


@bp.route("/api/alerts/ack", methods=["POST"])
@control_required("alert.ack")
def alert_ack():
    """Acknowledge an alert (locally and at its source where supported).

    Returns:
        Response: ``{id, acknowledged, writeback, writeback_error, by, at, note}``.
    """
    return _ack(True)


@bp.route("/api/alerts/unack", methods=["POST"])
@control_required("alert.unack")
def alert_unack():
    """Un-acknowledge an alert.

    Returns:
        Response: Same shape as acknowledge.
    """
    return _ack(False)
