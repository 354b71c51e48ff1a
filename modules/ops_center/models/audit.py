"""
Operations Command Center - Audit Log Model

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``ops_audit_log``: one append-only row per control attempt
    (who, when, source IP, action, target, before, requested, after, result,
    error). No update or delete path exists in the module.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import OpsBase, UtcDateTime, utcnow


class OpsAuditLog(OpsBase):
    """One control attempt, successful or refused."""

    __tablename__ = "ops_audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at = mapped_column(UtcDateTime, default=utcnow, index=True, nullable=False)
    username: Mapped[str | None] = mapped_column(String(80))
    source_ip: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(50), nullable=False)
    target: Mapped[str] = mapped_column(String(255), nullable=False)
    before: Mapped[str | None] = mapped_column(String(50))
    requested: Mapped[str | None] = mapped_column(String(50))
    after: Mapped[str | None] = mapped_column(String(50))
    result: Mapped[str] = mapped_column(String(20), nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
