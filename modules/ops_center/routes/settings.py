"""
Operations Command Center - Settings Routes

Version: 2.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``/ops/settings`` and its JSON API: list systems (secrets
    masked), add / edit / enable / disable / remove, and "Test connection"
    before saving. Secret inputs are write-only: no stored secret is ever
    sent to the browser; a masked or empty secret keeps the stored value.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 2.0.0 (2026-12-01): Thin: the admin service validates, commits and audits; errors via the one handler
"""

from flask import current_app, jsonify, render_template
from flask_login import login_required

from .. import bp
from ..services.access import can_control
from ..services.admin import manage, store, types
from .common import api_login_required, json_body, operator_required


@bp.route("/settings")
@login_required
def settings_page():
    """Render the settings page (filled by settings.js).

    Returns:
        str: HTML.
    """
    return render_template("ops_center/settings.html", can_control=can_control())


@bp.route("/api/systems")
@api_login_required
def systems_list():
    """List stored systems, secrets masked.

    Returns:
        Response: ``{"systems": [...]}``.
    """
    return jsonify({"systems": store.list_systems()})


@bp.route("/api/systems/types")
@api_login_required
def systems_types():
    """The configurable system types with their field declarations.

    Returns:
        Response: ``{"types": [...], "broken": [{"name", "error"}]}`` (packages that failed to load).
    """
    return jsonify({"types": types.types(current_app), "broken": types.broken_packages()})


@bp.route("/api/systems", methods=["POST"])
@operator_required
def systems_save():
    """Create or update a system.

    Returns:
        Response: The saved system (masked) or a 400 naming the field.
    """
    saved, created = manage.save_system(json_body())
    return jsonify({"system": saved, "created": created}), 201 if created else 200


@bp.route("/api/systems/test", methods=["POST"])
@operator_required
def systems_test_unsaved():
    """Test a connection with the settings in the form, before saving.

    Returns:
        Response: ``{"ok", "latency_ms", "error_kind", "message"}``.
    """
    return jsonify(manage.test_unsaved(json_body()))


@bp.route("/api/systems/<name>/test", methods=["POST"])
@operator_required
def systems_test_stored(name):
    """Test a stored system.

    Args:
        name: Instance name.

    Returns:
        Response: The test result.
    """
    return jsonify(manage.test_stored(name))


@bp.route("/api/systems/<name>/active", methods=["POST"])
@operator_required
def systems_active(name):
    """Enable or disable a stored system.

    Args:
        name: Instance name.

    Returns:
        Response: ``{"name", "active"}``.
    """
    return jsonify(manage.set_active(name, json_body().get("active")))


@bp.route("/api/systems/<name>", methods=["DELETE"])
@operator_required
def systems_remove(name):
    """Remove a stored system and its cached data.

    Args:
        name: Instance name.

    Returns:
        Response: ``{"removed": name}``.
    """
    return jsonify(manage.remove(name))
