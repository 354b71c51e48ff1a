"""
Operations Command Center - System Administration

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Adding, updating, disabling, removing and testing stored system
    instances, masked listings, ``last_used`` bookkeeping and key rotation.
    Shared by the CLI and the settings page so both behave the same.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask import current_app
from sqlalchemy import delete, select

from ...integrations.base import IntegrationError, get_integration_class
from ...integrations.catalog import load_all
from ...models.base import session, utcnow
from ...models.cache import OpsCache
from ...models.credentials import OpsCredential, SecretsError
from ..errors import NotFound
from ..keyring import decrypt_row, get_fernet
from ..polling import cache_store
from ..polling.memo import get_memo
from .schema import mask, validate, validate_name


def _row(name):
    """The stored row of a system or NotFound."""
    row = session().execute(select(OpsCredential).filter_by(credential_name=name)).scalar_one_or_none()
    if row is None:
        names = session().execute(select(OpsCredential.credential_name).order_by(OpsCredential.credential_name)
                                  .limit(20)).scalars().all()
        if not names:
            raise NotFound(f"no system named '{str(name)[:60]}': demo mode, no systems are stored yet; import "
                           "some first: flask ops-center systems import FILE.toml (README \"Systems\")")
        raise NotFound(f"no system named '{str(name)[:60]}' (stored: {', '.join(names)})")
    return row


def stored_settings(name):
    """The decrypted settings of a stored system (memory only).

    Args:
        name: Instance name.

    Returns:
        tuple: (type name, settings dict).
    """
    row = _row(name)
    return row.integration_name, decrypt_row(current_app, row)


def list_systems():
    """Every stored system, secrets masked, with its last fetch status.

    Returns:
        list[dict]: name, type, label, active, last_used, created_at, settings,
        ok, error, fetched_at.
    """
    load_all()
    rows = session().execute(select(OpsCredential).order_by(OpsCredential.credential_name)).scalars().all()
    cached = cache_store.load([r.credential_name for r in rows])
    result = []
    for row in rows:
        env = cached.get(row.credential_name, ({}, None))[0]
        try:
            cls = get_integration_class(row.integration_name)
            label = cls.label
        except IntegrationError:
            label = row.integration_name
        settings, unreadable = _masked_settings(row)
        result.append({
            "name": row.credential_name, "type": row.integration_name, "label": label,
            "active": bool(row.is_active), "settings": settings, "decrypt_error": unreadable,
            "last_used": row.last_used.isoformat(timespec="seconds") if row.last_used else None,
            "created_at": row.created_at.isoformat(timespec="seconds") if row.created_at else None,
            "ok": bool(env) and env.get("error") is None, "error": env.get("error"),
            "error_kind": env.get("error_kind"), "fetched_at": env.get("fetched_at")})
    return result


def _masked_settings(row):
    """(settings with secrets masked, None) — or ({}, the reason) for a row no key opens, so one bad row
    is marked instead of failing the whole list."""
    try:
        return mask(row.integration_name, decrypt_row(current_app, row)), None
    except SecretsError as exc:
        return {}, str(exc)


def upsert_system(type_name, name, raw, active=True):
    """Validate and store a system (create, or update by name).

    Args:
        type_name: Registered type name.
        name: Instance name.
        raw: Settings as given; masked or empty secrets keep their stored value.
        active: Whether it is polled.

    Returns:
        tuple: (row, created) — the session is not committed.
    """
    load_all()
    validate_name(name)
    db = session()
    row = db.execute(select(OpsCredential).filter_by(credential_name=name)).scalar_one_or_none()
    existing = {}
    if row is not None and row.integration_name == type_name:
        existing = decrypt_row(current_app, row)
    settings = validate(type_name, raw, existing)
    created = row is None
    if created:
        row = OpsCredential(credential_name=name, created_at=utcnow())
        db.add(row)
    row.integration_name = type_name
    row.is_active = active
    row.encrypt(get_fernet(current_app), settings)
    db.execute(delete(OpsCache).where(OpsCache.cache_key == cache_store.cache_key(name)))
    get_memo(current_app).clear()
    return row, created


def set_active(name, active):
    """Enable or disable a stored system and commit.

    Args:
        name: Instance name.
        active: New state.

    Returns:
        None
    """
    _row(name).is_active = active
    session().commit()
    get_memo(current_app).clear()


def remove_system(name):
    """Delete a stored system and its cache row, and commit.

    Args:
        name: Instance name.

    Returns:
        None
    """
    db = session()
    db.delete(_row(name))
    db.execute(delete(OpsCache).where(OpsCache.cache_key == cache_store.cache_key(name)))
    db.commit()
    get_memo(current_app).clear()


def save_instance(type_name, name, settings, active=True):
    """Validate and store an instance (create, or update by name); no commit.

    Args:
        type_name: Registered type name.
        name: Unique instance name.
        settings: Settings dict, secrets included.
        active: Whether the aggregator polls it.

    Returns:
        OpsCredential: The row.
    """
    return upsert_system(type_name, name, settings, active)[0]
