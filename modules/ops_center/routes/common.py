"""
Operations Command Center - Route Helpers

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The one JSON error shape ``{"error": {"status", "message"}}``,
    access decorators for API views (401/403 as JSON, never a redirect) and
    the error handlers that keep /ops/api answering JSON.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Roles fail closed: control only when the host grants it
"""

from functools import wraps

from flask import current_app, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import HTTPException
from wtforms.validators import ValidationError as CsrfInvalid

from ..services import audit
from ..services.aggregator import get_aggregator
from ..services.memo import get_memo

API_PREFIX = "/ops/api/"


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


def can_control(user=None):
    """Whether a user may act (switch outlets, acknowledge alerts).

    The host answers one question: the callable ``OPS_CENTER_CAN_CONTROL(user)``
    when configured, else the user's ``can_control`` attribute. With neither,
    the user is a viewer: the module fails closed.

    Args:
        user: A Flask-Login user; defaults to ``current_user``.

    Returns:
        bool: True when logged in and the host grants control.
    """
    user = user if user is not None else current_user
    if not user.is_authenticated:
        return False
    decide = current_app.config.get("OPS_CENTER_CAN_CONTROL")
    if decide is not None:
        return bool(decide(user))
    answer = getattr(user, "can_control", False)
    return bool(answer() if callable(answer) else answer)


def _refusal():
    """Why the current request may not act: (status, message), or None.

    Order: login (401), role (403), then the CSRF token (400) — the module's
    blueprint is exempt from the host's global CSRF check so that an
    anonymous caller learns "login required" first.
    """
    if not current_user.is_authenticated:
        return 401, "login required"
    if not can_control():
        return 403, "your account is read-only (viewer)"
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        try:
            validate_csrf(request.headers.get("X-CSRFToken") or request.form.get("csrf_token"))
        except CsrfInvalid as exc:
            return 400, f"CSRF check failed: {exc}"
    return None


def operator_required(view):
    """Require a logged-in operator and a valid CSRF token (401 / 403 / 400 JSON).

    Args:
        view: The view function.

    Returns:
        callable: The wrapped view.
    """
    @wraps(view)
    def _wrapper(*args, **kwargs):
        refusal = _refusal()
        if refusal:
            return json_error(*refusal)
        return view(*args, **kwargs)
    return _wrapper


def control_required(action):
    """Like ``operator_required``, and every refusal leaves an audit row.

    Args:
        action: The audit action name (``outlet``, ``alert.ack`` ...).

    Returns:
        callable: A decorator.
    """
    def _decorator(view):
        @wraps(view)
        def _wrapper(*args, **kwargs):
            refusal = _refusal()
            if refusal:
                body = request.get_json(silent=True)
                detail = body.get("state") or body.get("id") if isinstance(body, dict) else None
                target = "/".join(str(v) for v in kwargs.values()) or str(detail or request.path)
                audit.record(action, target[:255], "refused", requested=str(detail)[:50] if detail else None,
                             error=f"{refusal[0]}: {refusal[1]}")
                return json_error(*refusal)
            return view(*args, **kwargs)
        return _wrapper
    return _decorator


def current_snapshot():
    """The current snapshot and its JSON text; ``?refresh=1`` forces a refetch for operators.

    Every read route goes through here, so polls within ``OPS_CENTER_SNAPSHOT_MEMO``
    seconds of each other share one merge.

    Returns:
        tuple: (snapshot dict, JSON text).
    """
    app = current_app._get_current_object()
    memo = get_memo(app)
    force = request.args.get("refresh") == "1" and can_control()
    hit = None if force else memo.get(float(app.config.get("OPS_CENTER_SNAPSHOT_MEMO", 1.0)))
    if hit is not None:
        return hit
    snap = get_aggregator(app).snapshot(force=force)
    return snap, memo.put(snap)


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
