"""
Operations Command Center - Migration Tests

Version: 1.2.0
Last Modified: 2026-12-01
Author: Billas
Description: The Alembic migrations build exactly what the models declare
    (an autogenerate comparison finds nothing to change), the owner's two
    tables have the owner's columns, and downgrade/upgrade round-trips.
    The stand-in host's 0004 branches from 0001, so the module's chain has
    no host revision in it; a database at 0003 upgrades to both heads.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Two heads (host branch 0004); an 0003 database upgrades cleanly
- 1.2.0 (2026-12-01): The inbox tables of 0005 round-trip too
"""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app import create_app
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
        upgrade(revision="heads")
        assert {"ops_credentials", "ops_cache", "ops_audit_log", "ops_alert_acks", "ops_metrics", "ops_events",
                "ops_incidents", "ops_links", "ops_maintenance", "ops_notify_targets", "ops_notify_outbox",
                "ops_notify_incidents"} <= set(inspect(db.engine).get_table_names())


def test_round_trip_drops_and_restores_the_host_branch(app):
    with app.app_context():
        downgrade(revision="0001_host_users")
        insp = inspect(db.engine)
        assert "host_login_throttle" not in insp.get_table_names()
        assert "session_version" not in {c["name"] for c in insp.get_columns("users")}
        upgrade(revision="heads")
        assert "host_login_throttle" in inspect(db.engine).get_table_names()


def test_host_branch_keeps_the_module_chain_free_of_host_revisions(app):
    with app.app_context():
        script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        host = script.get_revision("0004_host_security")
        assert host.down_revision == "0001_host_users"
        assert "0004_host_security" in script.get_heads()
        # Walking down from the module's head meets only module revisions, then the host's base.
        chain = [rev.revision for rev in script.walk_revisions("base", "0003_ops_metrics")]
        assert chain == ["0003_ops_metrics", "0002_ops_center_tables", "0001_host_users"]


def test_a_database_at_0003_upgrades_to_the_heads(tmp_path):
    app = create_app("testing", overrides={"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}"},
                     instance_path=str(tmp_path / "instance"))
    with app.app_context():
        upgrade(revision="0003_ops_metrics")
        assert "session_version" not in {c["name"] for c in inspect(db.engine).get_columns("users")}
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO users (username, password_hash, role) VALUES ('old', 'x', 'viewer')"))
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            row = conn.execute(text("SELECT username, role, session_version FROM users")).one()
            heads = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
        assert tuple(row) == ("old", "viewer", 0)
        assert "host_login_throttle" in inspect(db.engine).get_table_names()
        script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
        assert heads == set(script.get_heads()) and "0004_host_security" in heads
