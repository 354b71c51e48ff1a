"""
Operations Command Center - Migration 0006 (notifications: targets, outbox, per-incident memory)

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The notification tables of issue 15: ops_notify_targets (Fernet-encrypted Apprise URLs),
    ops_notify_outbox (the durable queue the watcher sends from) and ops_notify_incidents (what was told
    about each incident). Part of the module's own chain (0005 -> 0006).

Revision ID: 0006_ops_notify
Revises: 0005_ops_events
Create Date: 2026-12-02

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""
import sqlalchemy as sa
from alembic import op

revision = "0006_ops_notify"
down_revision = "0005_ops_events"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ops_notify_targets",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("encrypted_data", sa.Text(), nullable=False),
        sa.Column("min_severity", sa.String(20), nullable=False),
        sa.Column("sources", sa.String(500), nullable=False),
        sa.Column("entities", sa.String(500), nullable=False),
        sa.Column("quiet_hours", sa.String(20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(300)),
        sa.Column("last_sent_at", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "ops_notify_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_by", sa.String(80)),
        sa.Column("claimed_until", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime()),
        sa.Column("last_error", sa.String(300)),
        sa.UniqueConstraint("incident_id", "kind", "seq", "target_id", name="ux_ops_notify_outbox_msg"),
    )
    op.create_index("ix_ops_notify_outbox_state_next", "ops_notify_outbox", ["state", "next_at"])
    op.create_table(
        "ops_notify_incidents",
        sa.Column("incident_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("targets", sa.String(500), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.Column("told_at", sa.DateTime()),
    )


def downgrade():
    op.drop_table("ops_notify_incidents")
    op.drop_index("ix_ops_notify_outbox_state_next", table_name="ops_notify_outbox")
    op.drop_table("ops_notify_outbox")
    op.drop_table("ops_notify_targets")
