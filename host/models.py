"""
Operations Command Center - Host User Model

Version: 1.2.0
Last Modified: 2026-12-01
Author: Billas
Description: The stand-in host's user table and its login back-off counters.
    Passwords are stored as salted hashes; ``role`` is "operator" (may act)
    or "viewer" (read only). ``session_version`` is part of every session's
    user id, so bumping it (logout, password or role change) ends every
    session of that user, including cookies copied earlier.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): session_version (revocable sessions), LoginThrottle counters
- 1.2.0 (2026-12-01): The password hash method is configurable (PASSWORD_HASH_METHOD; cheap in tests)
"""

from datetime import UTC, datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import event
from sqlalchemy.orm.base import NEVER_SET, NO_VALUE
from werkzeug.security import check_password_hash, generate_password_hash

from extensions import db

ROLES = ("operator", "viewer")


def hash_method():
    """The password hash method: werkzeug's default (scrypt) unless ``PASSWORD_HASH_METHOD`` says otherwise.

    The test configuration picks a cheap method so hundreds of logins stay fast; production keeps scrypt.

    Returns:
        str: A werkzeug method string.
    """
    return (current_app.config.get("PASSWORD_HASH_METHOD") if has_app_context() else None) or "scrypt"


class User(UserMixin, db.Model):
    """A person who may log in to the host app."""

    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(20), nullable=False, default="operator")
    created_at = db.Column(db.DateTime, default=lambda: datetime.now(UTC))
    session_version = db.Column(db.Integer, nullable=False, default=0, server_default="0")

    def set_password(self, password):
        """Hash and store a password.

        Changing the password of an existing user ends its sessions (see the
        attribute listener below).

        Args:
            password: The clear-text password (never stored).

        Returns:
            None
        """
        self.password_hash = generate_password_hash(password, method=hash_method())

    def check_password(self, password):
        """Check a password against the stored hash.

        Args:
            password: The clear-text password to test.

        Returns:
            bool: True when it matches.
        """
        return check_password_hash(self.password_hash, password)

    def revoke_sessions(self):
        """End every session of this user (the caller commits).

        Returns:
            None
        """
        self.session_version = (self.session_version or 0) + 1

    def get_id(self):
        """The id Flask-Login stores in the session: "<id>:<session_version>".

        Returns:
            str: The session id of this user.
        """
        return f"{self.id}:{self.session_version or 0}"

    @property
    def can_control(self):
        """Whether this user may switch outlets and acknowledge alerts.

        Returns:
            bool: True for operators.
        """
        return self.role == "operator"


def _revoke_on_change(target, value, oldvalue, _initiator):
    """End a user's sessions when its password hash or role really changes.

    A listener rather than calls in each command, so any code path that
    changes a password or a role (CLI today, an admin page tomorrow) revokes.
    A new user (old value never set) keeps version 0.
    """
    if oldvalue in (NO_VALUE, NEVER_SET, None) or value == oldvalue:
        return
    target.revoke_sessions()


# active_history loads the stored value first, so a change on a freshly
# loaded (expired) row still sees its old value and is detected.
event.listen(User.password_hash, "set", _revoke_on_change, active_history=True)
event.listen(User.role, "set", _revoke_on_change, active_history=True)


class LoginThrottle(db.Model):
    """Failed-login counter of one account or one client address.

    Attributes:
        key: "user:<sha256 of the lower-cased name>" or "addr:<address>".
        failures: Failures inside the current window.
        window_start: When the current window began (naive UTC).
        locked_until: Attempts are refused until then (naive UTC), or None.
        lockouts: Locks so far; each doubles the next lock's length.
        last_failure_at: Last failure (naive UTC); a quiet day resets lockouts.
    """

    __tablename__ = "host_login_throttle"

    key = db.Column(db.String(128), primary_key=True)
    failures = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    window_start = db.Column(db.DateTime, nullable=False)
    locked_until = db.Column(db.DateTime)
    lockouts = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    last_failure_at = db.Column(db.DateTime, nullable=False)
