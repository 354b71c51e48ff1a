"""
Operations Command Center - Migration 0001 (host users)

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Host stand-in: the users table (username, password hash, role).

Revision ID: 0001_host_users
Revises:
Create Date: 2026-11-26

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_host_users"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(80), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False, server_default="operator"),
        sa.Column("created_at", sa.DateTime()),
    )


def downgrade():
    op.drop_table("users")
