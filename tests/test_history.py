"""
Operations Command Center - History Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The metrics store: points recorded from fetches (no extra
    upstream call), downsampling and retention on synthetic points (counts,
    averages, boundaries), bucketed history with gaps, and the history API.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from modules.ops_center.models.base import session
from modules.ops_center.models.metrics import OpsMetric
from modules.ops_center.services.polling import metrics

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
        result = metrics.history("wan:WAN2:tx_mbps", "1h", now=NOW)
    values = [v for _t, v in result["points"]]
    assert result["step_s"] == 60
    assert values.count(None) == 1, "one gap marker for the hole, nothing interpolated"
    assert len(values) == len(points) + 1
    gap_at = values.index(None)
    assert values[gap_at - 1] == 35.0 and values[gap_at + 1] == 19.0
    with app.app_context():
        day = metrics.history("wan:WAN2:tx_mbps", "24h", now=NOW)
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
