"""
Operations Command Center - Migration 0005 (inbox: events, incidents, links, maintenance)

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The "miss nothing" tables of DESIGN.md section 8: ops_events (one row per fingerprint),
    ops_incidents, ops_links (the topology) and ops_maintenance. Part of the module's own chain
    (0002 -> 0003 -> 0005), which the owner copies into his app.

Revision ID: 0005_ops_events
Revises: 0003_ops_metrics
Create Date: 2026-12-01

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""
import sqlalchemy as sa
from alembic import op

revision = "0005_ops_events"
down_revision = "0003_ops_metrics"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "ops_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("fingerprint", sa.String(255), nullable=False, unique=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("entity", sa.String(160)),
        sa.Column("condition", sa.String(20), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("detail", sa.Text()),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("resolved_at", sa.DateTime()),
        sa.Column("ack_kind", sa.String(10)),
        sa.Column("ack_by", sa.String(80)),
        sa.Column("ack_at", sa.DateTime()),
        sa.Column("ack_note", sa.Text()),
        sa.Column("incident_id", sa.Integer()),
        sa.Column("relation", sa.String(12)),
        sa.Column("maintenance_id", sa.Integer()),
    )
    op.create_index("ix_ops_events_state_source", "ops_events", ["state", "source"])
    op.create_index("ix_ops_events_incident", "ops_events", ["incident_id"])
    op.create_index("ix_ops_events_last_seen", "ops_events", ["last_seen"])
    op.create_table(
        "ops_incidents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("state", sa.String(15), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("root_kind", sa.String(20), nullable=False),
        sa.Column("root_ref", sa.String(160), nullable=False),
        sa.Column("root_name", sa.String(160), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("last_event_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime()),
        sa.Column("merged_into", sa.Integer()),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("sources", sa.String(500), nullable=False),
        sa.Column("in_maintenance", sa.Integer(), nullable=False),
    )
    op.create_index("ix_ops_incidents_state_key", "ops_incidents", ["state", "key"])
    op.create_table(
        "ops_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("upstream", sa.String(160), nullable=False),
        sa.Column("downstream", sa.String(160), nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("created_by", sa.String(80)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("upstream", "downstream", name="ux_ops_links_pair"),
    )
    op.create_table(
        "ops_maintenance",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scope_kind", sa.String(10), nullable=False),
        sa.Column("scope", sa.String(160), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(80)),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.Text()),
    )
    op.create_index("ix_ops_maintenance_ends", "ops_maintenance", ["ends_at"])


def downgrade():
    op.drop_index("ix_ops_maintenance_ends", table_name="ops_maintenance")
    op.drop_table("ops_maintenance")
    op.drop_table("ops_links")
    op.drop_index("ix_ops_incidents_state_key", table_name="ops_incidents")
    op.drop_table("ops_incidents")
    op.drop_index("ix_ops_events_last_seen", table_name="ops_events")
    op.drop_index("ix_ops_events_incident", table_name="ops_events")
    op.drop_index("ix_ops_events_state_source", table_name="ops_events")
    op.drop_table("ops_events")
