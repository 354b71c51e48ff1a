"""
Operations Command Center - Outlet Actions

Version: 2.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The outlet kind of action (``outlet_set`` on every PDU): its guard
    checks the outlet against what the PDU last reported (it exists; a
    protected outlet needs its name typed), its audit rows name the outlet,
    and after the action the read-back state goes into the cached PDU data so
    the next poll shows it at once. The checks, lease, call, read-back and
    audit are the dispatcher's, shared with every action.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 2.0.0 (2026-12-01): An action kind of the one dispatcher (was its own path)
"""

from flask import current_app

from ...integrations.base import STATE_CHOICES
from ..errors import Conflict, Forbidden, Invalid
from ..polling import cache_store
from ..polling.memo import get_memo
from .kinds import ActionKind
from .registry import register


def cached_outlets(name):
    """The outlets an instance last reported.

    Args:
        name: Instance name.

    Returns:
        dict: number -> outlet dict (empty before the first read).
    """
    env = cache_store.load([name]).get(name, ({}, None))[0]
    outlets = {}
    for pdu in ((env.get("data") or {}).get("pdus") or []):
        outlets.update({o["number"]: o for o in pdu["outlets"]})
    return outlets


class OutletKind(ActionKind):
    """Switching an outlet to an explicit state (never a toggle)."""

    def initial_target(self, call):
        """``<pdu>/<number>`` as asked for.

        Args:
            call: The ``Call``.

        Returns:
            str: The target text.
        """
        return f"{call.system}/{str(call.body.get('number'))[:20]}"

    def audit_name(self, call):
        """``outlet.on|off|reboot`` (``outlet.invalid`` for a bad state).

        Args:
            call: The ``Call``.

        Returns:
            str: The audit action text.
        """
        state = (call.params or call.body).get("state")
        return f"outlet.{state if state in STATE_CHOICES else 'invalid'}"

    def requested(self, call):
        """The requested state as given.

        Args:
            call: The ``Call``.

        Returns:
            str | None: The state text.
        """
        state = (call.params or call.body).get("state")
        return str(state)[:50] if state is not None else None

    def guard(self, call):
        """The outlet exists on the PDU; a protected one needs its typed name.

        Args:
            call: The ``Call``.

        Returns:
            None

        Raises:
            Invalid: Unknown outlet. Conflict: the PDU was never read. Forbidden: protected.
        """
        number, name = call.params["number"], call.inst.name
        call.target = f"{name}/{number}"
        outlets = cached_outlets(name)
        if number not in outlets:
            if outlets:
                raise Invalid(f"outlet {number} does not exist on {name}", field="number")
            raise Conflict(f"{name} has not been read yet: refresh and try again")
        outlet = outlets[number]
        call.target = f"{name}/{number} '{outlet['name']}'"
        call.before = outlet.get("state")
        call.extra = {"pdu": name, "outlet": number, "name": outlet["name"]}
        if outlet.get("protected") and (call.confirm_name or "").strip() != outlet["name"]:
            raise Forbidden(f"outlet {number} '{outlet['name']}' is protected: type its name to confirm")

    def finish(self, call):
        """Put the read-back state into the cached PDU data; the next poll shows it at once.

        Args:
            call: The ``Call``.

        Returns:
            None
        """
        get_memo(current_app).clear()
        cached = cache_store.load([call.inst.name]).get(call.inst.name)
        if not cached or call.after not in ("on", "off") or not (cached[0].get("data") or {}).get("pdus"):
            cache_store.expire(call.inst.name)
            return
        envelope = cached[0]
        for pdu in envelope["data"]["pdus"]:
            for outlet in pdu["outlets"]:
                if outlet["number"] == call.params["number"]:
                    outlet["state"] = call.after
        cache_store.store(call.inst.name, call.inst.type, envelope, 0)

    def response(self, call):
        """The outlet result object.

        Args:
            call: The ``Call``.

        Returns:
            dict: pdu, outlet, name, requested, before, after, result, error.
        """
        return {**call.extra, "requested": call.params["state"], "before": call.before, "after": call.after,
                "result": call.result, "error": call.error}


register("outlet_set", OutletKind())
