"""
Operations Command Center - Host User Model

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The stand-in host's user table. Passwords are stored as salted
    hashes; ``role`` is "operator" (may act) or "viewer" (read only).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC, datetime

from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from extensions import db

ROLES = ("operator", "viewer")


class User(UserMixin, db.Model):
    """A person who may log in to the host app."""

    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(80), unique=True, nullable=False)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(20), nullable=False, default="operator")
    created_at = db.Column(db.DateTime, default=lambda: datetime.now(UTC))

    def set_password(self, password):
        """Hash and store a password.

        Args:
            password: The clear-text password (never stored).

        Returns:
            None
        """
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        """Check a password against the stored hash.

        Args:
            password: The clear-text password to test.

        Returns:
            bool: True when it matches.
        """
        return check_password_hash(self.password_hash, password)

    @property
    def can_control(self):
        """Whether this user may switch outlets and acknowledge alerts.

        Returns:
            bool: True for operators.
        """
        return self.role == "operator"
