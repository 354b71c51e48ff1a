"""
Operations Command Center - Watcher Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The elected watcher in one process: one lease holder, standbys
    that only read, takeover after the lease expires with the span nobody
    watched recorded; a watcher thread that keeps the history at one point
    per TTL with no browser open; reads that never refresh while it lives;
    and the honest headline — stale is not degraded, and a WAN down, failing
    sources, alerts and a dead watcher each give their reason.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import time
from datetime import timedelta

from sqlalchemy import select, update

from modules.ops_center.integrations.base import Alert, Integration, SourceData, Unreachable, Wan, register
from modules.ops_center.models.base import session, utcnow
from modules.ops_center.models.cache import OpsCache
from modules.ops_center.models.metrics import OpsMetric
from modules.ops_center.services.actions import leases
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling import claims, outages, watch_state
from modules.ops_center.services.polling.aggregator import get_aggregator
from modules.ops_center.services.polling.watcher import Watcher
from tests.conftest import login, make_app

FAIL = set()  # names of _Site instances that fail with "connection refused"


@register
class _Site(Integration):
    """A test site: WAN1 up, WAN2 down, three critical IPS alerts (or unreachable when its name is in FAIL)."""

    type_name, label, ttl_class, FEEDS = "test_site", "Test site", "critical", ("wan", "alerts:ips")

    def fetch(self):
        """The scripted site.

        Returns:
            SourceData: Two WANs and three alerts.
        """
        if self.name in FAIL:
            raise Unreachable("connection refused")
        wans = [Wan("WAN1", "up", 50.0, 5.0, 4.0, 0.0, None, self.name),
                Wan("WAN2", "down", None, None, None, 100.0, None, self.name)]
        return SourceData(wan=wans, alerts=[Alert(f"{self.name}:{i}", self.name, "ips", "critical", f"sig {i}")
                                            for i in range(3)])


@register
class _Quiet(Integration):
    """A source with nothing wrong to say: one WAN up, no alerts."""

    type_name, label, ttl_class, FEEDS = "test_quiet", "Test quiet", "critical", ("wan",)

    def fetch(self):
        """One WAN up.

        Returns:
            SourceData: One WAN.
        """
        return SourceData(wan=[Wan("WAN-q", "up", 10.0, 1.0, 3.0, 0.0, None, self.name)])


def add(app, name, type_name):
    with app.app_context():
        save_instance(type_name, name, {})
        session().commit()


def wait_for(predicate, timeout=5.0, step=0.05):
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(step)


def lease_note(app):
    with app.app_context():
        state = leases.peek(watch_state.KEY)
        return state.note if state else {}


def test_one_holder_standbys_only_read_and_take_over_when_the_lease_expires(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_WATCHER_INTERVAL=0.1, OPS_CENTER_WATCHER_LEASE=0.6)
    add(app, "q", "test_quiet")
    first, second = Watcher(app, "thread"), Watcher(app, "watch")
    assert first.cycle() is True and first.last_started == ["q"]
    before = lease_note(app)
    assert before["holder"] == first.holder
    assert second.cycle() is False and lease_note(app) == before, "a second watcher leaves the lease alone"
    assert first.cycle() is True and second.cycle() is False
    # The holder dies (stops renewing): nobody takes over before the lease runs out, somebody right after.
    time.sleep(0.3)
    assert second.cycle() is False
    time.sleep(0.4)
    assert second.cycle() is True and lease_note(app)["holder"] == second.holder
    with app.app_context():
        spans = outages.between(utcnow() - timedelta(minutes=1), utcnow())
    assert len(spans) == 1 and 0.6 <= (spans[0][1] - spans[0][0]).total_seconds() < 1.5, spans
    assert first.cycle() is False and first.holding is False, "the old holder learns it lost the lease"
    second.release()
    assert first.cycle() is True, "a released lease is free at once"


def claims_by_holder(app, watchers):
    """Which instances each watcher holds a live claim on, read from the claim rows."""
    with app.app_context():
        now = utcnow()
        rows = session().execute(select(OpsCache.cache_key, OpsCache.integration_name, OpsCache.expires_at)
                                 .where(OpsCache.cache_key.like("watch:%"))).all()
    return [sorted(k[len("watch:"):] for k, holder, until in rows if holder == w.claims.token and until > now)
            for w in watchers]


def test_several_watchers_split_the_instances_and_take_a_dead_ones_share_within_a_lease(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_WATCHER_INTERVAL=0.1, OPS_CENTER_WATCHER_LEASE=0.6)
    names = [f"q{i}" for i in range(7)]
    for name in names:
        add(app, name, "test_quiet")
    first, second, third = Watcher(app, "watch"), Watcher(app, "watch"), Watcher(app, "watch")
    first.cycle()
    assert claims_by_holder(app, [first]) == [names], "a lone watcher claims everything"
    for _ in range(3):  # join, the first gives back above its share, the others take it
        for w in (first, second, third):
            w.cycle()
    shares = claims_by_holder(app, [first, second, third])
    assert sorted(len(s) for s in shares) == [2, 2, 3] and sorted(sum(shares, [])) == names, shares
    assert first.holding and not second.holding and not third.holding, "one leader for the inbox and notify"
    with app.app_context():
        assert sorted(m["claims"] for m in claims.members()) == [2, 2, 3]
    # The leader dies (stops cycling): its claims and its lease expire, the others share everything.
    time.sleep(0.7)
    for _ in range(3):
        for w in (second, third):
            w.cycle()
    shares = claims_by_holder(app, [second, third])
    assert sorted(len(s) for s in shares) == [3, 4] and sorted(sum(shares, [])) == names, shares
    assert second.holding or third.holding, "a survivor leads"
    # A clean stop gives everything back at once.
    third.release()
    second.cycle()
    assert claims_by_holder(app, [second]) == [names]


def test_the_watcher_thread_keeps_history_every_ttl_with_no_browser(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_WATCHER="thread", OPS_CENTER_WATCHER_INTERVAL=0.1,
                   OPS_CENTER_WATCHER_LEASE=0.6, OPS_CENTER_TTL_CRITICAL=1, OPS_CENTER_TTL_STATUS=1,
                   OPS_CENTER_TTL_CONFIG=1)
    started = utcnow()
    wait_for(lambda: lease_note(app).get("holder", "").startswith("thread pid"), timeout=10)
    time.sleep(4.5)  # nobody asks for a page meanwhile
    series = ("wan:WAN1:rx_mbps", "wan:WAN2:rx_mbps", "pdu:pdu-1:load_amps")
    with app.app_context():
        for name in series:
            times = session().execute(select(OpsMetric.ts).where(OpsMetric.series == name, OpsMetric.ts >= started)
                                      .order_by(OpsMetric.ts)).scalars().all()
            spacing = [(b - a).total_seconds() for a, b in zip(times, times[1:])]
            assert len(times) >= 4 and max(spacing) < 1.6, (name, spacing)
    client = app.test_client()
    login(client)
    snap = client.get("/ops/api/summary").get_json()
    assert snap["watcher"]["alive"] is True and snap["watcher"]["holder"].startswith("thread pid")
    assert "watcher not running" not in " ".join(snap["overall_reasons"])
    body = client.get("/ops/api/history?series=" + ",".join(series) + "&range=1h").get_json()
    for entry in body["series"]:
        assert [g["cause"] for g in entry["gaps"]] == ["no_data"], "only the time before the first point"
    health = client.get("/ops/api/health").get_json()
    assert health["watcher"]["alive"] is True
    app.extensions["ops_center"].close()  # stops the thread and releases the lease
    with app.app_context():
        assert watch_state.read()[0]["alive"] is False


def test_reads_never_refresh_while_a_watcher_lives(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_SNAPSHOT_MEMO=0)
    add(app, "q", "test_quiet")
    watcher = Watcher(app, "watch")
    assert watcher.cycle()
    get_aggregator(app).idle("q", 5)
    with app.app_context():
        fetched = get_aggregator(app).snapshot()["sources"][0]["fetched_at"]
        session().execute(update(OpsCache).where(OpsCache.cache_key == "ops:q")
                          .values(expires_at=utcnow() - timedelta(seconds=5)))
        session().commit()
        again = get_aggregator(app).snapshot()
    time.sleep(0.3)
    with app.app_context():
        assert get_aggregator(app).snapshot()["sources"][0]["fetched_at"] == fetched, "no refresh from a read"
    assert again["overall"] == "ok" and again["overall_reasons"] == [], "expired inside its grace: still ok"
    watcher.release()
    with app.app_context():
        dead = get_aggregator(app).snapshot()
    assert dead["watcher"]["alive"] is False and dead["overall"] == "degraded"
    assert dead["overall_reasons"][-1].startswith("watcher not running")


def test_stale_inside_its_grace_is_not_degraded_beyond_it_is(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_REFRESH_IN_WEB=False)
    add(app, "q", "test_quiet")

    def aged(seconds):
        with app.app_context():
            row = session().execute(select(OpsCache).where(OpsCache.cache_key == "ops:q")).scalar_one()
            env = dict(row.cached_data, last_success_at=(utcnow() - timedelta(seconds=seconds)).isoformat())
            row.cached_data, row.expires_at = env, utcnow() - timedelta(seconds=1)
            session().commit()
            return get_aggregator(app).snapshot()

    with app.app_context():
        get_aggregator(app).snapshot(force=True)
    inside = aged(45)  # critical TTL 30 s: 45 s is inside 2 x TTL
    assert inside["overall"] == "ok" and inside["overall_reasons"] == []
    assert inside["sources"][0]["stale"] is False
    beyond = aged(200)
    assert beyond["overall"] == "degraded" and beyond["overall_reasons"] == ["q no fresh data for 3 min"]


def test_a_wan_down_and_a_failing_source_give_the_right_headline_and_each_reason(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_SNAPSHOT_MEMO=0)
    add(app, "edge", "test_site")
    add(app, "zyxel-2", "test_site")
    client = app.test_client()
    login(client)
    assert client.get("/ops/api/summary").status_code == 200
    # zyxel-2 answered 4 minutes ago and has been refusing connections since.
    with app.app_context():
        row = session().execute(select(OpsCache).where(OpsCache.cache_key == "ops:zyxel-2")).scalar_one()
        row.cached_data = dict(row.cached_data, last_success_at=(utcnow() - timedelta(minutes=4)).isoformat())
        session().commit()
        # A watcher ran here and stopped 10 minutes ago.
        leases.take(watch_state.KEY, 0, {"holder": "watch pid 1", "last_cycle_at":
                                         (utcnow() - timedelta(minutes=10)).isoformat()})
    FAIL.add("zyxel-2")
    try:
        snap = client.get("/ops/api/summary?refresh=1").get_json()
    finally:
        FAIL.discard("zyxel-2")
    assert snap["overall"] == "down"
    assert snap["overall_reasons"] == ["WAN2 down", "zyxel-2 unreachable 4 min", "6 critical IPS alerts",
                                       "watcher not running 10 min"]
    assert snap["watcher"] == {"alive": False, "holder": "watch pid 1", "watchers": [],
                               "last_cycle_at": snap["watcher"]["last_cycle_at"]}
    health = client.get("/ops/api/health").get_json()
    assert health["overall"] == "down" and health["watcher"]["alive"] is False
    assert "zyxel-2" not in str(health), "the unauthenticated health check names no system"


def test_a_first_view_waits_for_the_watchers_first_fetch_instead_of_fetching_itself(tmp_path):
    app = make_app(tmp_path, OPS_CENTER_WATCHER="thread", OPS_CENTER_WATCHER_INTERVAL=0.1,
                   OPS_CENTER_WATCHER_LEASE=0.6)
    wait_for(lambda: lease_note(app).get("holder", "").startswith("thread pid"), timeout=10)
    add(app, "q", "test_quiet")  # a system added while the watcher runs
    with app.app_context():
        snap = get_aggregator(app).snapshot()
    assert snap["sources"][0]["ok"], snap["sources"]
    assert snap["overall"] == "ok" and snap["overall_reasons"] == []
