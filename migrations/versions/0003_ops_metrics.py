"""
Operations Command Center - Migration 0003 (ops_metrics)

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The ops_metrics time-series store behind the sparklines and history API.

Revision ID: 0003_ops_metrics
Revises: 0002_ops_center_tables
Create Date: 2026-11-26

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
import sqlalchemy as sa
from alembic import op

revision = "0003_ops_metrics"
down_revision = "0002_ops_center_tables"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ops_metrics",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("series", sa.String(160), nullable=False),
        sa.Column("resolution", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("ts", sa.DateTime(), nullable=False),
        sa.Column("value", sa.Float()),
    )
    op.create_index("ix_ops_metrics_series_res_ts", "ops_metrics", ["series", "resolution", "ts"])


def downgrade():
    op.drop_index("ix_ops_metrics_series_res_ts", table_name="ops_metrics")
    op.drop_table("ops_metrics")
