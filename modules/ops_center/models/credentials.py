"""
Operations Command Center - Credential Store Model

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The owner's ``ops_credentials`` table: one row per configured
    system instance; ``encrypted_data`` is the Fernet token of the instance's
    settings as JSON. Plain settings exist only in memory.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import json

from cryptography.fernet import InvalidToken
from sqlalchemy import Boolean, Index, Integer, String, Text, true
from sqlalchemy.orm import Mapped, mapped_column

from .base import OpsBase, UtcDateTime, utcnow


class SecretsError(Exception):
    """The key is missing, malformed, exposed or does not match the data."""


class OpsCredential(OpsBase):
    """A configured system instance with its encrypted settings."""

    __tablename__ = "ops_credentials"

    __table_args__ = (Index("ux_ops_credentials_name", "credential_name", unique=True),)

    # Nullable exactly as the owner's schema declares them; the store always fills them.
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    integration_name: Mapped[str | None] = mapped_column(String(50))
    credential_name: Mapped[str | None] = mapped_column(String(100))
    encrypted_data: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool | None] = mapped_column(Boolean, default=True, server_default=true())
    last_used = mapped_column(UtcDateTime)
    created_at = mapped_column(UtcDateTime, default=utcnow)

    def decrypt(self, fernet):
        """Decrypt this row's settings.

        Args:
            fernet: A ``MultiFernet`` holding the current keys.

        Returns:
            dict: The instance settings, secrets included (keep in memory only).

        Raises:
            SecretsError: When no key in use can decrypt the row.
        """
        try:
            return json.loads(fernet.decrypt(self.encrypted_data.encode("ascii")))
        except (InvalidToken, ValueError) as exc:
            raise SecretsError(
                f"cannot decrypt system '{self.credential_name}': the Fernet key in use is not "
                "the one it was saved with (set OPS_CENTER_FERNET_KEY to that key, newest first)"
            ) from exc

    def encrypt(self, fernet, settings):
        """Encrypt and store settings on this row.

        Args:
            fernet: A ``MultiFernet``; the newest key encrypts.
            settings: The instance settings dict.

        Returns:
            None
        """
        self.encrypted_data = fernet.encrypt(json.dumps(settings, sort_keys=True).encode()).decode("ascii")
