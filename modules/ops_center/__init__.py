"""
Operations Command Center - Module Initialisation

Version: 1.4.0
Last Modified: 2026-12-01
Author: Billas
Description: The ``ops_center`` blueprint (mounted at /ops) and
    ``init_app(app)``, which registers routes, the CLI and the security
    headers, checks the Fernet key and starts the watcher host at start. The module needs from its
    host only Flask-SQLAlchemy, Flask-Login's ``current_user`` and
    Flask-WTF's CSRF protection; ``init_app`` checks for each and sets every
    ``OPS_CENTER_*`` default itself, so a host's config needs none of them.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Self-contained in any host: defaults, host checks, 0700 instance folder,
  ``create_tables`` for hosts without Alembic
- 1.2.0 (2026-12-01): ``init_app`` starts this process's watcher host (OPS_CENTER_WATCHER)
- 1.3.0 (2026-12-01): The incidents and inbox routes
- 1.4.0 (2026-12-01): The power-cycle routes
"""

import atexit
import os

from flask import Blueprint

bp = Blueprint("ops_center", __name__, url_prefix="/ops", template_folder="templates",
               static_folder="static", static_url_path="/static")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")

# Routes attach themselves to ``bp`` on import.
from .routes import actions, api, audit, cycles, dashboard, incidents, network, notify, settings  # noqa: E402,F401  (side effect)

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


class HostSetupError(RuntimeError):
    """The host lacks something the module needs; the message has one line per missing piece."""


def host_problems(app):
    """What the module needs from its host and does not find there.

    Args:
        app: The host's Flask app.

    Returns:
        list[str]: One line per missing piece (empty when all is there).
    """
    problems = []
    if "sqlalchemy" not in app.extensions:
        problems.append("ops_center needs Flask-SQLAlchemy: call db.init_app(app) before ops_center.init_app(app)")
    if getattr(app, "login_manager", None) is None:
        problems.append("ops_center needs Flask-Login: call LoginManager().init_app(app) before "
                        "ops_center.init_app(app)")
    if "csrf" not in app.extensions:
        problems.append("ops_center needs Flask-WTF's CSRF protection: call CSRFProtect(app) before "
                        "ops_center.init_app(app)")
    if not app.config.get("SECRET_KEY"):
        problems.append("ops_center needs the host's SECRET_KEY (sessions and CSRF tokens are signed with it)")
    return problems


def init_app(app):
    """Plug the module into a host app.

    Sets every ``OPS_CENTER_*`` default the host has not set, creates the
    instance folder (0700) before the key file, registers the blueprint, the
    error handlers and the CLI, and checks the Fernet key.

    Args:
        app: The host's Flask app (Flask-SQLAlchemy, Flask-Login and
            Flask-WTF already initialised).

    Returns:
        None

    Raises:
        HostSetupError: One line per piece the host lacks.
        SystemExit: With one line naming the problem when the Fernet key is
            missing, malformed or readable by other users.
    """
    from .cli import ops_cli
    from .defaults import apply_defaults
    from .integrations.catalog import set_plugin_paths
    from .integrations.kit import netpolicy
    from .models.credentials import SecretsError
    from .routes.common import register_error_handlers
    from .services.keyring import get_fernet
    from .state import OpsState

    apply_defaults(app)
    problems = host_problems(app)
    if problems:
        raise HostSetupError("\n".join(problems))
    state = app.extensions["ops_center"] = OpsState()
    atexit.register(state.close)
    # Flask never creates the instance folder; the key file lives there.
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    set_plugin_paths(app.config["OPS_CENTER_INTEGRATION_PATHS"])
    netpolicy.configure(app.config["OPS_CENTER_ALLOWED_NETWORKS"], app.config["OPS_CENTER_ALLOWED_HOSTS"],
                        app.config["OPS_CENTER_FILE_ROOTS"])
    app.register_blueprint(bp)
    # Writes check the token themselves, after login and role (routes/common.py).
    app.extensions["csrf"].exempt(bp)
    register_error_handlers(app)
    app.cli.add_command(ops_cli)
    try:
        get_fernet(app)
    except SecretsError as exc:
        raise SystemExit(f"ops_center: {exc}") from None
    from .services.polling import watch_host

    # One elected watcher per deployment: this process hosts a candidate unless OPS_CENTER_WATCHER is off
    # (tests, or a separate `flask ops-center watch`); CLI commands other than `flask run` host none.
    watch_host.start(app)


def create_tables(app):
    """Create the module's tables for a host that does not use Alembic.

    Hosts with Flask-Migrate copy the module's revisions instead (README
    "Plugging the module"). Existing tables are left as they are.

    Args:
        app: The host's Flask app (after ``init_app``).

    Returns:
        list[str]: The module's table names.
    """
    from .models import OpsBase  # importing the package registers every table

    with app.app_context():
        OpsBase.metadata.create_all(app.extensions["sqlalchemy"].engine)
    return sorted(OpsBase.metadata.tables)
