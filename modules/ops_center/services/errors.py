"""
Operations Command Center - Service Errors

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The one error model of the services. A service raises one of these;
    the blueprint maps them to ``{"error": {"status", "message", ...}}`` in one
    error handler and the CLI to one line in one wrapper, so no route and no
    command catches anything. An error may carry result fields (a failed outlet
    action's before/after/result) that the API puts beside the error object.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (replaces control.Refused and per-route catches)
"""


class OpsError(Exception):
    """Base of every service error.

    Args:
        message: A clear, human-readable reason (never a secret).
        result: Optional dict of result fields shown beside the error.
        **detail: Extra keys inside the error object (``field``, ``kind`` ...).
    """

    status = 500

    def __init__(self, message, result=None, **detail):
        super().__init__(message)
        self.result = dict(result or {})
        self.detail = {k: v for k, v in detail.items() if v is not None}


class Invalid(OpsError):
    """The request or the input is malformed (400)."""

    status = 400

    def __init__(self, message, field=None, **kwargs):
        super().__init__(message, field=field, **kwargs)
        self.field = field


class LoginRequired(OpsError):
    """Nobody is logged in (401)."""

    status = 401


class Forbidden(OpsError):
    """The user may not do this (403)."""

    status = 403


class NotFound(OpsError):
    """The named thing does not exist (404)."""

    status = 404


class Conflict(OpsError):
    """The target is busy or in a state that forbids this now (409)."""

    status = 409


class TooLarge(OpsError):
    """The request body is larger than the endpoint takes (413)."""

    status = 413


class UpstreamFailed(OpsError):
    """The device or service failed or did not confirm (502)."""

    status = 502


class Busy(OpsError):
    """The database or another shared resource is busy; nothing was changed (503)."""

    status = 503


class Internal(OpsError):
    """A server-side problem the operator must fix (500), e.g. an unusable key."""

    status = 500


def expected_errors():
    """Every error the module expects and answers with one line (CLI) or JSON (API).

    Returns:
        tuple: Exception classes: service errors, key/row errors, integration errors.
    """
    from ..integrations.base import IntegrationError
    from ..models.credentials import SecretsError

    return OpsError, SecretsError, IntegrationError


def to_body(exc):
    """The JSON body of a service error.

    Args:
        exc: An ``OpsError`` (or a key/row ``SecretsError``, answered as a 500).

    Returns:
        dict: ``{"error": {"status", "message", ...detail}, ...result}``.
    """
    if not isinstance(exc, OpsError):  # an unusable key or stored row: the operator must fix the key
        return {"error": {"status": 500, "message": str(exc), "kind": "secrets"}}
    body = dict(exc.result)
    body["error"] = {"status": exc.status, "message": str(exc), **exc.detail}
    return body
