"""
Operations Command Center - SNMP Integration Base

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Base of the SNMP integrations (APC PDU, Zyxel): one SNMP session
    per instance, built on first use from the SNMP fields and kept between
    polls, and the round-trip count of the last call (for the benchmark).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from ..base import Field, Integration
from .snmp import AUTH_PROTOCOLS, PRIV_PROTOCOLS, session_for
from .values import FieldError

# The settings every SNMP integration declares besides its own.
SNMP_FIELDS = (
    Field("port", "int", default=161, min=1, max=65535, help="SNMP UDP port of the device."),
    Field("snmp_version", "str", default="v3", choices=("v3", "v2c"),
          help="v3 (authPriv, recommended) or v2c (community in clear text; only when set explicitly)."),
    Field("snmp_user", "str", help="SNMPv3 user name (USM)."),
    Field("snmp_auth_protocol", "str", default="SHA", choices=tuple(AUTH_PROTOCOLS),
          help="SNMPv3 authentication: SHA (SHA-1), SHA-224 ... SHA-512; MD5 only if the device has nothing better."),
    Field("snmp_auth_key", "str", secret=True, help="SNMPv3 authentication passphrase (at least 8 characters)."),
    Field("snmp_priv_protocol", "str", default="AES-128", choices=tuple(PRIV_PROTOCOLS),
          help="SNMPv3 privacy protocol: AES-128, AES-192/AES-256 (Blumenthal, Net-SNMP), AES-192-C/AES-256-C "
               "(Reeder, Cisco-style); DES only if the device has nothing better."),
    Field("snmp_priv_key", "str", secret=True, help="SNMPv3 privacy passphrase (at least 8 characters)."),
    Field("snmp_community", "str", secret=True, help="SNMP v2c community (only used when snmp_version = v2c)."),
    Field("retries", "int", default=1, min=0, max=10,
          help="SNMP retransmissions after a request timed out (0 = one try)."),
)


class SnmpIntegration(Integration):
    """An integration that talks SNMP through ``snmp.SnmpSession``.

    Attributes:
        last_round_trips: SNMP messages sent by the last fetch or control call.
    """

    def __init__(self, name, settings):
        """Build the instance.

        Args:
            name: Instance name.
            settings: Settings dict (secrets included).
        """
        super().__init__(name, settings)
        self._snmp = None
        self.last_round_trips = 0

    @classmethod
    def check_settings(cls, settings):
        """SNMPv3 needs a user and both passphrases (8+ characters); v2c needs a community.

        Args:
            settings: The validated settings.

        Returns:
            None

        Raises:
            FieldError: Naming the missing or short field.
        """
        super().check_settings(settings)
        if settings.get("snmp_version", "v3") == "v2c":
            if not settings.get("snmp_community"):
                raise FieldError("snmp_community", "is required when snmp_version = v2c")
            return
        for name in ("snmp_user", "snmp_auth_key", "snmp_priv_key"):
            if not settings.get(name):
                raise FieldError(name, "is required for SNMPv3 (authPriv)")
        for name in ("snmp_auth_key", "snmp_priv_key"):
            if len(str(settings[name])) < 8:
                raise FieldError(name, "must be at least 8 characters (SNMPv3 rule)")

    def snmp(self):
        """The instance's SNMP session.

        Returns:
            SnmpSession: Built on first use.
        """
        if self._snmp is None:
            self._snmp = session_for(self)
        return self._snmp
