"""
Operations Command Center - Integration Errors

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The one error hierarchy of the integrations. Every failure an
    integration raises is one of these; ``kind`` names the class in the
    snapshot (``error_kind``) and on the page.

CHANGELOG:
- 1.0.0 (2026-12-01): Split out of base.py
"""

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
