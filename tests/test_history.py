"""
Operations Command Center - History Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The metrics store: points recorded from fetches (no extra
    upstream call), downsampling and retention on synthetic points (counts,
    averages, boundaries), bucketed history with gaps, gaps labelled
    source_down / no_data, the history API (server time, gaps), and the
    30 days of demo history.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Gaps with causes, down markers, the API's now, demo history
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from modules.ops_center.models.base import session
from modules.ops_center.models.metrics import OpsMetric
from modules.ops_center.services.polling import history, metrics

NOW = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)


def put(app, series, points, resolution=0):
    with app.app_context():
        session().add_all([OpsMetric(series=series, resolution=resolution, ts=ts, value=v) for ts, v in points])
        session().commit()


def count(app, resolution=None):
    with app.app_context():
        query = select(func.count(OpsMetric.id))
        if resolution is not None:
            query = query.where(OpsMetric.resolution == resolution)
        return session().execute(query).scalar()


def test_series_from_fetched_data():
    data = {"wan": [{"name": "WAN1", "rx_mbps": 10.0, "tx_mbps": 2.0, "latency_ms": None, "loss_pct": 0.0}],
            "pdus": [{"source": "pdu-1", "load_amps": 8.2}],
            "switches": [{"source": "zyxel-1", "ports_up": 40}]}
    assert sorted(metrics.series_from(data)) == sorted([
        ("wan:WAN1:rx_mbps", 10.0), ("wan:WAN1:tx_mbps", 2.0), ("wan:WAN1:loss_pct", 0.0),
        ("pdu:pdu-1:load_amps", 8.2), ("switch:zyxel-1:ports_up", 40)])


def test_prune_folds_old_raw_points_into_5_minute_averages(app):
    old = NOW - timedelta(hours=25)
    base = old.replace(minute=0, second=0)
    # 10 raw points every 30 s in [base, base+5min) and 4 in the next bucket; values 0..9 and 100..103.
    first = [(base + timedelta(seconds=30 * i), float(i)) for i in range(10)]
    second = [(base + timedelta(minutes=5, seconds=30 * i), 100.0 + i) for i in range(4)]
    recent = [(NOW - timedelta(minutes=m), 5.0) for m in range(3)]
    put(app, "wan:WAN1:rx_mbps", first + second + recent)
    ancient = [(NOW - timedelta(days=31), 1.0), (NOW - timedelta(days=29), 2.0)]
    put(app, "wan:WAN1:rx_mbps", ancient, resolution=300)
    with app.app_context():
        result = metrics.prune(NOW)
        rows = session().execute(select(OpsMetric).where(OpsMetric.resolution == 300)
                                 .order_by(OpsMetric.ts)).scalars().all()
    assert result == {"raw_folded": 14, "averages_written": 2, "averages_dropped": 1}
    assert [(r.ts, r.value) for r in rows] == [
        (NOW - timedelta(days=29), 2.0), (base, 4.5), (base + timedelta(minutes=5), 101.5)]
    assert count(app, 0) == 3, "points of the last 24 h stay raw"
    with app.app_context():
        again = metrics.prune(NOW)
    assert again == {"raw_folded": 0, "averages_written": 0, "averages_dropped": 0}


def test_prune_boundary_keeps_the_bucket_that_is_not_yet_24h_old(app):
    cutoff_bucket = datetime.fromtimestamp(int((NOW - metrics.RAW_KEEP).timestamp()) // 300 * 300, UTC)
    put(app, "pdu:pdu-1:load_amps", [(cutoff_bucket - timedelta(seconds=1), 1.0), (cutoff_bucket, 2.0)])
    with app.app_context():
        metrics.prune(NOW)
    assert count(app, 0) == 1 and count(app, 300) == 1


def test_history_buckets_and_gaps(app):
    # One point a minute for the last hour, except a 15-minute hole (source down).
    points = [(NOW - timedelta(minutes=m), float(m)) for m in range(60) if not 20 <= m < 35]
    put(app, "wan:WAN2:tx_mbps", points)
    with app.app_context():
        result = history.history("wan:WAN2:tx_mbps", "1h", now=NOW)
    values = [v for _t, v in result["points"]]
    assert result["step_s"] == 60
    assert values.count(None) == 1, "one gap marker for the hole, nothing interpolated"
    assert len(values) == len(points) + 1
    gap_at = values.index(None)
    assert values[gap_at - 1] == 35.0 and values[gap_at + 1] == 19.0
    with app.app_context():
        day = history.history("wan:WAN2:tx_mbps", "24h", now=NOW)
    assert day["step_s"] == 600 and len(day["points"]) <= 24 * 6 + 2
    assert day["points"][-1] == [NOW.isoformat(timespec="seconds"), 0.0]
    assert day["points"][-2][1] == 5.5, "minutes 1-10 average into the 11:50 bucket"


def test_history_api(op_client):
    op_client.get("/ops/api/summary")  # demo fetch records points
    body = op_client.get("/ops/api/history?series=wan:WAN1:rx_mbps,pdu:pdu-1:load_amps&range=1h").get_json()
    assert [s["series"] for s in body["series"]] == ["wan:WAN1:rx_mbps", "pdu:pdu-1:load_amps"]
    assert len(body["series"][0]["points"]) == 1 and body["series"][0]["points"][0][1] > 0
    for rng in ("24h", "7d", "30d"):
        assert op_client.get(f"/ops/api/history?series=wan:WAN1:rx_mbps&range={rng}").status_code == 200
    assert op_client.get("/ops/api/history?series=wan:WAN1:rx_mbps&range=2y").status_code == 400
    assert op_client.get("/ops/api/history?series=../../etc&range=1h").status_code == 400
    assert op_client.get("/ops/api/history?range=1h").status_code == 400
    many = ",".join(f"wan:W{i}:rx_mbps" for i in range(9))
    assert op_client.get(f"/ops/api/history?series={many}").status_code == 400


def test_gaps_are_labelled_source_down_and_no_data(app):
    # A point every 30 s for 55 minutes; nothing 50-40 minutes ago; down markers 25-15 minutes ago.
    rows = []
    for k in range(110):
        if 80 <= k < 100:
            continue
        rows.append((NOW - timedelta(seconds=30 * k), None if 30 <= k < 50 else 100.0 + k))
    put(app, "wan:WAN1:rx_mbps", rows)
    with app.app_context():
        result = history.history("wan:WAN1:rx_mbps", "1h", now=NOW)
    ago = lambda s: (NOW - timedelta(seconds=s)).isoformat(timespec="seconds")  # noqa: E731
    assert result["gaps"] == [
        {"start": ago(3600), "end": ago(109 * 30), "cause": "no_data"},  # before the first point
        {"start": ago(100 * 30), "end": ago(79 * 30), "cause": "no_data"},  # nothing was collecting
        {"start": ago(50 * 30), "end": ago(29 * 30), "cause": "source_down"},  # the fetches failed
    ]
    assert all(v is not None for _t, v in result["points"][:1])
    assert [p for p in result["points"] if p[1] is None], "the graph's points still break at the gaps"


def test_a_silence_while_the_source_fails_then_stops_being_watched(app):
    # Good until 20 min ago, down markers until 10 min ago, then nothing: source_down, then no_data.
    rows = [(NOW - timedelta(seconds=30 * k), 5.0) for k in range(40, 100)]
    rows += [(NOW - timedelta(seconds=30 * k), None) for k in range(20, 40)]
    put(app, "pdu:pdu-1:load_amps", rows)
    with app.app_context():
        gaps = history.history("pdu:pdu-1:load_amps", "1h", now=NOW)["gaps"]
    assert [g["cause"] for g in gaps] == ["no_data", "source_down", "no_data"]
    assert gaps[1]["start"] == (NOW - timedelta(seconds=1200)).isoformat(timespec="seconds")
    assert gaps[2]["end"] == NOW.isoformat(timespec="seconds")


def test_a_watcher_outage_shorter_than_a_sample_spacing_is_still_a_gap(app):
    from modules.ops_center.services.polling import outages

    put(app, "wan:WAN2:rx_mbps", [(NOW - timedelta(seconds=30 * k), 1.0) for k in range(121)])
    with app.app_context():
        outages.record(NOW - timedelta(seconds=595), NOW - timedelta(seconds=575))
        outages.record(NOW - timedelta(seconds=400), NOW - timedelta(seconds=330))  # a point inside: not a gap
        gaps = history.history("wan:WAN2:rx_mbps", "1h", now=NOW)["gaps"]
    assert gaps == [{"start": (NOW - timedelta(seconds=595)).isoformat(timespec="seconds"),
                     "end": (NOW - timedelta(seconds=575)).isoformat(timespec="seconds"), "cause": "no_data"}]


def test_failed_fetches_leave_down_markers_that_survive_pruning(app):
    data = {"wan": [{"name": "WAN1", "rx_mbps": 10.0, "tx_mbps": 2.0}], "pdus": [{"source": "pdu-1", "load_amps": 3}]}
    old = NOW - timedelta(hours=30)
    with app.app_context():
        assert metrics.record_failure(data, when=old) == 3
        assert metrics.record_failure(None, when=old) == 0, "a source that never answered fed nothing"
        metrics.prune(NOW)
        rows = session().execute(select(OpsMetric.series, OpsMetric.value, OpsMetric.resolution)).all()
    assert sorted(rows) == [("pdu:pdu-1:load_amps", None, 300), ("wan:WAN1:rx_mbps", None, 300),
                            ("wan:WAN1:tx_mbps", None, 300)]


def test_history_api_carries_now_and_gaps(op_client):
    op_client.get("/ops/api/summary")
    body = op_client.get("/ops/api/history?series=wan:WAN1:rx_mbps&range=24h").get_json()
    now = datetime.fromisoformat(body["now"])
    assert abs((now - datetime.now(UTC)).total_seconds()) < 5
    gaps = body["series"][0]["gaps"]
    assert len(gaps) == 1 and gaps[0]["cause"] == "no_data", "nothing collected before the first point"
    assert gaps[0]["start"] == (now - timedelta(hours=24)).isoformat(timespec="seconds")


def test_demo_history_gives_thirty_days_of_graphs_at_once(tmp_path):
    import time

    from modules.ops_center.models.cache import OpsCache
    from modules.ops_center.services.polling import demo_history
    from tests.conftest import login, make_app

    app = make_app(tmp_path, OPS_CENTER_DEMO_HISTORY=True)
    client = app.test_client()
    login(client)
    client.get("/ops/api/summary")  # the first demo fetch seeds it, in the background
    deadline = time.monotonic() + 20
    while True:
        with app.app_context():
            if session().execute(select(OpsCache).where(OpsCache.cache_key == demo_history.MARKER)).first():
                break
        assert time.monotonic() < deadline, "demo history not seeded"
        time.sleep(0.1)
    body = client.get("/ops/api/history?series=wan:WAN1:rx_mbps,wan:WAN1:tx_mbps,pdu:pdu-1:load_amps"
                      "&range=30d").get_json()
    wan, _tx, pdu = body["series"]
    values = [v for _t, v in wan["points"] if v is not None]
    assert len(values) >= 175 and max(values) > 300 and min(values) < max(values) / 2, "a daily rhythm"
    assert all(5 < v < 15 for _t, v in pdu["points"] if v is not None), "PDU load in amps, under the rating"
    causes = {g["cause"]: g for g in wan["gaps"]}
    assert set(causes) == {"no_data", "source_down"}, wan["gaps"]
    assert 16 < (datetime.fromisoformat(body["now"]) - datetime.fromisoformat(causes["source_down"]["start"])
                 ).total_seconds() / 86400 < 18
    assert [g["cause"] for g in pdu["gaps"]] == ["no_data"], "the PDU answered while the firewall did not"
    day = client.get("/ops/api/history?series=wan:WAN1:rx_mbps&range=24h").get_json()["series"][0]
    assert len([v for _t, v in day["points"] if v is not None]) >= 140, "raw points every 30 s, in 10-minute buckets"
    with app.app_context():
        per_series = session().execute(select(OpsMetric.series, func.count()).group_by(OpsMetric.series)).all()
    assert all(n <= 86400 / 30 + 8640 for _s, n in per_series), "inside the README's bound"
    with app.app_context():
        assert demo_history.ensure(app, True) is None, "seeded once"
        assert demo_history.ensure(app, False) > 50000, "real systems drop the demo history"
        assert not session().execute(select(OpsMetric.id).where(OpsMetric.series == "wan:WAN1:rx_mbps")).first()


def test_a_watcher_outage_with_the_dead_holders_last_point_inside_is_a_gap_from_that_point(app):
    from modules.ops_center.services.polling import outages

    put(app, "wan:WAN1:tx_mbps", [(NOW - timedelta(seconds=30 * k), 1.0) for k in range(121)] +
        [(NOW - timedelta(seconds=593), 1.0)])  # a fetch started before the holder's last cycle, stored after
    with app.app_context():
        outages.record(NOW - timedelta(seconds=595), NOW - timedelta(seconds=575))
        gaps = history.history("wan:WAN1:tx_mbps", "1h", now=NOW)["gaps"]
    assert gaps == [{"start": (NOW - timedelta(seconds=593)).isoformat(timespec="seconds"),
                     "end": (NOW - timedelta(seconds=575)).isoformat(timespec="seconds"), "cause": "no_data"}]
