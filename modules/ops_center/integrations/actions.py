"""
Operations Command Center - Action Declarations

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: ``Action``: what an integration can do, with its safety policy,
    and the declarations the PDU and alert integrations share (``OUTLET_SET``,
    ``ALERT_ACK``, ``ALERT_UNACK``). The action service runs them all.

CHANGELOG:
- 1.0.0 (2026-12-01): Split out of base.py
- 1.1.0 (2026-12-01): ``OUTLET_CYCLE``: power-cycle an outlet and prove its host came back
"""

from dataclasses import dataclass

from .fields import Field


@dataclass(frozen=True)
class Action:
    """One thing an integration can do, with its safety policy, declared once.

    The one action service (``services/actions``) runs every action through the
    same checks: login, role, CSRF, parameter validation, the action's guard,
    the lease, the call, the read-back and the audit row.

    Attributes:
        method: Name of the integration method called with the validated params.
        label: Human label ("Switch outlet").
        params: ``Field`` declarations of the request body (the one schema validator checks them).
        role: ``operator`` (may act) or ``viewer`` (read-only actions such as a graph).
        confirm: The page confirms in a dialog naming the target before it calls.
        protect: Targets marked protected need their name typed (``confirm_name``).
        key: The params that name the target (``("number",)``): the read-back gets
            them, and the lease holds the target they name.
        lease: Lease group (``"outlet"``): actions of one group on one target run one
            at a time across every process, then the cooldown. None: no lease.
        readback: Name of the method that reads the target's state back (called with ``key``).
        expect_from: The param whose value names the expected read-back state.
        expect: Requested value -> expected read-back state (``{"reboot": "on"}``).
        target: Format of the audit target over the params (``"outlet {number}"``).
        audit: Whether every attempt leaves an audit row (reads such as graphs do not).
    """

    method: str
    label: str = ""
    params: tuple = ()
    role: str = "operator"
    confirm: bool = True
    protect: bool = False
    key: tuple = ()
    lease: str | None = None
    readback: str | None = None
    expect_from: str | None = None
    expect: tuple = ()
    target: str = ""
    audit: bool = True

    def expected(self, params):
        """The state a read-back must show after this action.

        Args:
            params: The validated params.

        Returns:
            str | None: The expected state, or None when nothing is read back.
        """
        if not (self.readback and self.expect_from):
            return None
        requested = params.get(self.expect_from)
        return dict(self.expect).get(requested, requested)

    def key_params(self, params):
        """The params that name the target.

        Args:
            params: The validated params.

        Returns:
            dict: Only the ``key`` params.
        """
        return {k: params[k] for k in self.key if k in params}


STATE_CHOICES = ("on", "off", "reboot")
OUTLET_SET = Action(
    method="set_outlet", label="Switch outlet",
    params=(Field("number", "int", required=True, help="Outlet number"),
            Field("state", "str", required=True, choices=STATE_CHOICES,
                  help="an explicit target state, never a toggle")),
    protect=True, key=("number",), lease="outlet", readback="get_outlet", expect_from="state",
    expect=(("reboot", "on"),), target="outlet {number}")
# Power-cycle with proof: the same outlet lease as OUTLET_SET (a switch during a cycle is refused), the method
# returns "reboot" (the PDU turns the outlet on again itself) or "off" (the cycle job switches it on again).
OUTLET_CYCLE = Action(
    method="cycle_outlet", label="Power-cycle and prove",
    params=(Field("number", "int", required=True, help="Outlet number"),),
    protect=True, key=("number",), lease="outlet", readback="get_outlet", target="outlet {number}")
ALERT_PARAMS = (Field("id", "str", required=True, help="The alert's native id"),
                Field("note", "str", default="", help="Operator note (at most 1000 characters)"))
ALERT_ACK = Action(method="ack_alert", label="Acknowledge", params=ALERT_PARAMS, confirm=False, target="{id}")
ALERT_UNACK = Action(method="unack_alert", label="Un-acknowledge", params=ALERT_PARAMS, confirm=False,
                     target="{id}")
