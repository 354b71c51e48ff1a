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

# The snapshot dataclasses live in snapshot.py and are part of this module's interface.
from .snapshot import Alert, Outage, Outlet, Pdu, Port, SourceData, Switch, UptimeTarget, Wan  # noqa: F401

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
