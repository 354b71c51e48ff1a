"""
Operations Command Center - Cache Model

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The owner's ``ops_cache`` table, column for column. One row per
    system instance holds its envelope (last good data, error, timestamps).
    A value damaged on disk reads as a marker (``CORRUPT`` data,
    ``UNREADABLE_TIME`` expiry) instead of raising, so one bad row is
    discarded and refetched, never a 500 on every page in every process.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): An unreadable ``expires_at`` reads as ``UNREADABLE_TIME``
"""

from datetime import UTC, datetime

from sqlalchemy import JSON, Integer, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from .base import OpsBase, UtcDateTime

CORRUPT = {"__corrupt__": True}
UNREADABLE_TIME = datetime.min.replace(tzinfo=UTC)  # long expired, and never a real expiry


class SafeUtcDateTime(UtcDateTime):
    """``UtcDateTime`` that reads an unparsable value as ``UNREADABLE_TIME`` instead of raising."""

    cache_ok = True

    def result_processor(self, dialect, coltype):
        """Wrap the date parser.

        Args:
            dialect: The SQL dialect.
            coltype: The column type code.

        Returns:
            callable: A processor that never raises on a damaged value.
        """
        inner = super().result_processor(dialect, coltype)

        def _process(value):
            try:
                return inner(value) if inner else value
            except (ValueError, TypeError):
                return UNREADABLE_TIME
        return _process


class SafeJSON(TypeDecorator):
    """JSON that reads an undecodable value as ``CORRUPT`` instead of raising.

    A row damaged on disk (or by a crashed writer) must be discarded and
    refetched, never turn every poll into a server error.
    """

    impl = JSON
    cache_ok = True

    def result_processor(self, dialect, coltype):
        """Wrap the JSON decoder.

        Args:
            dialect: The SQL dialect.
            coltype: The column type code.

        Returns:
            callable: A processor that never raises on bad JSON.
        """
        inner = super().result_processor(dialect, coltype)

        def _process(value):
            try:
                return inner(value) if inner else value
            except ValueError:
                return CORRUPT
        return _process


class OpsCache(OpsBase):
    """A cached fetch result (``cached_data`` is the envelope as JSON)."""

    __tablename__ = "ops_cache"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cache_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    integration_name: Mapped[str | None] = mapped_column(String(50))
    data_type: Mapped[str | None] = mapped_column(String(50))
    cached_data = mapped_column(SafeJSON)
    expires_at = mapped_column(SafeUtcDateTime)
    hit_count: Mapped[int | None] = mapped_column(Integer, default=0, server_default="0")
