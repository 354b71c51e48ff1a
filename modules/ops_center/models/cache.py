"""
Operations Command Center - Cache Model

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The owner's ``ops_cache`` table, column for column. One row per
    system instance holds its envelope (last good data, error, timestamps).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import OpsBase, UtcDateTime


class OpsCache(OpsBase):
    """A cached fetch result (``cached_data`` is the envelope as JSON)."""

    __tablename__ = "ops_cache"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cache_key: Mapped[str] = mapped_column(String(255), unique=True)
    integration_name: Mapped[str | None] = mapped_column(String(50))
    data_type: Mapped[str | None] = mapped_column(String(50))
    cached_data = mapped_column(JSON)
    expires_at = mapped_column(UtcDateTime)
    hit_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
