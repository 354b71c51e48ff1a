"""
Operations Command Center - Power-Cycle Action

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The ``outlet_cycle`` kind: power-cycle an outlet that powers a
    mapped host, then prove step by step that the host came back. It runs the
    dispatcher's checks like ``outlet_set`` (role, CSRF, the outlet exists, a
    protected outlet needs its name typed, the per-outlet "outlet" lease, the
    intent audit row), plus its own: the outlet must power a host (a topology
    link outlet -> host). It sends the cycle command at once (a refused SET is
    a 502 like any action), then hands the lease to a background job and
    answers with the cycle id; the intent row stays "started" until the job
    completes it with the verdict and the chain.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import secrets
from datetime import timedelta

from flask import current_app, request
from sqlalchemy import select, update

from ...integrations.base import IntegrationError, scrub
from ...models.audit import OpsAuditLog
from ...models.base import session, utcnow
from ...models.cache import OpsCache
from .. import audit
from ..errors import Invalid
from . import cycle_job, cycle_store
from . import cycle_probe as probe
from .cycle_verdict import steps
from .leases import HOLD_S, Lease
from .outlets import OutletKind
from .registry import register


class CycleKind(OutletKind):
    """Power-cycle an outlet and prove its host came back."""

    def audit_name(self, call):
        """``outlet.cycle``.

        Args:
            call: The ``Call``.

        Returns:
            str: The audit action text.
        """
        return "outlet.cycle"

    def requested(self, call):
        """``cycle``.

        Args:
            call: The ``Call``.

        Returns:
            str: The requested operation.
        """
        return "cycle"

    def guard(self, call):
        """The outlet checks of ``outlet_set``, and the outlet must power a mapped host.

        Args:
            call: The ``Call``.

        Returns:
            None

        Raises:
            Invalid: Unknown outlet, or no host mapped to it. Conflict, Forbidden: as for ``outlet_set``.
        """
        super().guard(call)
        number = call.params["number"]
        host = cycle_store.powered_host(call.inst.name, number)
        if host is None:
            raise Invalid(f"outlet {number} on {call.inst.name} powers no mapped host: link the outlet to its host "
                          "(topology) before a cycle can prove anything", field="number")
        call.extra["host"] = host.split(":", 1)[1]
        call.target = f"{call.target} host {call.extra['host']}"

    def perform(self, call, lease):
        """Send the cycle command, then hand the lease to the proof job.

        Args:
            call: The ``Call`` (result ``started`` with the cycle id, or ``failed``).
            lease: The held outlet lease.

        Returns:
            None
        """
        number = call.params["number"]
        try:
            mode = getattr(call.integration, call.action.method)(number)
        except IntegrationError as exc:
            call.result, call.error = "failed", f"{exc.kind}: {scrub(exc, call.integration.secret_values())}"
            call.after = self.read(call)
            return
        plan = cycle_store.plan(call.inst.name, number, f"host:{call.extra['host']}")
        if not plan["check"]:
            plan["sources"] = [[i.name, t] for i, t in probe.status_sources(plan["host"])]
        doc = {**plan, "name": call.extra["name"], "mode": mode, "state": "running", "verdict": None,
               "summary": "", "started_at": utcnow().isoformat(timespec="seconds"), "audit_id": _intent_row(call),
               "by": audit.actor_name(), "ip": request.remote_addr if request else None,
               "steps": steps({**plan, "sources": [n for n, _t in plan.get("sources", [])]}, mode)}
        cycle_id = cycle_store.create(doc)
        call.result, call.after = "started", "cycling"
        call.extra.update(cycle=cycle_id, status_url=f"/ops/api/cycles/{cycle_id}")
        cycle_job.start(current_app._get_current_object(), cycle_id, _hand_over(lease))

    def finish(self, call):
        """Nothing to update yet: the job reports the outcome.

        Args:
            call: The ``Call``.

        Returns:
            None
        """

    def response(self, call):
        """The cycle's start: its id and where to follow it.

        Args:
            call: The ``Call``.

        Returns:
            dict: pdu, outlet, name, host, cycle, status_url, result, error.
        """
        return {**call.extra, "requested": "cycle", "before": call.before, "after": call.after,
                "result": call.result, "error": call.error}


def _intent_row(call):
    """The id of the intent row the dispatcher wrote for this call (the lease makes it the only one)."""
    return session().execute(select(OpsAuditLog.id).where(
        OpsAuditLog.action == "outlet.cycle", OpsAuditLog.target == call.target[:255],
        OpsAuditLog.result == "started").order_by(OpsAuditLog.id.desc())).scalars().first()


def _hand_over(lease):
    """Give the request's lease to the job: a new holder, so the dispatcher's release no longer applies."""
    if lease is None:
        return None
    job = Lease(lease.key, secrets.token_hex(12))
    session().execute(update(OpsCache).where(OpsCache.cache_key == lease.key,
                                             OpsCache.integration_name == lease.holder)
                      .values(integration_name=job.holder, expires_at=utcnow() + timedelta(seconds=HOLD_S)))
    session().commit()
    return job


register("outlet_cycle", CycleKind())
