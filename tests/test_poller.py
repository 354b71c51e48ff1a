"""
Operations Command Center - Poller Process Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: With OPS_CENTER_REFRESH_IN_WEB off, web processes only serve the
    cache and a separate ``flask ops-center watch`` process refreshes it
    (``poller``, its old name, still works).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): ``watch --once`` (the elected watcher) and the ``poller`` alias
"""

from datetime import timedelta

import pytest
from sqlalchemy import update

from modules.ops_center.models.base import session, utcnow
from modules.ops_center.models.cache import OpsCache
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests import fake_integrations as fakes
from tests.conftest import make_app

pytestmark = pytest.mark.usefixtures("test_types")


def test_web_serves_cache_and_the_poller_refreshes(tmp_path):
    web = make_app(tmp_path, OPS_CENTER_REFRESH_IN_WEB=False)
    poller = make_app(tmp_path)  # the poller process: same database, its own aggregator
    with web.app_context():
        save_instance("test_critical", "edge", {})
        session().commit()
        cold = get_aggregator(web).snapshot()
    assert fakes.CALLS.get("edge", 0) == 0, "the web process never fetches"
    assert cold["sources"][0]["error"] == "not fetched yet" and cold["demo"] is False
    result = poller.test_cli_runner().invoke(args=["ops-center", "watch", "--once"])
    assert result.exit_code == 0, result.output
    assert "refreshed 1 source(s)" in result.output
    assert fakes.CALLS["edge"] == 1
    with web.app_context():
        warm = get_aggregator(web).snapshot()
        assert warm["sources"][0]["ok"] and [w["name"] for w in warm["wan"]] == ["WAN-edge"]
        session().execute(update(OpsCache).values(expires_at=utcnow() - timedelta(seconds=1)))
        session().commit()
        stale = get_aggregator(web).snapshot()
    assert fakes.CALLS["edge"] == 1 and stale["sources"][0]["ok"], "expired data is served, not refetched"
    old_name = poller.test_cli_runner().invoke(args=["ops-center", "poller", "--once"])
    assert old_name.exit_code == 0 and fakes.CALLS["edge"] == 2, old_name.output
    with web.app_context():
        forced = get_aggregator(web).snapshot(force=True)
    assert fakes.CALLS["edge"] == 3 and forced["sources"][0]["ok"], "an operator's forced refresh still works"
