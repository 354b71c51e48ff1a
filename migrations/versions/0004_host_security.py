"""
Operations Command Center - Migration 0004 (host security)

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Host stand-in only: users.session_version (revocable sessions) and the
    host_login_throttle table (login back-off counters). It branches from 0001_host_users on
    purpose, so the module's own revisions 0002 -> 0003 -> ... stay one chain the owner copies
    into his app without a stand-in revision in the middle; hence `flask db upgrade heads`.

Revision ID: 0004_host_security
Revises: 0001_host_users
Create Date: 2026-12-01

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""
import sqlalchemy as sa
from alembic import op

revision = "0004_host_security"
down_revision = "0001_host_users"
branch_labels = None
depends_on = None


def upgrade():
    # Batch mode: SQLite cannot alter a table in place; existing users get version 0.
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "host_login_throttle",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("window_start", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime()),
        sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_failure_at", sa.DateTime(), nullable=False),
    )


def downgrade():
    op.drop_table("host_login_throttle")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
