"""
Operations Command Center - Settings Routes

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``/ops/settings`` and its JSON API: list systems (secrets
    masked), add / edit / enable / disable / remove, and "Test connection"
    before saving. Secret inputs are write-only: no stored secret is ever
    sent to the browser; a masked or empty secret keeps the stored value.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask import current_app, jsonify, render_template, request
from flask_login import login_required

from .. import bp
from ..integrations.base import ConfigError, IntegrationError
from ..integrations.catalog import real_types
from ..models.base import session
from ..models.credentials import SecretsError
from ..services import audit, system_admin
from ..services.schema import ValidationError, describe, validate, validate_name
from ..services.systems import ttl_seconds
from .common import api_login_required, can_control, json_error, operator_required


def _body():
    """The JSON object of the request or a 400 error tuple."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return None, json_error(400, "expected a JSON object body")
    return data, None


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
    try:
        return jsonify({"systems": system_admin.list_systems()})
    except SecretsError as exc:
        return json_error(500, str(exc), kind="secrets")


@bp.route("/api/systems/types")
@api_login_required
def systems_types():
    """The configurable system types with their field declarations.

    Returns:
        Response: ``{"types": [...]}``.
    """
    types = [dict(describe(cls), ttl_s=ttl_seconds(current_app, cls)) for cls in real_types().values()]
    return jsonify({"types": types})


def _validated(data):
    """Validate a type/name/settings body, merging stored secrets for a known name."""
    type_name, name, raw = data.get("type"), data.get("name"), data.get("settings") or {}
    if type_name not in real_types():
        raise ValidationError("type", f"names an unknown system type '{str(type_name)[:40]}'")
    if not isinstance(raw, dict):
        raise ValidationError("settings", "must be an object")
    validate_name(name)
    existing = {}
    try:
        stored_type, stored = system_admin.stored_settings(name)
        existing = stored if stored_type == type_name else {}
    except system_admin.NotFound:
        pass
    return type_name, name, raw, validate(type_name, raw, existing)


@bp.route("/api/systems", methods=["POST"])
@operator_required
def systems_save():
    """Create or update a system.

    Returns:
        Response: The saved system (masked) or a 400 naming the field.
    """
    data, error = _body()
    if error:
        return error
    try:
        type_name, name, raw, _clean = _validated(data)
        _row, created = system_admin.upsert_system(type_name, name, raw, active=bool(data.get("active", True)))
        session().commit()
    except (ValidationError, ConfigError) as exc:
        session().rollback()
        return json_error(400, str(exc), field=getattr(exc, "field", None))
    except SecretsError as exc:
        session().rollback()
        return json_error(500, str(exc), kind="secrets")
    audit.record("system.create" if created else "system.update", name, "ok", requested=type_name)
    saved = next(s for s in system_admin.list_systems() if s["name"] == name)
    return jsonify({"system": saved, "created": created}), 201 if created else 200


@bp.route("/api/systems/test", methods=["POST"])
@operator_required
def systems_test_unsaved():
    """Test a connection with the settings in the form, before saving.

    Returns:
        Response: ``{"ok", "latency_ms", "error_kind", "message"}``.
    """
    data, error = _body()
    if error:
        return error
    try:
        type_name, name, _raw, clean = _validated(data)
    except (ValidationError, ConfigError) as exc:
        return json_error(400, str(exc), field=getattr(exc, "field", None))
    result = system_admin.test_connection(type_name, name, clean)
    audit.record("system.test", name, "ok" if result["ok"] else "error", error=None if result["ok"] else
                 f"{result['error_kind']}: {result['message']}")
    return jsonify(result)


@bp.route("/api/systems/<name>/test", methods=["POST"])
@operator_required
def systems_test_stored(name):
    """Test a stored system.

    Args:
        name: Instance name.

    Returns:
        Response: The test result.
    """
    try:
        type_name, settings = system_admin.stored_settings(name)
    except system_admin.NotFound as exc:
        return json_error(404, str(exc))
    except SecretsError as exc:
        return json_error(500, str(exc), kind="secrets")
    return jsonify(system_admin.test_connection(type_name, name, settings))


@bp.route("/api/systems/<name>/active", methods=["POST"])
@operator_required
def systems_active(name):
    """Enable or disable a stored system.

    Args:
        name: Instance name.

    Returns:
        Response: ``{"name", "active"}``.
    """
    data, error = _body()
    if error:
        return error
    if not isinstance(data.get("active"), bool):
        return json_error(400, "field 'active' must be true or false")
    try:
        system_admin.set_active(name, data["active"])
    except system_admin.NotFound as exc:
        return json_error(404, str(exc))
    audit.record("system.enable" if data["active"] else "system.disable", name, "ok")
    return jsonify({"name": name, "active": data["active"]})


@bp.route("/api/systems/<name>", methods=["DELETE"])
@operator_required
def systems_remove(name):
    """Remove a stored system and its cached data.

    Args:
        name: Instance name.

    Returns:
        Response: ``{"removed": name}``.
    """
    try:
        system_admin.remove_system(name)
    except system_admin.NotFound as exc:
        return json_error(404, str(exc))
    except IntegrationError as exc:
        return json_error(400, str(exc))
    audit.record("system.remove", name, "ok")
    return jsonify({"removed": name})
