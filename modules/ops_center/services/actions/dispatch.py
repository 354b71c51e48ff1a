"""
Operations Command Center - Action Dispatch

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The one path every action takes, whatever the system: find the
    instance and its declared ``Action`` → role → validate the params against
    the declaration → the action kind's guard → the lease → an intent audit row
    (before the device is touched) → the integration call → the read-back →
    the completed audit row. Refusals are audited too. An action kind (outlets,
    acknowledgements) adds its own guard and result shape; an action without a
    kind of its own runs generically, so a new integration's action needs no
    edit here.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (replaces control.py's and alert_actions.py's own paths)
"""

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy.exc import OperationalError

from ...integrations.kit.values import FieldError, validate_fields
from .. import audit
from ..access import may
from ..errors import Busy, Conflict, Forbidden, Invalid, NotFound, OpsError, UpstreamFailed
from ..polling.aggregator import get_aggregator
from ..polling.instances import load_instances
from . import leases, settle
from . import registry as kinds


@dataclass
class Call:
    """One action request on its way through the checks.

    Attributes:
        system: The instance name asked for.
        name: The action name (``outlet_set``).
        inst: The ``Instance`` once found.
        action: The declared ``Action`` once found.
        params: The validated params.
        confirm_name: What the operator typed to confirm a protected target.
        target: The audit target text (the kind may refine it).
        before / after / result / error: What happened.
        extra: Fields a kind adds to the response.
    """

    system: str
    name: str
    body: dict
    confirm_name: str | None = None
    inst: object = None
    action: object = None
    params: dict = field(default_factory=dict)
    target: str = ""
    integration: object = None
    before: str | None = None
    after: str | None = None
    result: str = "unknown"
    error: str | None = None
    extra: dict = field(default_factory=dict)


def find_instance(name):
    """A running instance by name.

    Args:
        name: Instance name.

    Returns:
        Instance: The instance.

    Raises:
        NotFound: When no running instance has that name.
    """
    inst = next((i for i in load_instances() if i.name == name and not i.error), None)
    if inst is None:
        raise NotFound(f"no system named '{str(name)[:60]}'")
    return inst


def declared_role(system, name):
    """The role an action needs, before anything else is checked (for the route's check order).

    Args:
        system: Instance name.
        name: Action name.

    Returns:
        str: ``operator`` unless the action is declared for viewers.
    """
    inst = next((i for i in load_instances() if i.name == system and not i.error), None)
    action = kinds.declared(inst, name) if inst is not None else None
    return action.role if action is not None else "operator"


def run(system, name, body):
    """Run one action through every check and return its result.

    Args:
        system: Instance name.
        name: Action name.
        body: The request's JSON object (params, plus ``confirm_name``).

    Returns:
        dict: The result (``result`` is verified, ok or partial).

    Raises:
        OpsError: Invalid, Forbidden, NotFound, Conflict, Busy; UpstreamFailed (502) with the result
            fields when the device failed or did not confirm.
    """
    if not isinstance(body, dict):
        raise Invalid("expected a JSON object body")
    body = dict(body)
    confirm = body.pop("confirm_name", None)
    call = Call(str(system)[:63], str(name)[:40], body, confirm if isinstance(confirm, str) else None)
    kind = kinds.kind_of(call.name)
    call.target = kind.initial_target(call)
    lease, row = None, None
    try:
        _check(call, kind)
        if call.action.lease:
            key = ",".join(f"{k}={v}" for k, v in call.action.key_params(call.params).items())
            lease = leases.take(f"lease:{call.inst.name}:{call.action.lease}:{key}")
            if lease is None:
                raise Conflict(f"{call.target} is busy or cooling down: wait a few seconds and try again")
        if call.action.audit:  # the intent row is written before the device is touched
            row = audit.start(kind.audit_name(call), call.target, requested=kind.requested(call))
    except (OpsError, OperationalError) as exc:
        if isinstance(exc, OperationalError):
            _rollback()
            exc = Busy("database busy, nothing was changed: try again in a moment")
        if lease is not None:
            settle.land(lease.release)
        if call.action is None or call.action.audit:
            settle.land(audit.record, kind.audit_name(call), call.target, "refused", requested=kind.requested(call),
                        error=f"{exc.status}: {exc}")
        raise exc from None
    try:
        kind.perform(call, lease)
    finally:
        if lease is not None:
            settle.land(lease.release, float(current_app.config["OPS_CENTER_OUTLET_COOLDOWN"]))
    if call.result == "busy":
        if row is not None:
            settle.land(audit.complete, row, "refused", error=f"503: {call.error}")
        raise Busy(call.error)
    settle.land(kind.finish, call)
    if row is not None:
        settle.land(audit.complete, row, call.result, before=call.before, after=call.after, error=call.error)
    body = kind.response(call)
    if call.result in ("failed", "unknown"):
        raise UpstreamFailed(call.error or call.result, result=body)
    return body


def _check(call, kind):
    """Instance, declaration, role, params and the kind's guard, in that order."""
    call.inst = find_instance(call.system)
    call.action = kinds.declared(call.inst, call.name)
    if call.action is None:
        raise NotFound(f"{call.inst.name} has no action '{call.name}'")
    if not may(call.action.role):
        raise Forbidden("your account is read-only (viewer)")
    try:
        call.params = validate_fields(call.action.params, call.body)
    except FieldError as exc:
        hint = next((f.help for f in call.action.params if f.name == exc.field and f.help), "")
        raise Invalid(f"{exc}: {hint}" if hint else str(exc), field=exc.field) from None
    call.target = f"{call.inst.name} " + call.action.target.format(**call.params) if call.action.target \
        else call.inst.name
    call.integration = get_aggregator(current_app).integration(call.inst)
    kind.guard(call)


def _rollback():
    """Drop a transaction a lock error left open."""
    from ...models.base import session

    session().rollback()
