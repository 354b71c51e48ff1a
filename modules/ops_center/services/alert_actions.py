"""
Operations Command Center - Alert Acknowledgement

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Acknowledge and un-acknowledge alerts: the local state in
    ``ops_alert_acks`` (who, when, note) survives refreshes and restarts; the
    acknowledgement is written back to the source where its API allows
    (LibreNMS acknowledge / unmute, Firewalla archive), and the result of
    that write-back is stored and reported. Every attempt is audited.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask import current_app
from flask_login import current_user
from sqlalchemy import select

from ..integrations.base import IntegrationError, scrub
from ..models.alerts import OpsAlertAck
from ..models.base import session, utcnow
from . import audit, cache_store
from .aggregator import get_aggregator
from .control import Refused
from .memo import get_memo
from .systems import load_instances


def _find(alert_id):
    """The instance and cached alert of an id ``<instance>:<native id>``."""
    if not isinstance(alert_id, str) or ":" not in alert_id or len(alert_id) > 255:
        raise Refused(400, "alert id must look like '<source>:<id>'")
    source, native = alert_id.split(":", 1)
    inst = next((i for i in load_instances() if i.name == source and not i.error), None)
    env = cache_store.load([source]).get(source, ({}, None))[0] if inst else {}
    alert = next((a for a in ((env.get("data") or {}).get("alerts") or []) if a["id"] == alert_id), None)
    if inst is None or alert is None:
        raise Refused(404, f"no current alert '{alert_id[:80]}'")
    return inst, native, alert


def _write_back(inst, native, alert, ack, note):
    """Write the acknowledgement to the source where its API allows.

    Returns:
        tuple: (writeback, error): ok, failed or unsupported.
    """
    if not alert.get("ack_supported"):
        return "unsupported", None
    integration = get_aggregator(current_app).integration(inst)
    if ack and hasattr(integration, "ack_alert"):
        call = lambda: integration.ack_alert(native, note)  # noqa: E731
    elif not ack and hasattr(integration, "unack_alert"):
        call = lambda: integration.unack_alert(native, note)  # noqa: E731
    elif ack and hasattr(integration, "archive_alarm"):
        call = lambda: integration.archive_alarm(native)  # noqa: E731
    else:
        return "unsupported", None
    try:
        call()
        return "ok", None
    except IntegrationError as exc:
        return "failed", f"{exc.kind}: {scrub(exc, integration.secret_values())}"


def set_acknowledged(alert_id, ack, note=""):
    """Acknowledge (or un-acknowledge) an alert locally and at its source.

    Args:
        alert_id: The snapshot's alert id.
        ack: True to acknowledge, False to un-acknowledge.
        note: Optional operator note (stored and sent where supported).

    Returns:
        dict: id, acknowledged, writeback (ok, failed, unsupported),
        writeback_error, by, at, note.

    Raises:
        Refused: Bad id, unknown alert, or a note that is too long.
    """
    action = "alert.ack" if ack else "alert.unack"
    note = (note or "").strip()
    try:
        if len(note) > 1000:
            raise Refused(400, "note is limited to 1000 characters")
        inst, native, alert = _find(alert_id)
    except Refused as exc:
        audit.record(action, str(alert_id)[:255], "refused", error=str(exc))
        raise
    writeback, error = _write_back(inst, native, alert, ack, note)
    db = session()
    row = db.execute(select(OpsAlertAck).filter_by(alert_id=alert_id)).scalar_one_or_none()
    user = getattr(current_user, "username", None) if current_user.is_authenticated else None
    if ack:
        row = row or OpsAlertAck(alert_id=alert_id)
        row.source, row.acknowledged_by, row.acknowledged_at = inst.name, user, utcnow()
        row.note, row.writeback, row.writeback_error = note or None, writeback, error
        db.add(row)
    elif row is not None:
        db.delete(row)
    db.commit()
    get_memo(current_app).clear()
    if writeback == "ok":
        cache_store.expire(inst.name)
    audit.record(action, f"{alert_id} {alert['title']}"[:255], "ok" if writeback != "failed" else "partial",
                 requested="acknowledged" if ack else "open", after=f"writeback {writeback}", error=error)
    return {"id": alert_id, "acknowledged": ack, "writeback": writeback, "writeback_error": error,
            "by": user, "at": utcnow().isoformat(timespec="seconds"), "note": note or None}
