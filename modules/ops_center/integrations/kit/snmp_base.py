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

from ..base import Integration
from .snmp import session_for


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

    def snmp(self):
        """The instance's SNMP session.

        Returns:
            SnmpSession: Built on first use.
        """
        if self._snmp is None:
            self._snmp = session_for(self)
        return self._snmp
