"""
Operations Command Center - Hostmon Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The shared uptime calculation on small known series, and the
    Hostmon integration on a SQLite database (every timestamp format,
    read-only, bounded to 30 days) and on the HTTP JSON form: known outages
    (a closed gap, an ongoing one, one older than 30 days left out), 24 h /
    30 d percentages to known values, WAN mapping, every failure (missing,
    locked, corrupt file, wrong schema, refused, hang, bad token, garbage
    body) as its error kind without secrets, and the values through the
    aggregator with last good data kept on failure.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import shutil
import sqlite3
from datetime import UTC, datetime

import pytest

from modules.ops_center.integrations import hostmon as hostmon_module
from modules.ops_center.integrations.base import AuthFailed, BadResponse, ConfigError, Timeout, Unreachable
from modules.ops_center.integrations.hostmon import Hostmon
from modules.ops_center.integrations.kit import uptime as calc
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.fakes.hostmon_fake import TS_FORMATS, HostmonHttpFake, series, write_db

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()
DAY = 86400
TOKEN = "hm-tok-3f9a1c77"
WAN_MAP = {"WAN1": "wan1-gw", "WAN2": "wan2-gw"}


def iso_ago(seconds):
    """ISO text of NOW minus some seconds."""
    return calc.iso(NOW - seconds)


def history():
    """Checks every 15 min. wan1: 35 days, down 2 h..1 h ago and 32 days ago; wan2: down for the last 15 min
    and for 15 min 3 days ago; nas: always up."""
    return (series("wan1-gw", NOW, days=35, interval=900, down=[(7200, 3600), (32 * DAY, 32 * DAY - 1800)])
            + series("wan2-gw", NOW, interval=900, down=[(900, 0), (3 * DAY, 3 * DAY - 900)])
            + series("nas-01", NOW, interval=900))


EXPECTED_OUTAGES = [("wan2-gw", iso_ago(900), None, 900), ("wan1-gw", iso_ago(7200), iso_ago(3600), 3600),
                    ("wan2-gw", iso_ago(3 * DAY), iso_ago(3 * DAY - 900), 900)]
EXPECTED_UPTIME = {"nas-01": ("up", 100.0, 100.0),
                   "wan1-gw": ("up", 95.833, 99.861),     # 1 h of 24 h down; 1 h of 30 d down
                   "wan2-gw": ("down", 98.958, 99.931)}   # 15 min of 24 h; 30 min of 30 d


@pytest.fixture(scope="module")
def known_db(tmp_path_factory):
    """The known history as an ISO-timestamped database, written once (tests only read it)."""
    return write_db(tmp_path_factory.mktemp("hostmon") / "known.db", history())


def small_history():
    """A day of checks of one target, for tests that do not look at values."""
    return series("x", NOW, days=1)


@pytest.fixture
def make():
    """Build Hostmon integrations with the clock at NOW; closes them afterwards."""
    made = []

    def build(**settings):
        integ = Hostmon("hostmon-1", settings)
        integ.clock = lambda: NOW
        made.append(integ)
        return integ

    yield build
    for integ in made:
        integ.close()


def assert_known_values(data):
    """The outages, uptime and WANs the known history must give."""
    assert [(o.target, o.start, o.end, o.duration_s, o.source) for o in data.outages] == \
        [row + ("hostmon-1",) for row in EXPECTED_OUTAGES]
    assert {u.target: (u.status, u.uptime_pct_24h, u.uptime_pct_30d) for u in data.uptime} == EXPECTED_UPTIME
    assert [(w.name, w.uptime_pct_30d, w.status, w.source) for w in data.wan] == \
        [("WAN1", 99.861, "unknown", "hostmon-1"), ("WAN2", 99.931, "unknown", "hostmon-1")]


# ---------------------------------------------------------------------------- uptime_calc


@pytest.mark.parametrize("value,epoch", [
    ("2026-11-26T12:00:00Z", NOW), ("2026-11-26 12:00:00", NOW), ("2026-11-26T13:00:00+01:00", NOW),
    ("2026-11-26 12:00:00.512", NOW + 0.512), (NOW, NOW), (int(NOW), NOW), (str(int(NOW)), NOW),
    ("yesterday", None), ("", None), (None, None), (True, None), (-5, None)])
def test_parse_time(value, epoch):
    assert calc.parse_time(value) == epoch


@pytest.mark.parametrize("value,up", [(1, True), (0, False), (True, True), ("up", True), ("DOWN", False),
                                      ("1", True), ("false", False), (2, None), ("maybe", None), (None, None)])
def test_parse_up(value, up):
    assert calc.parse_up(value) == up


def test_summarize_closed_gap_ongoing_outage_and_stale_target():
    checks = {"a": [(NOW - 600 + 60 * k, k not in (3, 4)) for k in range(10)],   # down 420..300 s ago
              "b": [(NOW - 300, True), (NOW - 240, False), (NOW - 180, False), (NOW - 120, False),
                    (NOW - 60, False)],
              "c": [(NOW - 4000 + 60 * k, True) for k in range(10)]}             # last check 3460 s ago
    outages, uptime = calc.summarize(checks, NOW, "src")
    assert [(o.target, o.start, o.end, o.duration_s) for o in outages] == [
        ("b", iso_ago(240), None, 240), ("a", iso_ago(420), iso_ago(300), 120)]
    status = {u.target: (u.status, u.uptime_pct_24h) for u in uptime}
    # a: 600 s known, 120 s down; b: 300 s known, 240 s down; c: each check holds at most 3 x 60 s.
    assert status == {"a": ("up", 80.0), "b": ("down", 20.0), "c": ("unknown", 100.0)}


def test_summarize_skips_gaps_without_checks_and_caps_outages():
    # Checks every 60 s, then a 2-hour hole: the hole counts neither up nor down.
    checks = [(NOW - 9000 + 60 * k, True) for k in range(10)] + [(NOW - 1200 + 60 * k, k != 5) for k in range(20)]
    _outages, uptime = calc.summarize({"t": checks}, NOW, "src")
    known = 9 * 60 + 180 + 1200  # nine full spans, the last before the hole holds 3 x 60 s, then 20 spans
    assert uptime[0].uptime_pct_24h == round(100 * (known - 60) / known, 3)
    flappy = {"f": [(NOW - 6000 + 60 * k, k % 2 == 0) for k in range(100)]}
    outages, _ = calc.summarize(flappy, NOW, "src", max_outages=5)
    assert len(outages) == 5 and outages[0].start > outages[-1].start


def test_wan_entries_skip_unknown_targets_and_missing_figures():
    uptime = [calc.UptimeTarget("gw1", "up", 99.0, 98.5, "s"), calc.UptimeTarget("gw2", "up", None, None, "s")]
    wans = calc.wan_entries(uptime, {"WAN1": "gw1", "WAN2": "gw2", "WAN3": "nope"}, "s")
    assert [(w.name, w.uptime_pct_30d) for w in wans] == [("WAN1", 98.5)]


# ---------------------------------------------------------------------------- SQLite


@pytest.mark.parametrize("ts_format", [f for f in TS_FORMATS if f != "iso"])
def test_sqlite_known_values_in_every_timestamp_format(make, tmp_path, ts_format):
    db = write_db(tmp_path / "hostmon.db", history(), ts_format=ts_format)
    assert_known_values(make(db_path=db, wan_map=WAN_MAP).fetch())


def test_sqlite_known_values_iso(make, known_db):
    assert_known_values(make(db_path=known_db, wan_map=WAN_MAP).fetch())


@pytest.mark.parametrize("ts_format", ["iso", "unix"])
def test_sqlite_query_is_bounded_to_30_days(make, tmp_path, known_db, ts_format):
    rows = history()
    db = known_db if ts_format == "iso" else write_db(tmp_path / "hostmon.db", rows, ts_format=ts_format)
    read = make(db_path=db)._read_sqlite(NOW - calc.WINDOW_30D)
    in_window = sum(1 for r in rows if r[1] >= NOW - calc.WINDOW_30D)
    # ISO text is bounded by its date (up to one day of slack); numbers exactly.
    assert in_window <= len(read) <= in_window + (3 * DAY // 900)
    assert len(read) < len(rows) - 400  # wan1's five older days are not read
    if ts_format == "unix":
        assert len(read) == in_window


def test_sqlite_is_opened_read_only_with_a_timeout(make, known_db, monkeypatch):
    db = known_db
    seen = []
    real = sqlite3.connect

    def spy(target, *args, **kwargs):
        seen.append((target, kwargs))
        return real(target, *args, **kwargs)

    monkeypatch.setattr(hostmon_module.sqlite3, "connect", spy)
    make(db_path=db, timeout=2.5).fetch()
    uri, kwargs = seen[0]
    assert uri.startswith("file:") and uri.endswith("?mode=ro")
    assert kwargs == {"uri": True, "timeout": 2.5}


def test_custom_table_name(make, tmp_path):
    db = write_db(tmp_path / "hostmon.db", history(), table="host_checks")
    assert_known_values(make(db_path=db, table="host_checks", wan_map=WAN_MAP).fetch())


def test_missing_file_is_unreachable(make, tmp_path):
    with pytest.raises(Unreachable, match="not found"):
        make(db_path=str(tmp_path / "nope.db")).fetch()


def test_locked_database_is_a_timeout(make, tmp_path):
    db = write_db(tmp_path / "hostmon.db", small_history())
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(Timeout, match="busy"):
            make(db_path=db, timeout=0.2).fetch()
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_corrupt_file_is_bad_response(make, tmp_path):
    path = tmp_path / "hostmon.db"
    path.write_bytes(b"this is not a database at all\x00" * 200)
    with pytest.raises(BadResponse, match="unreadable|not a database"):
        make(db_path=str(path)).fetch()


def test_wrong_schema_is_bad_response_naming_what_is_missing(make, tmp_path):
    db = write_db(tmp_path / "a.db", small_history(), columns=("target", "checked_at", "status"))
    with pytest.raises(BadResponse, match="lacks column\\(s\\) up"):
        make(db_path=db).fetch()
    with pytest.raises(BadResponse, match="no table 'checks'"):
        make(db_path=write_db(tmp_path / "b.db", small_history(), table="other")).fetch()
    with pytest.raises(ConfigError):
        make(db_path=db, table='checks"; DROP TABLE checks; --').fetch()


def test_rows_without_usable_values_are_bad_response(make, tmp_path):
    db = tmp_path / "bad.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE checks (target TEXT, checked_at, up)")
    conn.executemany("INSERT INTO checks VALUES (?, ?, ?)", [("x", "2026-11-26T11:00:00Z", "maybe"),
                                                             ("", "2026-11-26T11:00:00Z", 1)])
    conn.commit()
    conn.close()
    with pytest.raises(BadResponse, match="none of 2 check rows"):
        make(db_path=str(db)).fetch()


def test_rows_with_junk_keep_the_usable_ones():
    rows = hostmon_module.parse_http_payload({"checks": [
        {"target": ["x"], "checked_at": 1, "up": 1}, {"target": "a", "checked_at": NOW, "up": [1]},
        {"target": " a ", "checked_at": "2026-11-26T12:00:00Z", "up": "up"}, "junk",
        {"target": "a", "checked_at": "2026-11-26T12:01:00+00:00", "up": 0, "latency_ms": None}]})
    assert hostmon_module.rows_to_series(rows) == ({"a": [(NOW, True), (NOW + 60, False)]}, 3)


def test_no_source_configured_is_config_error(make):
    with pytest.raises(ConfigError):
        make().fetch()


# ---------------------------------------------------------------------------- HTTP JSON


@pytest.fixture(scope="module")
def _http_server():
    server = HostmonHttpFake(rows=history(), token=TOKEN).start()
    yield server
    server.stop()


@pytest.fixture
def http_fake(_http_server):
    """The HTTP JSON form serving the known history behind a token (mode reset per test)."""
    _http_server.mode = "ok"
    _http_server.requests.clear()
    yield _http_server
    _http_server.mode = "ok"


def test_http_known_values_with_bearer_token_and_since(make, http_fake):
    data = make(url=http_fake.url + "/api/checks", token=TOKEN, wan_map=WAN_MAP).fetch()
    assert_known_values(data)
    request = http_fake.requests[-1]
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.query["since"] == [calc.iso(NOW - calc.WINDOW_30D)]


def test_http_bad_token_is_auth_failed_without_the_token(make, http_fake):
    with pytest.raises(AuthFailed) as err:
        make(url=http_fake.url + "/api/checks", token="wrong-" + TOKEN).fetch()
    assert TOKEN not in str(err.value)


@pytest.mark.parametrize("mode,kind", [("malformed", BadResponse), ("truncated", BadResponse),
                                       ("500", BadResponse), ("unauthorized", AuthFailed)])
def test_http_failures_become_their_kind(make, http_fake, mode, kind):
    http_fake.mode = mode
    with pytest.raises(kind) as err:
        make(url=http_fake.url + "/api/checks", token=TOKEN).fetch()
    assert TOKEN not in str(err.value)


def test_http_wrong_shape_is_bad_response(make, http_fake):
    http_fake.route("GET", r"/api/hosts", lambda _r, _m: (200, {"Content-Type": "application/json"}, b"[1, 2]"))
    with pytest.raises(BadResponse, match="'checks' list"):
        make(url=http_fake.url + "/api/hosts", token=TOKEN).fetch()


def test_http_refused_and_hang(make):
    gone = HostmonHttpFake().start()
    url = gone.url + "/api/checks"
    gone.stop()
    with pytest.raises(Unreachable):
        make(url=url).fetch()
    hung = HostmonHttpFake().start()
    hung.mode = "hang"
    try:
        with pytest.raises(Timeout):
            make(url=hung.url + "/api/checks", timeout=0.3).fetch()
    finally:
        hung.mode = "ok"
        hung.stop()


# ---------------------------------------------------------------------------- through the aggregator


def test_values_through_the_aggregator_and_last_good_data_on_failure(app, tmp_path, known_db, monkeypatch):
    monkeypatch.setattr(Hostmon, "clock", staticmethod(lambda: NOW))
    db = tmp_path / "hostmon.db"
    shutil.copy(known_db, db)
    with app.app_context():
        save_instance("hostmon", "hostmon-1", {"db_path": str(db), "wan_map": WAN_MAP})
        session().commit()
        first = get_aggregator(app).snapshot(force=True)
        db.write_bytes(b"garbage" * 100)
        second = get_aggregator(app).snapshot(force=True)
    assert [(o["target"], o["start"], o["end"], o["duration_s"]) for o in first["outages"]] == EXPECTED_OUTAGES
    assert {u["target"]: (u["status"], u["uptime_pct_24h"], u["uptime_pct_30d"]) for u in first["uptime"]} == \
        EXPECTED_UPTIME
    assert {w["name"]: w["uptime_pct_30d"] for w in first["wan"]} == {"WAN1": 99.861, "WAN2": 99.931}
    assert first["overall"] == "degraded"  # an ongoing outage
    src = next(s for s in second["sources"] if s["name"] == "hostmon-1")
    assert (src["ok"], src["stale"], src["error_kind"]) == (False, True, "bad_response")
    assert second["outages"] == first["outages"], "last good data stays"
