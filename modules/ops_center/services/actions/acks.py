"""
Operations Command Center - Alert Acknowledgements

Version: 2.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The acknowledgement kind of action (``alert_ack`` / ``alert_unack``),
    offered on every instance that feeds alerts; an integration that declares
    the action adds the write-back to its source. The acknowledgement is
    recorded first and written back once: a second acknowledgement of the same
    alert (another operator, another process, a double click) answers "already
    acknowledged by X" without a second write-back. Every attempt is audited
    by the dispatcher.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 2.0.0 (2026-12-01): An action kind of the one dispatcher; record first, write back once
"""

from dataclasses import replace

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError

from ...integrations.base import ALERT_ACK, ALERT_UNACK, IntegrationError, feed_section, scrub
from ...models.alerts import OpsAlertAck
from ...models.base import session, utcnow
from ..audit import actor_name
from ..errors import Invalid, NotFound
from ..polling import cache_store
from ..polling.memo import get_memo
from .kinds import ActionKind
from .registry import register

NOTE_LIMIT = 1000


class AckKind(ActionKind):
    """Acknowledge (or un-acknowledge) one alert locally and at its source where it allows."""

    def __init__(self, ack):
        self.ack = ack

    def offered(self, inst):
        """Every instance that feeds alerts can have them acknowledged locally.

        Args:
            inst: The ``Instance``.

        Returns:
            bool: True when it feeds alerts.
        """
        return any(feed_section(feed) == "alerts" for feed in inst.cls.FEEDS)

    def audit_name(self, call):
        """``alert.ack`` or ``alert.unack``.

        Args:
            call: The ``Call``.

        Returns:
            str: The audit action text.
        """
        return "alert.ack" if self.ack else "alert.unack"

    def requested(self, call):
        """The requested alert state.

        Args:
            call: The ``Call``.

        Returns:
            str: acknowledged or open.
        """
        return "acknowledged" if self.ack else "open"

    def guard(self, call):
        """The alert is one the source reports now; the note is bounded.

        Args:
            call: The ``Call``.

        Returns:
            None

        Raises:
            Invalid: A note over the limit. NotFound: no such current alert.
        """
        note = call.params.get("note") or ""
        if len(note) > NOTE_LIMIT:
            raise Invalid(f"note is limited to {NOTE_LIMIT} characters", field="note")
        alert_id = f"{call.inst.name}:{call.params['id']}"
        call.target = alert_id
        env = cache_store.load([call.inst.name]).get(call.inst.name, ({}, None))[0]
        alert = next((a for a in ((env.get("data") or {}).get("alerts") or []) if a["id"] == alert_id), None)
        if alert is None:
            raise NotFound(f"no current alert '{alert_id[:80]}'")
        call.target = f"{alert_id} {alert['title']}"[:255]
        call.extra = {"id": alert_id, "alert": alert, "note": note.strip() or None}

    def perform(self, call, lease):
        """Record first (or remove), then write back once where the source allows.

        Args:
            call: The ``Call``.
            lease: Unused (acknowledgements hold no lease).

        Returns:
            None
        """
        alert_id, db = call.extra["id"], session()
        if self.ack:
            row = OpsAlertAck(alert_id=alert_id, source=call.inst.name, acknowledged_by=actor_name(),
                              acknowledged_at=utcnow(), note=call.extra["note"], writeback="pending")
            db.add(row)
            try:
                db.commit()
            except OperationalError:  # locked before anything happened: nothing acknowledged, no write-back
                db.rollback()
                call.result, call.error = "busy", "database busy, nothing was acknowledged: try again in a moment"
                return
            except IntegrityError:
                db.rollback()
                row = db.execute(select(OpsAlertAck).filter_by(alert_id=alert_id)).scalar_one()
                call.extra.update(already=True, row=row, writeback=row.writeback, writeback_error=None)
                call.result, call.after = "ok", f"already acknowledged by {row.acknowledged_by}"
                return
        else:
            db.execute(delete(OpsAlertAck).where(OpsAlertAck.alert_id == alert_id))
            db.commit()
            row = None
        writeback, error = self._write_back(call)
        if row is not None:
            row.writeback, row.writeback_error = writeback, error
            db.commit()
        call.extra.update(row=row, writeback=writeback, writeback_error=error)
        call.result = "partial" if writeback == "failed" else "ok"
        call.after, call.error = f"writeback {writeback}", error

    def _write_back(self, call):
        """(writeback, error): ok, failed or unsupported."""
        method = call.action.method
        if not (method and call.extra["alert"].get("ack_supported")):
            return "unsupported", None
        try:
            getattr(call.integration, method)(call.params["id"], call.extra["note"] or "")
            return "ok", None
        except IntegrationError as exc:
            return "failed", f"{exc.kind}: {scrub(exc, call.integration.secret_values())}"

    def finish(self, call):
        """Forget the memo; after a write-back the source is refetched.

        Args:
            call: The ``Call``.

        Returns:
            None
        """
        get_memo(current_app).clear()
        if call.extra.get("writeback") == "ok":
            cache_store.expire(call.inst.name)

    def response(self, call):
        """The acknowledgement result object.

        Args:
            call: The ``Call``.

        Returns:
            dict: id, acknowledged, writeback, writeback_error, by, at, note (and ``already``).
        """
        row = call.extra.get("row")
        body = {"id": call.extra["id"], "acknowledged": self.ack, "writeback": call.extra.get("writeback"),
                "writeback_error": call.extra.get("writeback_error"),
                "by": row.acknowledged_by if row is not None else actor_name(),
                "at": (row.acknowledged_at if row is not None else utcnow()).isoformat(timespec="seconds"),
                "note": row.note if row is not None else call.extra["note"]}
        if call.extra.get("already"):
            body["already"] = True
            body["message"] = call.after
        return body


# Offered on every alert feed without a write-back; an integration's own declaration adds one.
register("alert_ack", AckKind(True), built_in=replace(ALERT_ACK, method=""))
register("alert_unack", AckKind(False), built_in=replace(ALERT_UNACK, method=""))
