"""
Operations Command Center - Aggregator Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Parallel fetching, TTL classes, last-good-data on failure,
    single-flight and cache hits of the aggregator.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Hit counts reach the row in the background (reads never write)
"""

import logging
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from modules.ops_center.models.base import session, utcnow
from modules.ops_center.models.cache import OpsCache
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling import hits
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests import fake_integrations as fakes

pytestmark = pytest.mark.usefixtures("test_types")


def add(app, name, type_name="test_critical", **settings):
    """Store one instance."""
    with app.app_context():
        save_instance(type_name, name, settings)
        session().commit()


def snap(app, **kw):
    """One aggregator snapshot inside an app context."""
    with app.app_context():
        return get_aggregator(app).snapshot(**kw)


def source(snapshot, name):
    """The source entry of an instance."""
    return next(s for s in snapshot["sources"] if s["name"] == name)


def wait_for(predicate, timeout=3.0):
    """Poll a condition until it holds or the timeout passes."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


def expire_all(app):
    """Make every cache row due."""
    with app.app_context():
        session().execute(update(OpsCache).values(expires_at=utcnow() - timedelta(seconds=1)))
        session().commit()


def test_parallel_fetch_costs_one_slow_source_not_the_sum(app):
    for i in range(5):
        add(app, f"slow-{i}", delay=0.6)
    started = time.monotonic()
    result = snap(app)
    elapsed = time.monotonic() - started
    assert [s["ok"] for s in result["sources"]] == [True] * 5
    assert len(result["wan"]) == 5
    assert 0.6 <= elapsed < 1.5, f"5 sources of 0.6 s took {elapsed:.2f} s"


def test_ttl_classes_set_expiry(app):
    add(app, "crit", "test_critical")
    add(app, "stat", "test_status")
    add(app, "conf", "test_config")
    before = utcnow()
    snap(app)
    with app.app_context():
        rows = {r.cache_key: r for r in session().execute(select(OpsCache)).scalars()}
    ttl = {k: (rows[f"ops:{k}"].expires_at - before).total_seconds() for k in ("crit", "stat", "conf")}
    assert 29 <= ttl["crit"] <= 32
    assert 59 <= ttl["stat"] <= 62
    assert 299 <= ttl["conf"] <= 302
    assert rows["ops:crit"].integration_name == "test_critical"
    assert rows["ops:crit"].data_type == "snapshot"


def test_no_second_upstream_call_inside_ttl_and_hits_counted(app):
    add(app, "one")
    for _ in range(4):
        result = snap(app)
    assert fakes.CALLS["one"] == 1
    assert source(result, "one")["ok"]
    with app.app_context():
        hits.flush(app)  # reads only count in memory; the counts reach the row in the background

        def counted():
            session().rollback()
            return session().execute(select(OpsCache)).scalar_one().hit_count == 3
        wait_for(counted)
        # Expire it: the next poll fetches again.
        session().execute(update(OpsCache).values(expires_at=utcnow() - timedelta(seconds=1)))
        session().commit()
    snap(app)
    wait_for(lambda: fakes.CALLS["one"] == 2)  # the refresh runs in the background


def test_failure_keeps_last_good_data_marked_stale_with_error(app, caplog):
    add(app, "fw", password="s3cret-token-value")
    first = snap(app)
    assert source(first, "fw")["ok"] and not source(first, "fw")["stale"]
    fakes.BEHAVIOUR["fw"] = "fail"
    with caplog.at_level(logging.INFO):
        second = snap(app, force=True)
        snap(app, force=True)
    src = source(second, "fw")
    assert src["ok"] is False and src["stale"] is True
    assert src["error_kind"] == "auth_failed"
    assert "s3cret-token-value" not in src["error"] and "********" in src["error"]
    assert src["last_success_at"] == source(first, "fw")["last_success_at"]
    assert [w["name"] for w in second["wan"]] == ["WAN-fw"], "last good data must stay"
    assert second["overall"] == "down"  # the only source failed
    downs = [r for r in caplog.records if "fw failed" in r.getMessage()]
    assert len(downs) == 1, "going down is logged once"
    fakes.BEHAVIOUR["fw"] = "ok"
    with caplog.at_level(logging.INFO):
        third = snap(app, force=True)
    assert source(third, "fw")["ok"] and source(third, "fw")["error"] is None
    assert any("fw recovered" in r.getMessage() for r in caplog.records)


def test_one_failing_source_does_not_touch_the_others(app):
    add(app, "good")
    add(app, "bad")
    fakes.BEHAVIOUR["bad"] = "fail"
    result = snap(app)
    assert source(result, "good")["ok"] and not source(result, "good")["stale"]
    assert source(result, "bad")["error_kind"] == "auth_failed"
    assert result["overall"] == "degraded"


def test_hanging_source_costs_at_most_the_timeout(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, OPS_CENTER_FETCH_TIMEOUT=0.5)
    add(app, "ok-one")
    add(app, "hung")
    fakes.BEHAVIOUR["hung"] = "hang"
    started = time.monotonic()
    result = snap(app)
    assert time.monotonic() - started < 2.0
    assert source(result, "hung")["error_kind"] == "timeout"
    assert source(result, "ok-one")["ok"]
    # While the hung fetch still holds its lock, polls are served at once, with the timeout shown.
    started = time.monotonic()
    again = snap(app)
    assert time.monotonic() - started < 0.3
    assert source(again, "hung")["error_kind"] == "timeout"


def test_concurrent_polls_fetch_once(app):
    add(app, "shared", delay=0.4)
    results, errors = [], []

    def worker():
        try:
            results.append(snap(app))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert fakes.CALLS["shared"] == 1
    assert all(source(r, "shared")["ok"] for r in results)


def test_corrupt_cache_row_is_discarded_and_refetched(app):
    add(app, "c")
    snap(app)
    with app.app_context():
        session().execute(update(OpsCache).values(cached_data={"garbage": True}))
        session().commit()
    result = snap(app)
    assert source(result, "c")["ok"]
    assert fakes.CALLS["c"] == 2


def test_demo_mode_when_nothing_configured(app):
    result = snap(app)
    assert result["demo"] is True
    assert {s["name"] for s in result["sources"]} == {
        "opnsense", "librenms", "hostmon", "firewalla", "pdu-1", "mikrotik", "zyxel-1", "zyxel-2"}
    add(app, "real")
    assert snap(app)["demo"] is False
    with app.app_context():
        from modules.ops_center.services.admin.store import set_active

        set_active("real", False)
    disabled = snap(app)
    assert disabled["demo"] is False and disabled["sources"] == [], "disabled systems never bring demo data back"
    assert disabled["overall"] == "unknown"


def test_expired_data_is_served_at_once_and_refreshed_in_background(app):
    add(app, "slowpoke", delay=0.8)
    first = snap(app)
    first_fetch = source(first, "slowpoke")["fetched_at"]
    expire_all(app)
    started = time.monotonic()
    served = [snap(app) for _ in range(5)]
    assert time.monotonic() - started < 0.5, "no poll waits on the upstream once the cache holds data"
    assert all(source(s, "slowpoke")["fetched_at"] == first_fetch for s in served)
    wait_for(lambda: fakes.CALLS["slowpoke"] == 2)
    wait_for(lambda: source(snap(app), "slowpoke")["fetched_at"] != first_fetch or
             source(snap(app), "slowpoke")["latency_ms"] != source(first, "slowpoke")["latency_ms"])
    assert fakes.CALLS["slowpoke"] == 2, "one refresh however many polls"


def test_expired_row_is_claimed_once_across_processes(tmp_path):
    """Two apps (as two server processes) on one database refresh an expired row once."""
    from tests.conftest import make_app

    first = make_app(tmp_path)
    second = make_app(tmp_path)
    add(first, "shared-db", delay=0.3)
    snap(first)
    expire_all(first)
    threads = [threading.Thread(target=snap, args=(a,)) for a in (first, second, first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wait_for(lambda: fakes.CALLS["shared-db"] >= 2)
    time.sleep(0.5)
    assert fakes.CALLS["shared-db"] == 2
