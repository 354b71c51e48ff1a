"""
Operations Command Center - Action Kinds

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: How an action behaves between the checks of ``dispatch``: its
    guard, the call and read-back, what it updates afterwards and its result
    shape. ``ActionKind`` is the generic behaviour every declared action gets;
    outlets and alert acknowledgements register kinds of their own (their
    guards need what the system last reported: outlet names, protection, the
    alert itself) in ``registry``.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from flask import current_app
from sqlalchemy.exc import OperationalError

from ...integrations.base import IntegrationError, scrub
from ...integrations.kit import clock
from ...models.base import session
from ..polling import cache_store
from ..polling.memo import get_memo


class ActionKind:
    """The generic behaviour of a declared action."""

    def offered(self, inst):
        """Whether a built-in action of this kind applies to an instance.

        Args:
            inst: The ``Instance``.

        Returns:
            bool: False for the generic kind (it offers only what is declared).
        """
        return False

    def initial_target(self, call):
        """The audit target before the instance is known.

        Args:
            call: The ``Call``.

        Returns:
            str: ``<system> <action>``.
        """
        return f"{call.system} {call.name}"

    def audit_name(self, call):
        """The audit row's action text.

        Args:
            call: The ``Call``.

        Returns:
            str: The action name.
        """
        return call.name

    def requested(self, call):
        """The requested state for the audit row.

        Args:
            call: The ``Call``.

        Returns:
            str | None: The value of the param that names the expected state.
        """
        key = call.action.expect_from if call.action is not None else None
        value = (call.params or call.body).get(key) if key else None
        return str(value)[:50] if value is not None else None

    def guard(self, call):
        """Check the target against what the system last reported (nothing generically).

        Args:
            call: The ``Call``.

        Returns:
            None
        """

    def read(self, call):
        """Read the target's state back; None when the read fails.

        Args:
            call: The ``Call``.

        Returns:
            str | None: The state.
        """
        try:
            return getattr(call.integration, call.action.readback)(**call.action.key_params(call.params))
        except IntegrationError:
            return None

    def perform(self, call, lease):
        """Call the integration, then read back until the expected state shows or time runs out.

        Args:
            call: The ``Call`` (result, before, after, error are filled in).
            lease: The held lease (renewed while reading back) or None.

        Returns:
            None
        """
        action, cfg = call.action, current_app.config
        if action.readback:
            call.before = self.read(call) or call.before
        try:
            getattr(call.integration, action.method)(**call.params)
        except IntegrationError as exc:
            call.result, call.error = "failed", f"{exc.kind}: {scrub(exc, call.integration.secret_values())}"
            call.after = self.read(call) if action.readback else None
            return
        expected = action.expected(call.params)
        if expected is None:
            call.result = "ok"
            return
        deadline = clock.monotonic() + float(cfg["OPS_CENTER_READBACK_SECONDS"])
        while True:
            call.after = self.read(call)
            if call.after == expected or clock.monotonic() >= deadline:
                break
            if lease is not None:
                try:
                    lease.renew()
                except OperationalError:  # best effort: the lease still holds for its hold time
                    session().rollback()
            clock.sleep(float(cfg["OPS_CENTER_READBACK_INTERVAL"]))
        call.result = "verified" if call.after == expected else ("failed" if call.after else "unknown")
        if call.result != "verified":
            call.error = f"read back {call.after or 'nothing'} instead of {expected}"

    def finish(self, call):
        """After the action: the next poll refetches the system.

        Args:
            call: The ``Call``.

        Returns:
            None
        """
        cache_store.expire(call.inst.name)
        get_memo(current_app).clear()

    def response(self, call):
        """The API's result object.

        Args:
            call: The ``Call``.

        Returns:
            dict: system, action, target, requested, before, after, result, error.
        """
        return {"system": call.inst.name, "action": call.name, "target": call.target,
                "requested": self.requested(call), "before": call.before, "after": call.after,
                "result": call.result, "error": call.error, **call.extra}


GENERIC = ActionKind()
