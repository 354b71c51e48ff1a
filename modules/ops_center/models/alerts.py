"""
Operations Command Center - Alert Acknowledgement Model

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``ops_alert_acks``: local acknowledgement state of alerts (who,
    when, note, and whether the write-back to the source succeeded), so an
    acknowledgement survives refreshes and restarts.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import OpsBase, UtcDateTime, utcnow


class OpsAlertAck(OpsBase):
    """An acknowledged alert, keyed by the snapshot's alert id."""

    __tablename__ = "ops_alert_acks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    source: Mapped[str | None] = mapped_column(String(100))
    acknowledged_by: Mapped[str | None] = mapped_column(String(80))
    acknowledged_at = mapped_column(UtcDateTime, default=utcnow, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
    writeback: Mapped[str | None] = mapped_column(String(20))
    writeback_error: Mapped[str | None] = mapped_column(Text)
