"""
Operations Command Center - Migration 0002 (ops_center tables)

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ops_credentials and ops_cache exactly as the owner's schema, plus ops_audit_log and
    ops_alert_acks. When copying the module into an existing Life Planner, copy this file into the
    host's migrations/versions and set down_revision to the host's head.

Revision ID: 0002_ops_center_tables
Revises: 0001_host_users
Create Date: 2026-11-26

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
import sqlalchemy as sa
from alembic import op

revision = "0002_ops_center_tables"
down_revision = "0001_host_users"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ops_credentials",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("integration_name", sa.String(50)),
        sa.Column("credential_name", sa.String(100)),
        sa.Column("encrypted_data", sa.Text()),
        sa.Column("is_active", sa.Boolean(), server_default=sa.true()),
        sa.Column("last_used", sa.DateTime()),
        sa.Column("created_at", sa.DateTime()),
    )
    # Instance names are unique (the store upserts by name).
    op.create_index("ux_ops_credentials_name", "ops_credentials", ["credential_name"], unique=True)
    op.create_table(
        "ops_cache",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cache_key", sa.String(255), unique=True),
        sa.Column("integration_name", sa.String(50)),
        sa.Column("data_type", sa.String(50)),
        sa.Column("cached_data", sa.JSON()),
        sa.Column("expires_at", sa.DateTime()),
        sa.Column("hit_count", sa.Integer(), server_default="0"),
    )
    op.create_table(
        "ops_audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(80)),
        sa.Column("source_ip", sa.String(64)),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("target", sa.String(255), nullable=False),
        sa.Column("before", sa.String(50)),
        sa.Column("requested", sa.String(50)),
        sa.Column("after", sa.String(50)),
        sa.Column("result", sa.String(20), nullable=False),
        sa.Column("error", sa.Text()),
    )
    op.create_index("ix_ops_audit_log_created_at", "ops_audit_log", ["created_at"])
    op.create_table(
        "ops_alert_acks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("alert_id", sa.String(255), nullable=False, unique=True),
        sa.Column("source", sa.String(100)),
        sa.Column("acknowledged_by", sa.String(80)),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.Column("writeback", sa.String(20)),
        sa.Column("writeback_error", sa.Text()),
    )


def downgrade():
    op.drop_table("ops_alert_acks")
    op.drop_index("ix_ops_audit_log_created_at", table_name="ops_audit_log")
    op.drop_table("ops_audit_log")
    op.drop_table("ops_cache")
    op.drop_index("ux_ops_credentials_name", table_name="ops_credentials")
    op.drop_table("ops_credentials")
