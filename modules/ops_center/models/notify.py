"""
Operations Command Center - Notification Models

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The notification tables (issue 15): ``ops_notify_targets``
    (one Apprise URL per row, Fernet-encrypted, with its filters and health),
    ``ops_notify_outbox`` (the durable queue the watcher sends from: one row
    per incident, kind, sequence and target, claimed before it is sent) and
    ``ops_notify_incidents`` (what was last told about each incident, so a
    new process neither repeats nor forgets a message).

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import json

from cryptography.fernet import InvalidToken
from sqlalchemy import Boolean, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import OpsBase, UtcDateTime
from .credentials import SecretsError


class OpsNotifyTarget(OpsBase):
    """A notification target: its Apprise URL lives only in ``encrypted_data`` (Fernet JSON)."""

    __tablename__ = "ops_notify_targets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True, nullable=False)
    encrypted_data: Mapped[str] = mapped_column(Text, nullable=False)
    min_severity: Mapped[str] = mapped_column(String(20), nullable=False)
    sources: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    entities: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    quiet_hours: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    failures: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(String(300))
    last_sent_at = mapped_column(UtcDateTime)
    created_at = mapped_column(UtcDateTime, nullable=False)

    def decrypt(self, fernet):
        """Decrypt this target's secret settings (``{"url": ...}``).

        Args:
            fernet: A ``MultiFernet`` holding the current keys.

        Returns:
            dict: The settings, URL included (keep in memory only).

        Raises:
            SecretsError: When no key in use can decrypt the row.
        """
        try:
            return json.loads(fernet.decrypt(self.encrypted_data.encode("ascii")))
        except (InvalidToken, ValueError) as exc:
            raise SecretsError(f"cannot decrypt notification target '{self.name}': the Fernet key in use is "
                               "not the one it was saved with") from exc

    def encrypt(self, fernet, settings):
        """Encrypt and store the secret settings on this row.

        Args:
            fernet: A ``MultiFernet``; the newest key encrypts.
            settings: ``{"url": ...}``.

        Returns:
            None
        """
        self.encrypted_data = fernet.encrypt(json.dumps(settings, sort_keys=True).encode()).decode("ascii")


class OpsNotifyOutbox(OpsBase):
    """One message for one target; ``state`` queued -> sending (claimed) -> sent, or dead after a day."""

    __tablename__ = "ops_notify_outbox"
    __table_args__ = (UniqueConstraint("incident_id", "kind", "seq", "target_id", name="ux_ops_notify_outbox_msg"),
                      Index("ix_ops_notify_outbox_state_next", "state", "next_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False)
    target_id: Mapped[int] = mapped_column(Integer, nullable=False)
    state: Mapped[str] = mapped_column(String(10), nullable=False)
    severity: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(120), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_at = mapped_column(UtcDateTime, nullable=False)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claimed_until = mapped_column(UtcDateTime)
    created_at = mapped_column(UtcDateTime, nullable=False)
    sent_at = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))


class OpsNotifyIncident(OpsBase):
    """What the notifier last did about one incident (``status``: seen, notified, suppressed, done)."""

    __tablename__ = "ops_notify_incidents"

    incident_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(12), nullable=False)
    seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    severity: Mapped[str] = mapped_column(String(20), nullable=False)
    members: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    targets: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    seen_at = mapped_column(UtcDateTime, nullable=False)
    told_at = mapped_column(UtcDateTime)
