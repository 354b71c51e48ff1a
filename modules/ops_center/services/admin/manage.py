"""
Operations Command Center - System Administration

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Every change to the stored systems, for the settings page and the
    CLI alike: save, test (unsaved or stored), enable/disable, remove, import a
    TOML file and rotate the key. Each function commits its own work and writes
    its own audit row, so a change from the CLI is audited exactly like one
    from the web (the CLI's actor is ``cli:<os user>``).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (commits and audit rows moved out of the routes and the CLI)
"""

from ...integrations.base import ConfigError
from ...integrations.catalog import real_types
from ...models.base import session
from .. import audit
from ..errors import Invalid, NotFound
from . import probe, store
from .schema import ValidationError, endpoint_of, validate, validate_name
from .toml_import import import_systems


def _validated(data):
    """(type, name, raw settings, clean settings) of a form body; stored secrets merged where safe."""
    type_name, name, raw = data.get("type"), data.get("name"), data.get("settings") or {}
    if type_name not in real_types():
        raise ValidationError("type", f"names an unknown system type '{str(type_name)[:40]}'")
    if not isinstance(raw, dict):
        raise ValidationError("settings", "must be an object")
    validate_name(name)
    existing = {}
    try:
        stored_type, stored = store.stored_settings(name)
        existing = stored if stored_type == type_name else {}
    except NotFound:
        pass
    try:
        return type_name, name, raw, validate(type_name, raw, existing)
    except ConfigError as exc:
        raise Invalid(str(exc)) from None


def save_system(data):
    """Create or update a system from the settings form, commit and audit.

    Args:
        data: ``{"type", "name", "settings", "active"}``.

    Returns:
        tuple: (the saved system, masked; created).

    Raises:
        Invalid: A field at fault (nothing is written).
    """
    active = data.get("active", True)
    if not isinstance(active, bool):
        raise ValidationError("active", "must be true or false")
    type_name, name, raw, _clean = _validated(data)
    try:
        _row, created = store.upsert_system(type_name, name, raw, active=active)
        session().commit()
    except BaseException:
        session().rollback()
        raise
    audit.record("system.create" if created else "system.update", name, "ok", requested=type_name,
                 after=endpoint_of(type_name, _clean)[:50] or None)
    return next(s for s in store.list_systems() if s["name"] == name), created


def test_unsaved(data):
    """Test a connection with the settings in the form, before saving; audited.

    Args:
        data: ``{"type", "name", "settings"}``.

    Returns:
        dict: ok, latency_ms, error_kind, message.
    """
    type_name, name, _raw, clean = _validated(data)
    result = probe.test_connection(type_name, name, clean)
    audit.record("system.test", f"{name} {endpoint_of(type_name, clean)}"[:255], "ok" if result["ok"] else "error",
                 error=None if result["ok"] else f"{result['error_kind']}: {result['message']}")
    return result


def test_stored(name):
    """Test a stored system; audited like the form's test.

    Args:
        name: Instance name.

    Returns:
        dict: ok, latency_ms, error_kind, message.
    """
    type_name, settings = store.stored_settings(name)
    result = probe.test_connection(type_name, name, settings)
    audit.record("system.test", f"{name} {endpoint_of(type_name, settings)}"[:255],
                 "ok" if result["ok"] else "error",
                 error=None if result["ok"] else f"{result['error_kind']}: {result['message']}")
    return result


def set_active(name, active):
    """Enable or disable a stored system; audited.

    Args:
        name: Instance name.
        active: True to poll it.

    Returns:
        dict: ``{"name", "active"}``.
    """
    if not isinstance(active, bool):
        raise Invalid("field 'active' must be true or false", field="active")
    store.set_active(name, active)
    audit.record("system.enable" if active else "system.disable", name, "ok")
    return {"name": name, "active": active}


def remove(name):
    """Remove a stored system and its cached data; audited.

    Args:
        name: Instance name.

    Returns:
        dict: ``{"removed": name}``.
    """
    store.remove_system(name)
    audit.record("system.remove", name, "ok")
    return {"removed": name}


def import_file(text):
    """Import systems from TOML (all or nothing); one audit row per system written.

    Args:
        text: The file's text.

    Returns:
        tuple: (created names, updated names).
    """
    created, updated = import_systems(text)
    for name in created + updated:
        audit.record("system.import", name, "ok", requested="created" if name in created else "updated",
                     commit=False)
    session().commit()
    return created, updated
