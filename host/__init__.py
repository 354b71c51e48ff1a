"""
Operations Command Center - Host Stand-in Package

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The minimal Life Planner stand-in: users, login, a home page
    and the user CLI. The ops module only relies on flask_login.current_user,
    so in the real host the host's own login takes this package's place.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Sessions carry the user's session version; a stale one is refused
"""


def load_session_user(session_id):
    """Flask-Login's user loader: the user of an "<id>:<version>" session id.

    A session whose version is not the user's current one (after a logout,
    a password or a role change) and an id without a version (a cookie from
    before versions existed) load no user, so the request is anonymous.

    Args:
        session_id: The id stored in the session by ``User.get_id()``.

    Returns:
        User | None: The user, or None when the session is no longer valid.
    """
    from extensions import db
    from host.models import User

    user_id, _, version = str(session_id).partition(":")
    if not user_id.isdigit() or not version.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or (user.session_version or 0) != int(version):
        return None
    return user


def init_host(app):
    """Register the stand-in host's login, views and CLI.

    Args:
        app: The Flask app.

    Returns:
        None
    """
    from extensions import login_manager
    from host import cli, views

    login_manager.login_view = "host.login"
    login_manager.login_message_category = "warning"
    login_manager.user_loader(load_session_user)

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.user_cli)
