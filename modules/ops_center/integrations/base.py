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

from dataclasses import asdict, dataclass, field
from typing import ClassVar

# --------------------------------------------------------------------------- errors


class IntegrationError(Exception):
    """Base of every failure an integration raises; ``kind`` names the class."""

    kind = "error"


class Unreachable(IntegrationError):
    """Connection refused, DNS failure, no route, connection reset."""

    kind = "unreachable"


class AuthFailed(IntegrationError):
    """The upstream rejected the credentials (401/403, SNMP auth, login trap)."""

    kind = "auth_failed"


class BadResponse(IntegrationError):
    """The upstream answered, but with an error status or an unparsable body."""

    kind = "bad_response"


class Timeout(IntegrationError):
    """The upstream did not answer within the configured time."""

    kind = "timeout"


class ConfigError(IntegrationError):
    """The instance settings are missing or invalid."""

    kind = "config"


class ActionFailed(IntegrationError):
    """A control action was refused or could not be carried out."""

    kind = "action_failed"


# --------------------------------------------------------------------------- snapshot


@dataclass
class Wan:
    """One WAN link: status, throughput (Mbps), latency (ms), loss (%)."""

    name: str
    status: str = "unknown"
    rx_mbps: float | None = None
    tx_mbps: float | None = None
    latency_ms: float | None = None
    loss_pct: float | None = None
    uptime_pct_30d: float | None = None
    source: str = ""


@dataclass
class Alert:
    """One alert of any category; ``id`` is ``<instance>:<native id>``."""

    id: str
    source: str
    category: str
    severity: str
    title: str
    detail: str = ""
    host: str = ""
    timestamp: str | None = None
    acknowledged: bool = False
    ack_supported: bool = False


@dataclass
class Outage:
    """A period a monitored target was down (``end`` None while ongoing)."""

    target: str
    start: str
    end: str | None
    duration_s: int
    source: str


@dataclass
class UptimeTarget:
    """A monitored target's present state and uptime percentages."""

    target: str
    status: str
    uptime_pct_24h: float | None
    uptime_pct_30d: float | None
    source: str


@dataclass
class Outlet:
    """A PDU outlet; ``state`` is on, off or unknown."""

    number: int
    name: str
    state: str
    protected: bool = False


@dataclass
class Pdu:
    """A power distribution unit with its load against its rating."""

    name: str
    source: str
    load_amps: float | None
    rating_amps: float | None
    outlets: list[Outlet] = field(default_factory=list)


@dataclass
class Port:
    """A switch port; rates in bits per second, None until two samples exist."""

    index: int
    name: str
    oper: str
    admin: str
    speed_mbps: int | None = None
    alias: str = ""
    rx_bps: float | None = None
    tx_bps: float | None = None


@dataclass
class Switch:
    """A switch with its port table."""

    name: str
    source: str
    vendor: str
    model: str
    port_count: int
    ports_up: int
    ports: list[Port] = field(default_factory=list)


@dataclass
class SourceData:
    """Everything one instance contributes to the snapshot."""

    wan: list[Wan] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    outages: list[Outage] = field(default_factory=list)
    uptime: list[UptimeTarget] = field(default_factory=list)
    pdus: list[Pdu] = field(default_factory=list)
    switches: list[Switch] = field(default_factory=list)

    def to_dict(self):
        """Plain JSON-ready dict of every section.

        Returns:
            dict: Section name to list of dicts.
        """
        return asdict(self)


# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class Field:
    """One setting of an integration type, declared once.

    Validation, masking, the CLI, the settings form and the README table all
    read this declaration. ``kind`` is str, int, float, bool or list.
    """

    name: str
    kind: str = "str"
    required: bool = False
    default: object = None
    secret: bool = False
    help: str = ""
    choices: tuple = ()


MASK = "********"

# --------------------------------------------------------------------------- base + registry

REGISTRY: dict[str, type] = {}


class Integration:
    """Base of every system integration.

    Subclasses set ``type_name``, ``label``, ``ttl_class`` (critical, status or
    config), ``sections`` (page sections fed) and ``fields``, and implement
    ``fetch()``. Control methods are separate from ``fetch()``. ``memory`` is a
    JSON-safe dict kept between polls (previous counters for rates).
    """

    type_name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    ttl_class: ClassVar[str] = "critical"
    sections: ClassVar[tuple] = ()
    fields: ClassVar[tuple] = ()
    demo: ClassVar[bool] = False

    def __init__(self, name, settings):
        """Build an instance.

        Args:
            name: Instance name (``zyxel-1``).
            settings: Dict of settings, secrets included.
        """
        self.name = name
        self.settings = dict(settings)
        self.memory = {}

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
