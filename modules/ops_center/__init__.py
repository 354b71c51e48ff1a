"""
Operations Command Center - Module Initialisation

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The ``ops_center`` blueprint (mounted at /ops) and
    ``init_app(app)``, which registers routes, the CLI and the security
    headers, and checks the Fernet key at start. The module needs from its
    host only Flask-SQLAlchemy, Flask-Login's ``current_user`` and
    Flask-WTF's CSRF protection.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from flask import Blueprint

bp = Blueprint("ops_center", __name__, url_prefix="/ops", template_folder="templates",
               static_folder="static", static_url_path="/static")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")

# Routes attach themselves to ``bp`` on import.
from .routes import alerts, api, audit, dashboard, network, power, settings  # noqa: E402,F401  (side effect)

MAX_BODY = 64 * 1024


@bp.before_request
def _limit_body():
    """Refuse oversized request bodies before any view reads them.

    Returns:
        Response | None: A 413 JSON error, or None to continue.
    """
    from flask import request

    from .routes.common import json_error

    if (request.content_length or 0) > MAX_BODY:
        return json_error(413, f"request body too large (limit {MAX_BODY // 1024} KiB)")
    return None


@bp.after_request
def _security_headers(response):
    """Add CSP and related headers to every module response.

    Args:
        response: The outgoing response.

    Returns:
        Response: The same response with headers set.
    """
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "application/json":
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app):
    """Plug the module into a host app.

    Args:
        app: The host's Flask app (Flask-SQLAlchemy, Flask-Login and
            Flask-WTF already initialised).

    Returns:
        None

    Raises:
        SystemExit: With one line naming the problem when the Fernet key is
            missing, malformed or readable by other users.
    """
    from .cli import ops_cli
    from .models.credentials import SecretsError
    from .routes.common import register_error_handlers
    from .services.keyring import get_fernet

    app.register_blueprint(bp)
    if "csrf" in app.extensions:
        # Writes check the token themselves, after login and role (routes/common.py).
        app.extensions["csrf"].exempt(bp)
    register_error_handlers(app)
    app.cli.add_command(ops_cli)
    try:
        get_fernet(app)
    except SecretsError as exc:
        raise SystemExit(f"ops_center: {exc}") from None
