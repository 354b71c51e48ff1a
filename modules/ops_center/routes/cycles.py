"""
Operations Command Center - Power-Cycle Routes

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Power-cycle with proof. ``POST /ops/api/pdu/<pdu>/outlets/<n>/cycle``
    (an alias of the ``outlet_cycle`` action: login → role → CSRF here, the
    rest in the one action service) answers at once with a cycle id;
    ``GET /ops/api/cycles/<id>`` reports its steps, their times and the
    verdict while the proof runs and after; ``GET /ops/api/pdu/<pdu>/cycle-targets``
    lists the outlets that power a mapped host (the page offers the cycle there);
    ``GET /ops/api/cycle-offer?entity=host:pve01`` names the outlet an incident's root
    (a host, or an outlet powering one) offers to cycle.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from flask import jsonify, request

from .. import bp
from ..services.actions import cycle_store, dispatch
from ..services.actions.outlets import cached_outlets
from .common import api_login_required, check_request, json_body

CYCLE_BODY_LIMIT = 1024


@bp.route("/api/pdu/<instance>/outlets/<number>/cycle", methods=["POST"])
def outlet_cycle(instance, number):
    """Start a power cycle with proof: ``{"confirm_name": "..."}`` for a protected outlet.

    Args:
        instance: PDU instance name.
        number: Outlet number.

    Returns:
        Response: ``{pdu, outlet, name, host, cycle, status_url, result: "started"}``; 409 while the outlet
        is busy (another cycle or switch), 502 when the PDU refused the command.
    """
    check_request(audit_as="outlet.cycle", target=f"{instance}/{number}")
    return jsonify(dispatch.run(instance, "outlet_cycle", {**json_body(CYCLE_BODY_LIMIT), "number": number}))


@bp.route("/api/cycles/<cycle_id>")
@api_login_required
def cycle_status(cycle_id):
    """A power cycle's progress: its steps with their times, and the verdict once done.

    Args:
        cycle_id: The id the start answered with.

    Returns:
        Response: The cycle record (``state`` running|done, ``steps``, ``verdict``, ``summary``).
    """
    doc = cycle_store.load(cycle_id)
    return jsonify({k: v for k, v in doc.items() if k not in ("ip", "sources")})


@bp.route("/api/pdu/<instance>/cycle-targets")
@api_login_required
def cycle_targets(instance):
    """The outlets of a PDU that power a mapped host.

    Args:
        instance: PDU instance name.

    Returns:
        Response: ``{"pdu", "targets": {"<outlet>": "<host>"}}``.
    """
    hosts = cycle_store.mapped_hosts(str(instance)[:63])
    return jsonify({"pdu": instance, "targets": {str(n): h for n, h in sorted(hosts.items())}})


@bp.route("/api/cycle-offer")
@api_login_required
def cycle_offer():
    """The outlet to power-cycle for an incident's root (``?entity=host:pve01`` or ``outlet:pdu-1:5``).

    Returns:
        Response: ``{pdu, outlet, host, name, protected}``; 404 when nothing maps to it.
    """
    found = cycle_store.offer(request.args.get("entity"))
    outlet = cached_outlets(found["pdu"]).get(found["outlet"]) or {}
    return jsonify({**found, "name": outlet.get("name") or f"Outlet {found['outlet']}",
                    "protected": bool(outlet.get("protected"))})
