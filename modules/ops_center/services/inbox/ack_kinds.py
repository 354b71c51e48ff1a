"""
Operations Command Center - Ack Action Kinds

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``event_ack``, ``event_unack`` and ``incident_ack`` as kinds of
    the one action path (services/actions/dispatch.py), so an inbox ack
    passes the same checks (role, params) and leaves the same audit rows
    (intent, then result) as an outlet switch. They are offered on every
    system that has events; the route picks the system an event came from
    (for an incident, its root's). Acking an incident acks its firing
    members; the incident is then "acknowledged" — still listed, never hidden.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from flask import current_app
from sqlalchemy import select

from ...integrations.base import Action, Field
from ...models.base import session, utcnow
from ...models.events import OpsEvent, OpsIncident
from ..actions.kinds import ActionKind
from ..actions.registry import register
from ..audit import actor_name
from ..errors import Conflict, Invalid, NotFound
from ..polling.instances import load_instances
from ..polling.memo import get_memo
from . import acks, incidents, topology

PARAMS = (Field("id", "int", required=True, help="The event's or incident's id"),
          Field("sticky", "bool", default=False, help="Hold until recovery (else it clears when the event changes)"),
          Field("note", "str", default="", help="Operator note (at most 1000 characters)"))


class InboxAckKind(ActionKind):
    """Ack (or un-ack) one event, or every firing member of an incident.

    Args:
        scope: event or incident.
        ack: True to acknowledge, False to remove the ack.
    """

    def __init__(self, scope, ack=True):
        self.scope, self.ack = scope, ack

    def offered(self, inst):
        """Offered on a system that has events (it routes their acks).

        Args:
            inst: The ``Instance``.

        Returns:
            bool: True when an event of it exists.
        """
        return session().execute(select(OpsEvent.id).where(OpsEvent.source == inst.name).limit(1)).first() is not None

    def initial_target(self, call):
        """``event <id>`` / ``incident <id>`` as asked for.

        Args:
            call: The ``Call``.

        Returns:
            str: The target text.
        """
        return f"{self.scope} {str(call.body.get('id'))[:20]}"

    def audit_name(self, call):
        """``event.ack``, ``event.unack`` or ``incident.ack``.

        Args:
            call: The ``Call`` (unused).

        Returns:
            str: The audit action text.
        """
        return f"{self.scope}.{'ack' if self.ack else 'unack'}"

    def requested(self, call):
        """sticky, normal or open.

        Args:
            call: The ``Call``.

        Returns:
            str: The requested ack state.
        """
        if not self.ack:
            return "open"
        return "sticky" if (call.params or call.body).get("sticky") is True else "normal"

    def guard(self, call):
        """The event or incident exists and has something firing to ack; the note is bounded.

        Args:
            call: The ``Call``.

        Returns:
            None

        Raises:
            Invalid: A note over the limit. NotFound: no such event or incident. Conflict: nothing firing.
        """
        note = (call.params.get("note") or "").strip()
        if len(note) > acks.NOTE_LIMIT:
            raise Invalid(f"note is limited to {acks.NOTE_LIMIT} characters", field="note")
        db, ident = session(), call.params["id"]
        row = db.get(OpsEvent if self.scope == "event" else OpsIncident, ident)
        if row is None:
            raise NotFound(f"no {self.scope} {ident}")
        call.target = f"{self.scope} {ident} {row.title}"[:255]
        rows = [row] if self.scope == "event" else acks.firing_members(db, ident)
        if self.ack and not [r for r in rows if r.state == "firing"]:
            raise Conflict(f"{self.scope} {ident} has recovered: nothing to acknowledge")
        call.extra = {"rows": rows, "note": note or None, "incident": row if self.scope == "incident" else None}

    def perform(self, call, lease):
        """Ack (or un-ack) the rows, write back once, recompute their incidents, commit.

        Args:
            call: The ``Call``.
            lease: Unused (acks hold no lease).

        Returns:
            None
        """
        db, now, rows = session(), utcnow(), call.extra["rows"]
        sticky = call.params.get("sticky") is True
        done = acks.acknowledge(db, rows, sticky, actor_name(), call.extra["note"], now) if self.ack \
            else acks.unacknowledge(db, rows)
        ids = {r.incident_id for r in rows if r.incident_id}
        incidents.refresh_ids(db, ids, topology.current_namer(load_instances()), now)
        db.commit()
        failed = [fp for fp, status in done["writeback"].items() if status == "failed"]
        call.result = "partial" if failed else "ok"
        call.after = f"{len(done['writeback'])} {'acknowledged' if self.ack else 'open'}"
        call.error = "; ".join(f"{fp}: {done['errors'][fp]}" for fp in failed)[:2000] or None
        call.extra["done"] = done

    def finish(self, call):
        """The next snapshot shows the ack at once.

        Args:
            call: The ``Call``.

        Returns:
            None
        """
        get_memo(current_app).clear()

    def response(self, call):
        """The ack result.

        Args:
            call: The ``Call``.

        Returns:
            dict: scope, id, acknowledged (bool), kind, count, writeback, errors, by, note, result.
        """
        done = call.extra.get("done") or {"writeback": {}, "errors": {}}
        return {"scope": self.scope, "id": call.params["id"], "acknowledged": self.ack,
                "kind": self.requested(call) if self.ack else None, "count": len(done["writeback"]),
                "writeback": done["writeback"], "errors": done["errors"], "by": actor_name(),
                "note": call.extra.get("note"), "result": call.result}


def _declared(label):
    return Action(method="", label=label, params=PARAMS, confirm=False)


register("event_ack", InboxAckKind("event"), built_in=_declared("Acknowledge event"))
register("event_unack", InboxAckKind("event", ack=False), built_in=_declared("Remove event acknowledgement"))
register("incident_ack", InboxAckKind("incident"), built_in=_declared("Acknowledge incident"))
