"""
Operations Command Center - Event Acknowledgements

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: What acknowledging events does (the action kinds in
    ack_kinds.py run it through the one action path and its audit). Two
    kinds, as in Nagios: a NORMAL ack clears when the event changes
    (severity, condition or title) and a STICKY ack holds until the event
    recovers; both clear on recovery. A source alert's ack is also recorded
    as the local alert acknowledgement (the alerts panel agrees) and written
    back once where its source allows — LibreNMS with ``until_clear`` set for
    a sticky ack and cleared for a normal one.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import inspect

from flask import current_app
from sqlalchemy import select

from ...integrations.base import IntegrationError, scrub
from ...models.alerts import OpsAlertAck
from ...models.base import session
from ...models.events import OpsEvent, OpsIncident
from ..errors import Conflict, NotFound
from ..polling import cache_store
from ..polling.aggregator import get_aggregator
from ..polling.instances import load_instances
from .events import clear_ack

NOTE_LIMIT = 1000


def _alert(source, fingerprint):
    """The alert a source last reported under an id, or None."""
    env = cache_store.load([source]).get(source, ({}, None))[0]
    return next((a for a in ((env.get("data") or {}).get("alerts") or []) if a.get("id") == fingerprint), None)


def _write_back(inst, fingerprint, note, sticky, ack=True):
    """Write an ack (or its removal) back to the source once: (status, error)."""
    action = inst.cls.ACTIONS.get("alert_ack" if ack else "alert_unack")
    alert = _alert(inst.name, fingerprint)
    if action is None or not action.method or not (alert or {}).get("ack_supported"):
        return "unsupported", None
    integration = get_aggregator(current_app).integration(inst)
    method = getattr(integration, action.method)
    native = fingerprint.split(":", 1)[1]
    try:
        if ack and "until_clear" in inspect.signature(method).parameters:
            method(native, note or "", until_clear=sticky)
        else:
            method(native, note or "")
        return "ok", None
    except IntegrationError as exc:
        return "failed", f"{exc.kind}: {scrub(exc, integration.secret_values())}"


def acknowledge(db, rows, sticky, by, note, now):
    """Ack every firing event given (already acked ones take the new kind and note).

    Args:
        db: The session.
        rows: ``OpsEvent`` rows.
        sticky: True for a sticky ack.
        by: Who acks.
        note: Operator note or None.
        now: The current time.

    Returns:
        dict: fingerprint -> write-back status (ok, failed, unsupported, local) for the acked events.
    """
    instances = {i.name: i for i in load_instances() if not i.error}
    results, errors = {}, {}
    for row in rows:
        if row.state != "firing":
            continue
        row.ack_kind, row.ack_by, row.ack_at, row.ack_note = ("sticky" if sticky else "normal"), by, now, note
        status, error = "local", None
        if "|" not in row.fingerprint and row.source in instances:
            status, error = _write_back(instances[row.source], row.fingerprint, note, sticky)
            mirror = db.execute(select(OpsAlertAck).filter_by(alert_id=row.fingerprint)).scalar_one_or_none()
            if mirror is None:
                db.add(OpsAlertAck(alert_id=row.fingerprint, source=row.source, acknowledged_by=by,
                                   acknowledged_at=now, note=note, writeback=status, writeback_error=error))
        results[row.fingerprint] = status
        if error:
            errors[row.fingerprint] = error
    return {"writeback": results, "errors": errors}


def unacknowledge(db, rows):
    """Remove the ack of the events given (and write the removal back where the source allows).

    Args:
        db: The session.
        rows: ``OpsEvent`` rows.

    Returns:
        dict: fingerprint -> write-back status of each event that was acked.
    """
    instances = {i.name: i for i in load_instances() if not i.error}
    results, errors = {}, {}
    for row in rows:
        if row.ack_kind is None:
            continue
        status, error = "local", None
        if "|" not in row.fingerprint and row.source in instances:
            status, error = _write_back(instances[row.source], row.fingerprint, row.ack_note, False, ack=False)
        clear_ack(db, row)
        results[row.fingerprint] = status
        if error:
            errors[row.fingerprint] = error
    return {"writeback": results, "errors": errors}


def firing_members(db, incident_id):
    """The firing events of an incident.

    Args:
        db: The session.
        incident_id: The incident id.

    Returns:
        list[OpsEvent]: The rows.
    """
    return list(db.execute(select(OpsEvent).where(OpsEvent.incident_id == incident_id,
                                                  OpsEvent.state == "firing")).scalars())


def route(scope, ident):
    """The system an ack runs through: the event's source; for an incident its root's, else a member's.

    Args:
        scope: event or incident.
        ident: Its id.

    Returns:
        str: A configured instance name.

    Raises:
        NotFound: No such event or incident. Conflict: none of its sources is configured any more.
    """
    db = session()
    row = db.get(OpsEvent if scope == "event" else OpsIncident, ident)
    if row is None:
        raise NotFound(f"no {scope} {ident}")
    if scope == "event":
        candidates = [row.source]
    else:
        members = db.execute(select(OpsEvent.source, OpsEvent.entity).where(OpsEvent.incident_id == ident)).all()
        candidates = [s for s, e in members if e == row.root_ref] + [s for s, _e in members]
    live = {i.name for i in load_instances() if not i.error}
    system = next((c for c in candidates if c in live), None)
    if system is None:
        raise Conflict(f"{scope} {ident} came from systems that are no longer configured")
    return system
