"""
Operations Command Center - Route Helpers

Version: 2.1.0
Last Modified: 2026-12-02
Author: Billas
Description: The one JSON error shape ``{"error": {"status", "message"}}`` and
    its one mapping from the service errors (``@bp.errorhandler``), the access
    checks for API views (401/403/400 as JSON, never a redirect) in the order
    login → role → CSRF, and a body reader that refuses what it cannot parse.
    Routes catch nothing: services raise, this module answers.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Roles fail closed: control only when the host grants it
- 2.0.0 (2026-12-01): One error handler for service errors; refusals before login are counted, not audited;
  the snapshot memo moved to services/polling/service.py
- 2.1.0 (2026-12-02): After every request of the blueprint, the asset caching rules and gzip (routes/http_cache.py)
"""

import logging
from functools import wraps

from flask import current_app, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import HTTPException
from wtforms.validators import ValidationError as CsrfInvalid

from .. import bp
from ..services import audit
from ..services.access import can_control, may
from ..services.errors import Forbidden, Invalid, LoginRequired, OpsError, TooLarge, expected_errors, to_body
from ..services.polling import service
from . import http_cache

API_PREFIX = "/ops/api/"
log = logging.getLogger(__name__)


def json_error(status, message, **extra):
    """Build a JSON error response.

    Args:
        status: HTTP status code.
        message: A clear, human-readable message.
        **extra: More keys inside the error object.

    Returns:
        tuple: (response, status).
    """
    body = {"status": status, "message": message}
    body.update(extra)
    return jsonify({"error": body}), status


@bp.errorhandler(OpsError)
def _service_error(exc):
    """The one mapping of service errors to the JSON error shape (plus any result fields)."""
    return jsonify(to_body(exc)), exc.status


@bp.after_request
def _http_caching(response):
    """Versioned asset caching and gzip, done by the module itself (a host may have no middleware for it)."""
    return http_cache.finish(response)


def _secrets_error(exc):
    """An unusable Fernet key or stored row: the operator must fix the key (500, kind secrets)."""
    return jsonify(to_body(exc)), 500


bp.register_error_handler(expected_errors()[1], _secrets_error)


def count_anonymous_refusal():
    """Count a write refused before login (no audit row: its text would be the caller's to choose).

    Returns:
        int: The count in this process.
    """
    state = current_app.extensions["ops_center"]
    state.anonymous_refusals += 1
    if state.anonymous_refusals in (1, 10, 100) or state.anonymous_refusals % 1000 == 0:
        log.warning("%d write(s) refused before login in this process", state.anonymous_refusals)
    return state.anonymous_refusals


def api_login_required(view):
    """Require a logged-in user; answer 401 JSON otherwise.

    Args:
        view: The view function.

    Returns:
        callable: The wrapped view.
    """
    @wraps(view)
    def _wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return json_error(401, "login required")
        return view(*args, **kwargs)
    return _wrapper


def check_request(role="operator", audit_as=None, target=None):
    """Login → role → CSRF, in that order; raises the first refusal.

    Refusals after login leave an audit row when ``audit_as`` is given;
    refusals before login are only counted.

    Args:
        role: The role the request needs (``operator`` or ``viewer``).
        audit_as: Audit action text for refusals, or None.
        target: Audit target text (or a callable giving it, read only when a refusal is audited).

    Returns:
        None

    Raises:
        LoginRequired, Forbidden, Invalid: The first check that fails.
    """
    if not current_user.is_authenticated:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            count_anonymous_refusal()
        raise LoginRequired("login required")
    try:
        if not may(role):
            raise Forbidden("your account is read-only (viewer)")
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            try:
                validate_csrf(request.headers.get("X-CSRFToken") or request.form.get("csrf_token"))
            except CsrfInvalid as exc:
                raise Invalid(f"CSRF check failed: {exc}") from None
    except OpsError as exc:
        if audit_as:
            target = target() if callable(target) else target
            audit.record(audit_as, str(target or request.path)[:255], "refused", error=f"{exc.status}: {exc}")
        raise


def operator_required(view):
    """Require a logged-in operator and a valid CSRF token (401 / 403 / 400 JSON).

    Args:
        view: The view function.

    Returns:
        callable: The wrapped view.
    """
    @wraps(view)
    def _wrapper(*args, **kwargs):
        check_request("operator")
        return view(*args, **kwargs)
    return _wrapper


def json_body(limit=None):
    """The request's JSON object.

    Args:
        limit: Largest body in bytes (actions take a few small fields), or None for the module's limit.

    Returns:
        dict: The body.

    Raises:
        TooLarge: A body over ``limit``.
        Invalid: When the body is not a JSON object (or is nested too deeply to parse).
    """
    if limit is not None and (request.content_length or 0) > limit:
        raise TooLarge(f"request body too large (limit {limit} bytes)")
    try:
        data = request.get_json(silent=True)
    except RecursionError:
        raise Invalid("JSON body is nested too deeply") from None
    if not isinstance(data, dict):
        raise Invalid("expected a JSON object body")
    return data


def current_snapshot():
    """The current snapshot and its JSON text; ``?refresh=1`` forces a refetch for operators.

    Returns:
        tuple: (snapshot dict, JSON text).
    """
    return service.current_snapshot(force=request.args.get("refresh") == "1" and can_control())


def register_error_handlers(app):
    """Make errors under /ops/api/ JSON; leave the host's other pages alone.

    Args:
        app: The Flask app.

    Returns:
        None
    """
    def _handle_http(exc):
        if not request.path.startswith(API_PREFIX):
            return exc
        return json_error(exc.code or 500, exc.description or exc.name)

    def _handle_csrf(exc):
        if not request.path.startswith(API_PREFIX):
            return exc
        return json_error(400, f"CSRF check failed: {exc.description}")

    app.register_error_handler(CSRFError, _handle_csrf)
    for code in (400, 404, 405, 413, 415):
        app.register_error_handler(code, _handle_http)

    @app.errorhandler(500)
    def _handle_500(exc):
        if request.path.startswith(API_PREFIX):
            return json_error(500, "internal error")
        return exc if isinstance(exc, HTTPException) else ("Internal Server Error", 500)
