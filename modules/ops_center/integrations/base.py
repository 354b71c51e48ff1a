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

from typing import ClassVar
from urllib.parse import quote, quote_plus

# Field declarations and the action vocabulary are part of this module's interface (re-exported).
from .actions import ALERT_ACK, ALERT_UNACK, OUTLET_SET, STATE_CHOICES, Action  # noqa: E402,F401
from .fields import MASK, Field  # noqa: E402,F401

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
    wan_fields: ClassVar[dict] = {}  # [[wan]] role key -> the map field it fills (``{"gateway": "wan_gateways"}``)

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

    @classmethod
    def check_settings(cls, settings):
        """Requirements between fields (``snmp_version = v3`` needs its keys ...), checked at save and import.

        Args:
            settings: The validated settings (defaults not filled in).

        Returns:
            None

        Raises:
            FieldError: Naming the field that is missing or at odds with another.
        """

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
            # Error texts quote values escaped (repr, \\r\\n) or URL-encoded: hide every form.
            forms = {value, repr(value)[1:-1], value.encode("unicode_escape").decode("ascii", "replace"),
                     quote(value, safe=""), quote_plus(value)}
            for form in sorted(forms, key=len, reverse=True):
                if len(form) >= 3:
                    text = text.replace(form, MASK)
    return text
