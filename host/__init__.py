"""
Operations Command Center - Host Stand-in Package

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The minimal Life Planner stand-in: users, login, a home page
    and the user CLI. The ops module only relies on flask_login.current_user,
    so in the real host the host's own login takes this package's place.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""


def init_host(app):
    """Register the stand-in host's login, views and CLI.

    Args:
        app: The Flask app.

    Returns:
        None
    """
    from extensions import login_manager
    from host import cli, views
    from host.models import User

    login_manager.login_view = "host.login"
    login_manager.login_message_category = "warning"

    @login_manager.user_loader
    def _load_user(user_id):
        from extensions import db

        return db.session.get(User, int(user_id))

    app.register_blueprint(views.bp)
    app.cli.add_command(cli.user_cli)
