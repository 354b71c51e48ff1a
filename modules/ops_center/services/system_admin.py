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

import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from flask import current_app
from sqlalchemy import delete, select, update

from ..integrations.base import IntegrationError, get_integration_class, scrub
from ..integrations.catalog import load_all
from ..models.base import session, utcnow
from ..models.cache import OpsCache
from ..models.credentials import OpsCredential
from . import cache_store
from .keyring import get_fernet
from .memo import get_memo
from .schema import mask, validate, validate_name

_TEST_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ops-test")


class NotFound(LookupError):
    """No stored system has that name."""


def _row(name):
    """The stored row of a system or NotFound."""
    row = session().execute(select(OpsCredential).filter_by(credential_name=name)).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no system named '{name}'")
    return row


def stored_settings(name):
    """The decrypted settings of a stored system (memory only).

    Args:
        name: Instance name.

    Returns:
        tuple: (type name, settings dict).
    """
    row = _row(name)
    return row.integration_name, row.decrypt(get_fernet(current_app))


def list_systems():
    """Every stored system, secrets masked, with its last fetch status.

    Returns:
        list[dict]: name, type, label, active, last_used, created_at, settings,
        ok, error, fetched_at.
    """
    load_all()
    rows = session().execute(select(OpsCredential).order_by(OpsCredential.credential_name)).scalars().all()
    cached = cache_store.load([r.credential_name for r in rows])
    fernet = get_fernet(current_app)
    result = []
    for row in rows:
        env = cached.get(row.credential_name, ({}, None))[0]
        try:
            cls = get_integration_class(row.integration_name)
            label = cls.label
        except IntegrationError:
            label = row.integration_name
        result.append({
            "name": row.credential_name, "type": row.integration_name, "label": label,
            "active": bool(row.is_active), "settings": mask(row.integration_name, row.decrypt(fernet)),
            "last_used": row.last_used.isoformat(timespec="seconds") if row.last_used else None,
            "created_at": row.created_at.isoformat(timespec="seconds") if row.created_at else None,
            "ok": bool(env) and env.get("error") is None, "error": env.get("error"),
            "error_kind": env.get("error_kind"), "fetched_at": env.get("fetched_at")})
    return result


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
        existing = row.decrypt(get_fernet(current_app))
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


def touch_last_used(name):
    """Record that the aggregator used a stored system now.

    Args:
        name: Instance name.

    Returns:
        None
    """
    session().execute(update(OpsCredential).where(OpsCredential.credential_name == name)
                      .values(last_used=utcnow()))
    session().commit()


def test_connection(type_name, name, settings, timeout=None):
    """One live fetch with a deadline, for "Test connection" and the CLI.

    Args:
        type_name: Registered type name.
        name: Instance name.
        settings: Validated settings (secrets included).
        timeout: Seconds to wait (default OPS_CENTER_FETCH_TIMEOUT).

    Returns:
        dict: ok, latency_ms, error_kind, message (secrets scrubbed).
    """
    cls = get_integration_class(type_name)
    integration = cls(name, settings)
    timeout = float(timeout or current_app.config["OPS_CENTER_FETCH_TIMEOUT"])
    started = time.monotonic()
    future = _TEST_POOL.submit(integration.test_connection)
    try:
        data = future.result(timeout=timeout)
        counts = {k: len(v) for k, v in data.to_dict().items() if v}
        message = "ok: " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "connected, no data")
        result = {"ok": True, "error_kind": None, "message": message}
    except FutureTimeout:
        result = {"ok": False, "error_kind": "timeout", "message": f"no answer within {timeout:g} s"}
    except IntegrationError as exc:
        result = {"ok": False, "error_kind": exc.kind, "message": scrub(exc, integration.secret_values())}
    except Exception as exc:  # noqa: BLE001 - report, never crash the settings page
        result = {"ok": False, "error_kind": "error", "message": f"internal error: {exc.__class__.__name__}"}
    finally:
        if future.done():
            integration.close()
    result["latency_ms"] = round((time.monotonic() - started) * 1000, 1)
    return result
