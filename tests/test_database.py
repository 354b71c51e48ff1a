"""
Operations Command Center - Database Backend Tests

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: What must hold on SQLite and PostgreSQL alike (the suite runs
    this module on both): a lease or a claim raced by many threads at once has
    exactly one winner and nobody waits in a loop; a best-effort write gives
    up at once when another transaction holds its row. Plus the stand-in
    host's URL handling: ``postgres://`` URLs get the psycopg 3 driver.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import update

from app import database_uri, engine_options
from modules.ops_center.models.base import session, utcnow
from modules.ops_center.models.cache import OpsCache
from modules.ops_center.services.actions import leases
from modules.ops_center.services.polling import nowait
from tests.conftest import BACKEND, make_app


def test_postgres_urls_get_the_psycopg3_driver():
    assert database_uri("postgres://u:p@db.example.lan/ops") == "postgresql+psycopg://u:p@db.example.lan/ops"
    assert database_uri("postgresql://u@/ops?host=/run/pg") == "postgresql+psycopg://u@/ops?host=/run/pg"
    assert database_uri("postgresql+psycopg://u@db.example.lan/ops") == "postgresql+psycopg://u@db.example.lan/ops"
    assert database_uri("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert engine_options("postgresql+psycopg://u@db.example.lan/ops")["pool_pre_ping"] is True
    assert "timeout" in engine_options("sqlite:////tmp/x.db")["connect_args"]


def test_a_lease_raced_by_many_threads_has_exactly_one_winner(tmp_path):
    app = make_app(tmp_path)
    start = threading.Barrier(8)

    def contend(_):
        with app.app_context():
            start.wait()
            return leases.take("race:key", 5.0) is not None

    for _round in range(3):  # a fresh row (insert race), then an expired row (update race)
        with ThreadPoolExecutor(8) as pool:
            wins = list(pool.map(contend, range(8)))
        assert wins.count(True) == 1, wins
        with app.app_context():
            session().execute(update(OpsCache).where(OpsCache.cache_key == "race:key").values(expires_at=utcnow()))
            session().commit()


def test_a_best_effort_write_gives_up_at_once_while_another_transaction_holds_the_row(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        assert nowait.store("edge", "test_quiet", {"data": {}}, 30)
        holder = session()
        # Another transaction holds the row (PostgreSQL: its row lock; SQLite: the file's write lock).
        holder.execute(update(OpsCache).where(OpsCache.cache_key == "ops:edge").values(hit_count=5))
        try:
            started = time.monotonic()
            with app.app_context():  # a second context: its own session and connection
                written = nowait.store("edge", "test_quiet", {"data": {"x": 1}}, 30)
            took = time.monotonic() - started
        finally:
            holder.rollback()
        assert written is False and took < 1.0, (BACKEND, written, took)
        assert nowait.store("edge", "test_quiet", {"data": {"x": 2}}, 30), "written once the row is free"
