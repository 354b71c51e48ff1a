"""
Operations Command Center - Host Views

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Home page, login and logout of the stand-in Life Planner host.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from extensions import db
from host.models import User

bp = Blueprint("host", __name__)


@bp.route("/")
@login_required
def home():
    """Render the host's home page with its module links.

    Returns:
        str: HTML.
    """
    return render_template("host/home.html")


def _safe_next(target):
    """Accept only same-site relative redirect targets.

    Args:
        target: The ``next`` parameter.

    Returns:
        str | None: The target when it is a local path.
    """
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and log a user in.

    Returns:
        Response: The form, or a redirect after a successful login.
    """
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
        if user is not None and user.check_password(request.form.get("password", "")):
            login_user(user, remember=False)
            return redirect(_safe_next(request.args.get("next")) or url_for("host.home"))
        flash("Invalid username or password.", "error")
    return render_template("host/login.html")


@bp.route("/logout", methods=["POST"])
def logout():
    """Log the current user out.

    Returns:
        Response: Redirect to the login page.
    """
    logout_user()
    return redirect(url_for("host.login"))
