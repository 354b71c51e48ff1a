"""
Operations Command Center - Migration Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The Alembic migrations build exactly what the models declare
    (an autogenerate comparison finds nothing to change), the owner's two
    tables have the owner's columns, and downgrade/upgrade round-trips.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from extensions import db
from modules.ops_center.models.base import OpsBase

OWNER = {
    "ops_credentials": ["id", "integration_name", "credential_name", "encrypted_data", "is_active", "last_used",
                        "created_at"],
    "ops_cache": ["id", "cache_key", "integration_name", "data_type", "cached_data", "expires_at", "hit_count"],
}


def test_models_and_migrations_agree(app):
    with app.app_context():
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), [db.metadata, OpsBase.metadata])
    assert diff == [], diff


def test_owner_schema_and_round_trip(app):
    with app.app_context():
        insp = inspect(db.engine)
        for table, columns in OWNER.items():
            assert [c["name"] for c in insp.get_columns(table)] == columns
        assert {c["name"] for c in insp.get_columns("ops_cache")} >= {"hit_count"}
        downgrade(revision="0001_host_users")
        assert "ops_cache" not in inspect(db.engine).get_table_names()
        upgrade()
        assert {"ops_credentials", "ops_cache", "ops_audit_log", "ops_alert_acks", "ops_metrics"} <= set(
            inspect(db.engine).get_table_names())
