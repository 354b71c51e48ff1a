"""
Operations Command Center - Minimal Foreign Host

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: A small Flask app shaped unlike this repository's stand-in: its own
    ``Member`` model (e-mail login, no role attribute), its own config with no
    ``OPS_CENTER_*`` key, CSRFProtect, Flask-Login and no instance folder yet.
    ``tests/test_plug_host.py`` copies it beside a copy of ``modules/ops_center``
    and plugs the module in exactly as the README's "Plugging the module" says.
    ``LP_TABLES`` chooses how tables are made: ``create_all`` (no Alembic) or
    ``alembic`` (Flask-Migrate with the host's own history). ``LP_ADMINS`` (comma-
    separated e-mails) is this host's own idea of who may act.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import os
import sys

from flask import Flask, redirect, render_template_string, request
from flask_login import LoginManager, UserMixin, login_user
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from werkzeug.security import check_password_hash, generate_password_hash

db = SQLAlchemy()
login_manager = LoginManager()
csrf = CSRFProtect()
migrate = Migrate()

SIGNIN = """<!doctype html><title>Sign in</title>
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
<input name="email"><input name="secret" type="password"><button type="submit">Sign in</button></form>"""


class Member(UserMixin, db.Model):
    """The host's own user: e-mail and password, no role of any kind."""

    __tablename__ = "members"
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120), unique=True, nullable=False)
    pw_hash = db.Column(db.String(255), nullable=False)


def create_app():
    """The host's factory, with the module plugged in as the README says.

    Returns:
        Flask: The app.
    """
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "minimal-host-secret"
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(os.path.dirname(__file__), "lp.db")
    db.init_app(app)
    migrate.init_app(app, db)
    login_manager.init_app(app)
    login_manager.login_view = "signin"
    csrf.init_app(app)

    @login_manager.user_loader
    def _load(member_id):
        return db.session.get(Member, int(member_id))

    @app.route("/signin", methods=["GET", "POST"])
    def signin():
        if request.method == "POST":
            member = db.session.execute(db.select(Member).filter_by(email=request.form["email"])).scalar_one_or_none()
            if member and check_password_hash(member.pw_hash, request.form["secret"]):
                login_user(member)
                return redirect(request.args.get("next") or "/ops/")
        return render_template_string(SIGNIN)

    admins = {e for e in os.environ.get("LP_ADMINS", "").split(",") if e}
    if admins:
        # README step 5: the host answers the module's one question about roles.
        app.config["OPS_CENTER_CAN_CONTROL"] = lambda user: user.email in admins

    # README step 3: register the module after SQLAlchemy, Flask-Login and CSRFProtect.
    from modules import ops_center

    ops_center.init_app(app)

    if os.environ.get("LP_TABLES") == "create_all":
        with app.app_context():
            db.create_all()
        # README step 4b: a host without Alembic creates the module's tables.
        ops_center.create_tables(app)
    return app


def add_member(app, email, password):
    """Create a member (test set-up).

    Args:
        app: The app.
        email: Login e-mail.
        password: Clear-text password.

    Returns:
        None
    """
    with app.app_context():
        if db.session.execute(db.select(Member).filter_by(email=email)).first():
            return
        db.session.add(Member(email=email, pw_hash=generate_password_hash(password)))
        db.session.commit()


if __name__ == "__main__":
    from waitress import serve

    application = create_app()
    if len(sys.argv) > 2:
        add_member(application, sys.argv[2], sys.argv[3])
    serve(application, host="127.0.0.1", port=int(sys.argv[1]), threads=4, _quiet=True)
