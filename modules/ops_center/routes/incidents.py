"""
Operations Command Center - Incident and Inbox Routes

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The "miss nothing" page ``/ops/incidents`` (incidents with their
    timeline, and the inbox of every event) and its API: incidents, one
    incident with its timeline, events with filters and search, acks (through
    the one action path), the topology with its suggestions, and maintenance
    windows. Thin: parse, call one service, jsonify; writes need an operator
    and the CSRF token, and leave an audit row; errors come from the services.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from flask import current_app, jsonify, render_template, request
from flask_login import login_required

from .. import bp
from ..services.actions import dispatch
from ..services.errors import Invalid
from ..services.inbox import ack_kinds, acks, links, views  # noqa: F401  (ack kinds register)
from .common import api_login_required, can_control, check_request, json_body

BODY_LIMIT = 4096  # an ack, a link or a window is a few short fields


def _int_arg(name, default, low, high):
    """An integer query parameter within bounds."""
    raw = request.args.get(name)
    try:
        value = default if raw in (None, "") else int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise Invalid(f"bad query: {name} must be {low}-{high}", field=name)
    return value


def _window():
    return float(current_app.config["OPS_CENTER_INCIDENT_WINDOW"])


@bp.route("/incidents")
@login_required
def incidents_page():
    """The incidents page: incidents, one incident's timeline, and the inbox of every event.

    Returns:
        str: HTML.
    """
    return render_template("ops_center/incidents.html", can_control=can_control(),
                           refresh_seconds=current_app.config.get("OPS_CENTER_REFRESH_SECONDS", 30),
                           selected=request.args.get("id", ""))


@bp.route("/api/incidents")
@api_login_required
def incidents_api():
    """Incidents, open ones first (``?state=open|acknowledged|resolved&limit=N``).

    Returns:
        Response: ``{"incidents": [...]}``.
    """
    state = request.args.get("state") or None
    return jsonify({"incidents": views.incidents(state, _int_arg("limit", 100, 1, 500))})


@bp.route("/api/incidents/<int:incident_id>")
@api_login_required
def incident_api(incident_id):
    """One incident with its members and its timeline (events and actions on one axis).

    Args:
        incident_id: The incident id.

    Returns:
        Response: ``{"incident", "members", "timeline", "axis"}``.
    """
    return jsonify(views.incident(incident_id, _window()))


@bp.route("/api/events")
@api_login_required
def events_api():
    """Events with filters: ``source``, ``severity``, ``state``, ``entity``, ``incident``, search ``q``, ``limit``.

    Returns:
        Response: ``{"events": [...], "total": n}``.
    """
    args = request.args
    incident = _int_arg("incident", 0, 0, 2**31) or None
    return jsonify(views.events(args.get("source"), args.get("severity"), args.get("state"),
                                       args.get("entity"), (args.get("q") or "").strip() or None, incident,
                                       _int_arg("limit", 200, 1, 1000)))


def _ack(scope, ident, action):
    """Run an inbox ack through the one action path, routed by the system the event came from."""
    check_request("operator", audit_as=f"{scope}.{'unack' if action.endswith('unack') else 'ack'}",
                  target=f"{scope} {ident}")
    body = json_body(BODY_LIMIT)
    params = {k: body[k] for k in ("sticky", "note") if k in body}
    return jsonify(dispatch.run(acks.route(scope, ident), action, {**params, "id": ident}))


@bp.route("/api/events/<int:event_id>/ack", methods=["POST"])
def event_ack(event_id):
    """Acknowledge one event: ``{"sticky": false, "note": "..."}``.

    Args:
        event_id: The event id.

    Returns:
        Response: ``{scope, id, acknowledged, kind, count, writeback, errors, by, note, result}``.
    """
    return _ack("event", event_id, "event_ack")


@bp.route("/api/events/<int:event_id>/unack", methods=["POST"])
def event_unack(event_id):
    """Remove an event's acknowledgement.

    Args:
        event_id: The event id.

    Returns:
        Response: Same shape as acknowledge.
    """
    return _ack("event", event_id, "event_unack")


@bp.route("/api/incidents/<int:incident_id>/ack", methods=["POST"])
def incident_ack(incident_id):
    """Acknowledge every firing member of an incident: ``{"sticky": true, "note": "..."}``.

    Args:
        incident_id: The incident id.

    Returns:
        Response: Same shape as an event's.
    """
    return _ack("incident", incident_id, "incident_ack")


@bp.route("/api/topology")
@api_login_required
def topology_api():
    """The links and what the systems' names suggest.

    Returns:
        Response: ``{"links": [...], "suggestions": [...]}``.
    """
    return jsonify(links.view())


@bp.route("/api/topology/links", methods=["POST"])
def topology_links():
    """Accept a suggestion, add or remove a link (``{"op": "accept|add|remove", "link": {...} | "id": n}``).

    Returns:
        Response: ``{"op", "link", "created"}``.
    """
    check_request("operator", audit_as="link.edit", target="topology")
    return jsonify(links.edit(json_body(BODY_LIMIT)))


@bp.route("/api/maintenance")
@api_login_required
def maintenance_api():
    """Windows open now or ended within a day.

    Returns:
        Response: ``{"windows": [...]}``.
    """
    return jsonify({"windows": views.windows()})


@bp.route("/api/maintenance", methods=["POST"])
def maintenance_start():
    """Open a window now: ``{"scope_kind": "entity|source", "scope": "host:pve01", "minutes": 60, "note": ""}``.

    Returns:
        Response: The window.
    """
    check_request("operator", audit_as="maintenance.start", target="maintenance")
    body = json_body(BODY_LIMIT)
    return jsonify(views.start_window(body.get("scope_kind"), body.get("scope"), body.get("minutes"),
                                      body.get("note")))


@bp.route("/api/maintenance/<int:window_id>/end", methods=["POST"])
def maintenance_end(window_id):
    """End a window now.

    Args:
        window_id: The window id.

    Returns:
        Response: The window.
    """
    check_request("operator", audit_as="maintenance.end", target=f"maintenance {window_id}")
    return jsonify(views.end_window(window_id))
