"""
Operations Command Center - Host Views

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Home page, login and logout of the stand-in Life Planner host.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Login back-off (429), logout ends every session of the user, "log out
    everywhere", permanent sessions with the configured lifetime, the form keeps the user name
"""

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from extensions import db
from host import login_guard
from host.models import User

bp = Blueprint("host", __name__)

# Longer names are never valid; cutting them keeps hashing and lookups cheap.
MAX_NAME = 200


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


def _too_many(username, seconds):
    """The login form with the lock message, as HTTP 429.

    Args:
        username: The submitted name (kept in the form).
        seconds: Seconds until the lock ends.

    Returns:
        tuple: Body, 429 and a Retry-After header.
    """
    flash(f"Too many attempts, try again in {seconds} s.", "error")
    return render_template("host/login.html", username=username), 429, {"Retry-After": str(seconds)}


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form and log a user in.

    Returns:
        Response: The form (429 while the account or address is locked), or
            a redirect after a successful login.
    """
    username = ""
    if request.method == "POST":
        username = request.form.get("username", "").strip()[:MAX_NAME]
        keys = login_guard.keys_for(username, request.remote_addr)
        wait = login_guard.retry_after(keys)
        if wait:
            return _too_many(username, wait)
        user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
        if login_guard.verify_password(user, request.form.get("password", "")):
            login_guard.forget_failures(keys)
            # Permanent: the cookie and its signature expire after
            # PERMANENT_SESSION_LIFETIME without a request (not Flask's 31 days).
            session.permanent = True
            login_user(user, remember=False)
            return redirect(_safe_next(request.args.get("next")) or url_for("host.home"))
        wait = login_guard.record_failure(keys)
        if wait:
            return _too_many(username, wait)
        flash("Invalid username or password.", "error")
    return render_template("host/login.html", username=username)


def _end_sessions():
    """Bump the current user's session version, then log this request out.

    Returns:
        None
    """
    if current_user.is_authenticated:
        current_user.revoke_sessions()
        db.session.commit()
    logout_user()


@bp.route("/logout", methods=["POST"])
def logout():
    """Log the current user out; a copy of the cookie stops working too.

    The version is per user, so this ends the user's sessions on every
    device (the only way a copied client-side cookie can be revoked).

    Returns:
        Response: Redirect to the login page.
    """
    _end_sessions()
    return redirect(url_for("host.login"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required
def logout_everywhere():
    """End every session of the current user, on every device and browser.

    Returns:
        Response: Redirect to the login page with a confirmation.
    """
    name = current_user.username
    _end_sessions()
    flash(f"Every session of {name} has ended, on every device.", "info")
    return redirect(url_for("host.login"))
