"""
Operations Command Center - Integration Base

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: What every system integration is built from: the field
    declaration, the base class, the registry by type name, the error
    hierarchy and the normalised snapshot dataclasses (DESIGN.md section 4).
    Integrations are pure: settings in, dataclasses out; nothing here imports
    Flask, the models or the services.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from dataclasses import dataclass
from typing import ClassVar

# The error kinds and the snapshot dataclasses are part of this module's interface (re-exported).
from .kit import clock as kit_clock
from .kit.errors import (  # noqa: F401
    ActionFailed,
    AuthFailed,
    BadResponse,
    ConfigError,
    IntegrationError,
    Timeout,
    Unreachable,
)
from .model import (  # noqa: F401
    SECTIONS,
    Alert,
    Outage,
    Outlet,
    Pdu,
    Port,
    SourceData,
    Switch,
    UptimeTarget,
    Wan,
    feed_section,
)

# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class Field:
    """One setting of an integration type, declared once.

    Validation, masking, the CLI, the settings form and the README table all
    read this declaration. ``kind`` is str, int, float, bool, list (of
    strings) or map (str -> str, e.g. WAN name -> gateway name).
    """

    name: str
    kind: str = "str"
    required: bool = False
    default: object = None
    secret: bool = False
    help: str = ""
    choices: tuple = ()


MASK = "********"


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
ALERT_PARAMS = (Field("id", "str", required=True, help="The alert's native id"),
                Field("note", "str", default="", help="Operator note (at most 1000 characters)"))
ALERT_ACK = Action(method="ack_alert", label="Acknowledge", params=ALERT_PARAMS, confirm=False, target="{id}")
ALERT_UNACK = Action(method="unack_alert", label="Un-acknowledge", params=ALERT_PARAMS, confirm=False,
                     target="{id}")

# --------------------------------------------------------------------------- base + registry

REGISTRY: dict[str, type] = {}


class Integration:
    """Base of every system integration.

    Subclasses set ``type_name``, ``label``, ``ttl_class`` (critical, status or
    config), ``FEEDS`` (the snapshot sections it fills: ``wan``, ``alerts:<category>``,
    ``uptime``, ``outages``, ``pdus``, ``switches``), ``ACTIONS`` and ``fields``, and implement
    ``fetch()``. Control methods are separate from ``fetch()``. ``memory`` is a
    JSON-safe dict kept between polls (previous counters for rates).
    """

    type_name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    ttl_class: ClassVar[str] = "critical"
    FEEDS: ClassVar[tuple] = ()
    fields: ClassVar[tuple] = ()
    demo: ClassVar[bool] = False
    ACTIONS: ClassVar[dict] = {}

    def __init__(self, name, settings):
        """Build an instance.

        Args:
            name: Instance name (``zyxel-1``).
            settings: Dict of settings, secrets included.
        """
        self.name = name
        self.settings = dict(settings)
        self.memory = {}

    @staticmethod
    def clock():
        """Wall-clock seconds for this instance's samples: the module's one clock (a test may
        replace it on one instance with any callable).

        Returns:
            float: Seconds since the epoch.
        """
        return kit_clock.epoch()

    def setting(self, key):
        """A setting, falling back to the field's default.

        Args:
            key: Field name.

        Returns:
            object: The value.
        """
        if key in self.settings and self.settings[key] not in (None, ""):
            return self.settings[key]
        for fld in self.fields:
            if fld.name == key:
                return fld.default
        return None

    def secret_values(self):
        """The secret setting values, for scrubbing error texts.

        Returns:
            list[str]: Non-empty secret values.
        """
        return [str(self.settings[f.name]) for f in self.fields if f.secret and self.settings.get(f.name)]

    def fetch(self):
        """Fetch and normalise the instance's current state.

        Returns:
            SourceData: The normalised data.

        Raises:
            IntegrationError: On any failure.
        """
        raise NotImplementedError

    def test_connection(self):
        """One live fetch; raises like ``fetch()``.

        Returns:
            SourceData: What the fetch returned.
        """
        return self.fetch()

    def close(self):
        """Release connections held between polls.

        Returns:
            None
        """


def register(cls):
    """Class decorator adding an integration to the registry.

    Args:
        cls: An ``Integration`` subclass with a ``type_name``.

    Returns:
        type: The class, unchanged.
    """
    unknown = [f for f in cls.FEEDS if feed_section(f) not in SECTIONS]
    if unknown:
        raise ConfigError(f"integration '{cls.type_name}' declares unknown feed(s) {', '.join(unknown)} "
                          f"(sections: {', '.join(SECTIONS)})")
    REGISTRY[cls.type_name] = cls
    return cls


def get_integration_class(type_name):
    """Look up an integration type.

    Args:
        type_name: A registered type name.

    Returns:
        type: The class.

    Raises:
        ConfigError: When the type is unknown.
    """
    try:
        return REGISTRY[type_name]
    except KeyError:
        from .catalog import BROKEN  # a module that failed to import explains the missing type

        if type_name in BROKEN:
            raise ConfigError(BROKEN[type_name]) from None
        raise ConfigError(f"unknown system type '{type_name}'") from None


def scrub(text, secrets):
    """Replace every secret value in a text by the mask.

    Args:
        text: Any message.
        secrets: Values to hide.

    Returns:
        str: The text with secrets masked.
    """
    text = str(text)
    for value in secrets:
        if value and len(value) >= 3:
            text = text.replace(value, MASK)
    return text
