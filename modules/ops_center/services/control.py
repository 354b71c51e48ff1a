"""
Operations Command Center - Outlet Control

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The one path that switches a PDU outlet: validate the target,
    refuse protected outlets without the typed name, hold a per-outlet
    cooldown against double clicks and flapping, read the state before,
    SET, read back until it matches or a deadline passes, and audit every
    attempt (success or refusal) with before / requested / after / result.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import time

from flask import current_app

from ..integrations.base import IntegrationError, scrub
from . import audit, cache_store, leases
from .aggregator import get_aggregator
from .memo import get_memo
from .systems import load_instances

STATES = ("on", "off", "reboot")


class Refused(Exception):
    """A control request that is not carried out.

    Args:
        status: HTTP status for the API (400, 403, 404, 409).
        message: A clear reason.
    """

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def _pdu_instance(name):
    """The PDU instance and its last known outlets, or Refused(404)."""
    inst = next((i for i in load_instances() if i.name == name and not i.error), None)
    if inst is None or "power" not in inst.cls.sections or not hasattr(inst.cls, "set_outlet"):
        raise Refused(404, f"no PDU named '{str(name)[:60]}'")
    env = cache_store.load([name]).get(name, ({}, None))[0]
    outlets = {}
    for pdu in ((env.get("data") or {}).get("pdus") or []):
        outlets.update({o["number"]: o for o in pdu["outlets"]})
    return inst, outlets, env


def _claim(key):
    """Take the per-outlet lease (shared by every server process) or raise Refused(409)."""
    # Held for an hour while the action runs; shortened to the cooldown when it ends.
    if not leases.lease(_lease_key(key), 3600):
        raise Refused(409, "outlet is busy or cooling down: wait a few seconds and try again")


def _release(key, cooldown):
    leases.lease_until(_lease_key(key), cooldown)


def _lease_key(key):
    return f"lease:outlet:{key[0]}/{key[1]}"


def _read(integration, number):
    """Read one outlet's state; None when the read fails."""
    try:
        return integration.get_outlet(number)
    except IntegrationError:
        return None


def switch_outlet(pdu_name, number, state, confirm_name=None):
    """Switch one outlet to an explicit state and verify it.

    Args:
        pdu_name: The PDU instance name.
        number: Outlet number (int or numeric string).
        state: on, off or reboot.
        confirm_name: The outlet's name as typed by the operator (protected outlets).

    Returns:
        dict: pdu, outlet, name, requested, before, after, result (verified, failed
        or unknown), error.

    Raises:
        Refused: Bad input, unknown PDU or outlet, protected without the name, busy.
    """
    target = f"{pdu_name}/{number}"
    try:
        if state not in STATES:
            raise Refused(400, f"state must be one of {', '.join(STATES)} (an explicit target, never a toggle)")
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise Refused(400, "outlet number must be an integer") from None
        inst, outlets, _env = _pdu_instance(pdu_name)
        if number not in outlets:
            raise Refused(400 if outlets else 409, f"outlet {number} does not exist on {pdu_name}"
                          if outlets else f"{pdu_name} has not been read yet: refresh and try again")
        outlet = outlets[number]
        target = f"{pdu_name}/{number} '{outlet['name']}'"
        if outlet.get("protected") and (confirm_name or "").strip() != outlet["name"]:
            raise Refused(403, f"outlet {number} '{outlet['name']}' is protected: type its name to confirm")
        key = (pdu_name, number)
        _claim(key)
    except Refused as exc:
        audit.record(f"outlet.{state if state in STATES else 'invalid'}", target, "refused",
                     requested=str(state)[:50], error=str(exc))
        raise
    try:
        return _act(inst, number, state, outlet, target)
    finally:
        _release(key, float(current_app.config.get("OPS_CENTER_OUTLET_COOLDOWN", 5)))


def _act(inst, number, state, outlet, target):
    """SET, read back and audit; the caller holds the outlet's slot."""
    cfg = current_app.config
    integration = get_aggregator(current_app).integration(inst)
    before = _read(integration, number) or outlet.get("state")
    expected = "off" if state == "off" else "on"
    after, error, result = None, None, "unknown"
    try:
        integration.set_outlet(number, state)
        deadline = time.monotonic() + float(cfg.get("OPS_CENTER_READBACK_SECONDS", 10))
        interval = float(cfg.get("OPS_CENTER_READBACK_INTERVAL", 0.5))
        while True:
            after = _read(integration, number)
            if after == expected or time.monotonic() >= deadline:
                break
            time.sleep(interval)
        result = "verified" if after == expected else ("failed" if after in ("on", "off") else "unknown")
        if result != "verified":
            error = f"read back {after or 'nothing'} instead of {expected}"
    except IntegrationError as exc:
        result, error = "failed", f"{exc.kind}: {scrub(exc, integration.secret_values())}"
        after = _read(integration, number)
    _remember(inst, number, after)
    get_memo(current_app).clear()
    audit.record(f"outlet.{state}", target, result, before=before, requested=state, after=after, error=error)
    return {"pdu": inst.name, "outlet": number, "name": outlet["name"], "requested": state, "before": before,
            "after": after, "result": result, "error": error}


def _remember(inst, number, after):
    """Put the read-back state into the cached PDU data and mark it due.

    The next poll serves the verified state at once while a background
    refresh confirms it (polls never wait on the upstream).
    """
    cached = cache_store.load([inst.name]).get(inst.name)
    if not cached or after not in ("on", "off") or not (cached[0].get("data") or {}).get("pdus"):
        cache_store.expire(inst.name)
        return
    envelope = cached[0]
    for pdu in envelope["data"]["pdus"]:
        for outlet in pdu["outlets"]:
            if outlet["number"] == number:
                outlet["state"] = after
    cache_store.store(inst.name, inst.type, envelope, 0)
