"""
Operations Command Center - Action Routes

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``POST /ops/api/systems/<name>/actions/<action>`` runs any declared
    action through the one action service (login → role → CSRF here, then
    validation → guard → lease → act → read back → audit there), and
    ``GET /ops/api/systems/<name>/actions`` lists what a system offers. The
    outlet and acknowledgement URLs of the first version stay as thin aliases.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (replaces routes/power.py and routes/alerts.py)
"""

from flask import jsonify

from .. import bp
from ..services.actions import dispatch
from ..services.actions.registry import kind_of, offered_actions
from ..services.errors import Invalid, OpsError
from .common import api_login_required, check_request, json_body

ACTION_BODY_LIMIT = 4096  # an action takes a few short fields


@bp.route("/api/systems/<name>/actions/<action>", methods=["POST"])
def system_action(name, action):
    """Run one declared action of a system.

    Args:
        name: Instance name.
        action: Action name (``outlet_set``, ``alert_ack`` ...).

    Returns:
        Response: The action's result; 502 with the result fields when the device failed.
    """
    check_request(dispatch.declared_role(name, action), audit_as=str(action)[:40], target=f"{name}/{action}")
    return jsonify(dispatch.run(name, action, json_body(ACTION_BODY_LIMIT)))


@bp.route("/api/systems/<name>/actions")
@api_login_required
def system_actions(name):
    """The actions a system offers, with their safety policy and params.

    Args:
        name: Instance name.

    Returns:
        Response: ``{"system", "actions": [{name, label, role, confirm, protect, params}]}``.
    """
    inst = dispatch.find_instance(name)
    actions = [{"name": n, "label": a.label, "role": a.role, "confirm": a.confirm, "protect": a.protect,
                "params": [{"name": f.name, "kind": f.kind, "required": f.required, "choices": list(f.choices)}
                           for f in a.params]}
               for n, a in offered_actions(inst).items() if a.audit]
    return jsonify({"system": inst.name, "actions": actions})


@bp.route("/api/pdu/<instance>/outlets/<number>", methods=["POST"])
def outlet_action(instance, number):
    """Alias of ``outlet_set``: ``{"state": "on|off|reboot", "confirm_name": "..."}``.

    Args:
        instance: PDU instance name.
        number: Outlet number.

    Returns:
        Response: ``{pdu, outlet, name, requested, before, after, result, error}``.
    """
    check_request(audit_as="outlet", target=f"{instance}/{number}")
    return jsonify(dispatch.run(instance, "outlet_set", {**json_body(ACTION_BODY_LIMIT), "number": number}))


def find_alert_source(alert_id):
    """Split a snapshot alert id into (instance name, native id).

    Args:
        alert_id: ``<instance>:<native id>``.

    Returns:
        tuple: (instance name, native id).

    Raises:
        Invalid: When the id is not text of that shape.
    """
    if not isinstance(alert_id, str) or ":" not in alert_id or len(alert_id) > 255:
        raise Invalid("alert id must look like '<source>:<id>'", field="id")
    source, native = alert_id.split(":", 1)
    if not source or not native:
        raise Invalid("alert id must look like '<source>:<id>'", field="id")
    return source, native


def _peek_alert_id():
    """The alert id of a refused request, for its audit row (after login only)."""
    try:
        body = json_body(ACTION_BODY_LIMIT)
    except OpsError:
        return "alert"
    return str(body.get("id") or "alert")


def _ack(action):
    """Alias of ``alert_ack`` / ``alert_unack``: ``{"id": "<source>:<id>", "note": "..."}``."""
    check_request(audit_as=kind_of(action).audit_name(None), target=_peek_alert_id)
    body = json_body(ACTION_BODY_LIMIT)
    source, native = find_alert_source(body.get("id"))
    return jsonify(dispatch.run(source, action, {**body, "id": native}))


@bp.route("/api/alerts/ack", methods=["POST"])
def alert_ack():
    """Acknowledge an alert (locally, and at its source where supported).

    Returns:
        Response: ``{id, acknowledged, writeback, writeback_error, by, at, note}``.
    """
    return _ack("alert_ack")


@bp.route("/api/alerts/unack", methods=["POST"])
def alert_unack():
    """Un-acknowledge an alert.

    Returns:
        Response: Same shape as acknowledge.
    """
    return _ack("alert_unack")
