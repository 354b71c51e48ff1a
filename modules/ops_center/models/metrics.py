"""
Operations Command Center - Metrics Model

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``ops_metrics``: a small time series store. ``resolution`` 0
    holds raw points (one per successful fetch, kept 24 h); 300 holds
    5-minute averages (kept 30 days).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from sqlalchemy import Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import OpsBase, UtcDateTime


class OpsMetric(OpsBase):
    """One point of one series (``wan:WAN1:rx_mbps``, ``pdu:pdu-1:load_amps`` ...)."""

    __tablename__ = "ops_metrics"
    __table_args__ = (Index("ix_ops_metrics_series_res_ts", "series", "resolution", "ts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series: Mapped[str] = mapped_column(String(160), nullable=False)
    resolution: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    ts = mapped_column(UtcDateTime, nullable=False)
    value: Mapped[float | None] = mapped_column(Float)
