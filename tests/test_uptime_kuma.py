"""
Operations Command Center - Uptime Kuma Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The Uptime Kuma integration against the status-page fake:
    monitor names from publicGroupList, outages from heartbeats (a closed
    gap, an ongoing one, PENDING ignored, MAINTENANCE counted up), 24 h
    uptime from the "<monitorId>_24" ratios and computed from beats where
    Kuma gives none, the key format, WAN mapping, every failure as its
    error kind, and the values through the aggregator with last good data
    kept on failure.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC, datetime

import pytest

from modules.ops_center.integrations import uptime_calc as calc
from modules.ops_center.integrations.base import AuthFailed, BadResponse, ConfigError, Timeout, Unreachable
from modules.ops_center.integrations.uptime_kuma import UptimeKuma, monitor_names, parse_heartbeats
from modules.ops_center.models.base import session
from modules.ops_center.services.aggregator import get_aggregator
from modules.ops_center.services.systems import save_instance
from tests.fakes.uptime_kuma_fake import DOWN, MAINTENANCE, PENDING, UP, UptimeKumaFake, beats, kuma_time

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC).timestamp()
GROUPS = [("Network", [(1, "WAN1 gateway", "ping"), (4, "WAN2 gateway", "ping")]),
          ("Servers", [(2, "NAS", "http"), (3, "Proxmox", "port")])]


def iso_ago(seconds):
    """ISO text of NOW minus some seconds."""
    return calc.iso(NOW - seconds)


def heartbeats():
    """1: down 1800..1620 s ago after a PENDING beat; 2: down for the last 2 min; 3: beats every 15 min, one
    failed 4500 s ago; 4: in maintenance for the last 10 min."""
    return {
        1: beats(NOW, states=lambda ago: DOWN if 1620 <= ago <= 1800 else PENDING if ago == 1860 else UP),
        2: beats(NOW, states=lambda ago: DOWN if ago <= 120 else UP),
        3: beats(NOW, interval=900, states=lambda ago: DOWN if ago == 4500 else UP),
        4: beats(NOW, states=lambda ago: MAINTENANCE if ago <= 600 else UP),
    }


EXPECTED_OUTAGES = [("NAS", iso_ago(120), None, 120), ("WAN1 gateway", iso_ago(1800), iso_ago(1560), 240),
                    ("Proxmox", iso_ago(4500), iso_ago(3600), 900)]
EXPECTED_UPTIME = {
    "NAS": ("down", 99.86, None),            # Kuma's own 24 h ratio; 100 beats are no 30 days
    "Proxmox": ("up", 98.958, None),         # computed: 15 of 1440 min down; 25 h of beats cover 24 h
    "WAN1 gateway": ("up", 99.72, None),
    "WAN2 gateway": ("up", None, None),      # no ratio, 100 min of beats cover too little of 24 h
}


@pytest.fixture(scope="module")
def _server():
    server = UptimeKumaFake(slug="lab", groups=GROUPS, heartbeats=heartbeats(),
                            uptime_24={1: 0.9972, 2: 0.9986}).start()
    yield server
    server.stop()


@pytest.fixture
def fake(_server):
    """The status-page fake (mode reset per test)."""
    _server.mode = "ok"
    _server.requests.clear()
    yield _server
    _server.mode = "ok"


@pytest.fixture
def make():
    """Build Uptime Kuma integrations with the clock at NOW; closes them afterwards."""
    made = []

    def build(url, **settings):
        integ = UptimeKuma("kuma", dict({"url": url, "slug": "lab", "timeout": 1.0}, **settings))
        integ.clock = lambda: NOW
        made.append(integ)
        return integ

    yield build
    for integ in made:
        integ.close()


def test_known_values_from_the_status_page(fake, make):
    data = make(fake.url, wan_map={"WAN1": "WAN1 gateway"}).fetch()
    assert [(o.target, o.start, o.end, o.duration_s, o.source) for o in data.outages] == \
        [row + ("kuma",) for row in EXPECTED_OUTAGES]
    assert {u.target: (u.status, u.uptime_pct_24h, u.uptime_pct_30d) for u in data.uptime} == EXPECTED_UPTIME
    assert data.wan == [], "no 30-day figure from a status page, so no WAN record"
    assert [r.path for r in fake.requests] == ["/api/status-page/lab", "/api/status-page/heartbeat/lab"]


def test_fake_serves_the_reference_shapes(fake):
    import requests

    with requests.Session() as http:
        http.trust_env = False
        page = http.get(fake.url + "/api/status-page/lab", timeout=2).json()
        beat = http.get(fake.url + "/api/status-page/heartbeat/lab", timeout=2).json()
        missing = http.get(fake.url + "/api/status-page/nope", timeout=2)
        empty = http.get(fake.url + "/api/status-page/heartbeat/nope", timeout=2).json()
    assert set(page) == {"config", "incidents", "publicGroupList", "maintenanceList"}
    assert page["publicGroupList"][0]["monitorList"][0] == {"id": 1, "name": "WAN1 gateway", "sendUrl": 0,
                                                            "type": "ping"}
    assert set(beat["heartbeatList"]) == {"1", "2", "3", "4"} and beat["uptimeList"] == {"1_24": 0.9972,
                                                                                          "2_24": 0.9986}
    assert len(beat["heartbeatList"]["1"]) == 100
    assert beat["heartbeatList"]["1"][-1] == {"status": 1, "time": kuma_time(NOW - 60), "msg": "", "ping": 12}
    assert (missing.status_code, missing.json()) == (404, {"status": "fail", "msg": "Status Page Not Found"})
    assert empty == {"heartbeatList": {}, "uptimeList": {}}


def test_uptime_list_key_format_and_30_day_key():
    names = {"7": "router", "8": "dns"}
    payload = {"heartbeatList": {"7": [0, {"status": 1, "time": "2026-11-26T11:59:00.000Z", "msg": "", "ping": 3}],
                                 "9": [{"status": 0, "time": "2026-11-26 11:59:00.000"}]},
               "uptimeList": {"7_24": 0.5, "7_720": "0.9925", "7": 0.1, "8_24": 1.7, "9_24": 0.2, "x_24": 1}}
    series, known = parse_heartbeats(payload, names)
    assert series == {"router": [(NOW - 60, True)], "dns": []}, "the 0 bucket and the private monitor are skipped"
    assert known == {"router": {"24h": 50.0, "30d": 99.25}}, "plain ids, ratios above 1 and unknown ids ignored"
    outages, uptime = calc.summarize(series, NOW, "kuma", known=known)
    assert [(u.target, u.uptime_pct_30d) for u in uptime] == [("dns", None), ("router", 99.25)]
    assert [(w.name, w.uptime_pct_30d) for w in calc.wan_entries(uptime, {"WAN1": "router"}, "kuma")] == \
        [("WAN1", 99.25)]


def test_monitor_names_and_bad_shapes():
    page = {"publicGroupList": [{"monitorList": [{"id": 1, "name": "web"}, {"id": 2, "name": "web"}, {"id": 3}]},
                                "junk"]}
    assert monitor_names(page) == {"1": "web", "2": "web #2", "3": "monitor 3"}
    with pytest.raises(BadResponse, match="publicGroupList"):
        monitor_names({"config": {}})
    with pytest.raises(BadResponse, match="heartbeatList"):
        parse_heartbeats({"uptimeList": {}}, {})


def test_unknown_slug_is_bad_response_with_kumas_message(fake, make):
    with pytest.raises(BadResponse, match="404.*Status Page Not Found"):
        make(fake.url, slug="other").fetch()
    with pytest.raises(ConfigError):
        make(fake.url, slug=" ").fetch()


@pytest.mark.parametrize("mode,kind", [("malformed", BadResponse), ("truncated", BadResponse),
                                       ("500", BadResponse), ("unauthorized", AuthFailed)])
def test_failures_become_their_kind(fake, make, mode, kind):
    fake.mode = mode
    with pytest.raises(kind):
        make(fake.url).fetch()


def test_refused_and_hang(make):
    gone = UptimeKumaFake().start()
    url = gone.url
    gone.stop()
    with pytest.raises(Unreachable):
        make(url).fetch()
    hung = UptimeKumaFake().start()
    hung.mode = "hang"
    try:
        with pytest.raises(Timeout):
            make(hung.url, timeout=0.3).fetch()
    finally:
        hung.mode = "ok"
        hung.stop()


def test_values_through_the_aggregator_and_last_good_data_on_failure(app, fake, monkeypatch):
    monkeypatch.setattr(UptimeKuma, "clock", staticmethod(lambda: NOW))
    with app.app_context():
        save_instance("uptime_kuma", "kuma", {"url": fake.url, "slug": "lab", "wan_map": {"WAN1": "WAN1 gateway"}})
        session().commit()
        agg = get_aggregator(app)
        try:
            first = agg.snapshot(force=True)
            fake.mode = "500"
            second = agg.snapshot(force=True)
        finally:
            agg.close()
    assert [(o["target"], o["start"], o["end"], o["duration_s"]) for o in first["outages"]] == EXPECTED_OUTAGES
    assert {u["target"]: (u["status"], u["uptime_pct_24h"], u["uptime_pct_30d"]) for u in first["uptime"]} == \
        EXPECTED_UPTIME
    src = next(s for s in second["sources"] if s["name"] == "kuma")
    assert (src["ok"], src["stale"], src["error_kind"]) == (False, True, "bad_response")
    assert "HTTP 500" in src["error"]
    assert second["uptime"] == first["uptime"], "last good data stays"
