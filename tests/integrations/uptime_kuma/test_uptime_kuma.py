"""
Operations Command Center - Uptime Kuma Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The Uptime Kuma integration against the status-page fake:
    monitor names from publicGroupList, outages from heartbeats (a closed
    gap, an ongoing one, PENDING ignored, MAINTENANCE counted up), 24 h
    uptime from the "<monitorId>_24" ratios and computed from beats where
    Kuma gives none, 30-day uptime from the public badge (v1.23 page with 50
    beats, v2 page with 100; cached for the TTL; a changed or oversized
    badge is a clear error), the key format, WAN mapping, every failure as
    its error kind, and the values through the aggregator with last good
    data kept on failure.

CHANGELOG:
- 1.1.0 (2026-12-01): 30-day uptime from the badge: v1.23 (50 beats) and v2 (100 beats) pages, strict parsing,
  cache and cap; the status-page expectations now carry the badge figures and the WAN record they allow
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC, datetime

import pytest

from modules.ops_center.integrations import uptime_kuma
from modules.ops_center.integrations.base import AuthFailed, BadResponse, ConfigError, Timeout, Unreachable, Wan
from modules.ops_center.integrations.kit import uptime as calc
from modules.ops_center.integrations.uptime_kuma import UptimeKuma, monitor_names, parse_badge, parse_heartbeats
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.fakes.uptime_kuma_fake import (
    DOWN,
    MAINTENANCE,
    PENDING,
    UP,
    UptimeKumaFake,
    badge_svg,
    beats,
    kuma_time,
    to_precision,
)

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
# The badge prints the 30-day ratio with toPrecision(4): 0.99874 -> "99.87%", 1.0 -> "100.0%".
UPTIME_720 = {1: 0.9931, 2: 0.99874, 3: 0.9959, 4: 1.0}
EXPECTED_UPTIME = {
    "NAS": ("down", 99.86, 99.87),           # Kuma's own 24 h ratio; 30 days from the badge
    "Proxmox": ("up", 98.958, 99.59),        # computed: 15 of 1440 min down; 25 h of beats cover 24 h
    "WAN1 gateway": ("up", 99.72, 99.31),
    "WAN2 gateway": ("up", None, 100.0),     # no ratio, 100 min of beats cover too little of 24 h
}
PAGE_PATHS = ["/api/status-page/lab", "/api/status-page/heartbeat/lab"]


@pytest.fixture(scope="module")
def _server():
    server = UptimeKumaFake(slug="lab", groups=GROUPS, heartbeats=heartbeats(), uptime_24={1: 0.9972, 2: 0.9986},
                            uptime_720=UPTIME_720).start()
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
    assert data.wan == [Wan("WAN1", uptime_pct_30d=99.31, source="kuma")], "the badge gives the WAN its 30 days"
    assert [r.path for r in fake.requests] == PAGE_PATHS + [f"/api/badge/{i}/uptime/720" for i in (1, 2, 3, 4)]


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


def test_unknown_slug_is_a_clear_bad_response(fake, make):
    with pytest.raises(BadResponse, match="404: status page 'other' not found"):
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


# --------------------------------------------------------------------------- 30-day uptime from the badge


def test_v1_23_page_with_50_beats_and_a_badge(make):
    """v1.23: LIMIT 50 beats, only "<id>_24" in uptimeList; the 30-day figure comes from the badge alone."""
    groups = [("Net", [(11, "WAN1 gateway", "ping"), (12, "DNS", "dns")])]
    old_beats = {11: beats(NOW, count=80, states=lambda ago: DOWN if 3300 <= ago <= 3420 else UP),
                 12: beats(NOW, count=80, states=lambda ago: DOWN if ago <= 180 else UP)}
    server = UptimeKumaFake(version="1.23", groups=groups, heartbeats=old_beats, uptime_24={11: 0.9991},
                            uptime_720={11: 0.99347, 12: 0.95}).start()
    try:
        import requests

        with requests.Session() as http:
            http.trust_env = False
            beat = http.get(server.url + "/api/status-page/heartbeat/lab", timeout=2).json()
            badge = http.get(server.url + "/api/badge/11/uptime/720", timeout=2)
        assert [len(beat["heartbeatList"][k]) for k in ("11", "12")] == [50, 50]
        assert beat["uptimeList"] == {"11_24": 0.9991}, "no _720 key on a status page"
        assert badge.headers["Content-Type"].startswith("image/svg+xml")
        assert "<title>Uptime (720h): 99.35%</title>" in badge.text
        data = make(server.url, wan_map={"WAN1": "WAN1 gateway"}).fetch()
    finally:
        server.stop()
    assert {u.target: (u.status, u.uptime_pct_24h, u.uptime_pct_30d) for u in data.uptime} == {
        "DNS": ("down", None, 95.0), "WAN1 gateway": ("up", 99.91, 99.35)}
    assert [(o.target, o.end, o.duration_s) for o in data.outages] == [("DNS", None, 180)], \
        "the outage 55 min ago is older than the 50 beats (50 min) a v1.23 page shows"
    assert data.wan == [Wan("WAN1", uptime_pct_30d=99.35, source="kuma")]


def test_v2_page_with_100_beats(fake, make):
    """v2: LIMIT 100 beats; 100 beats every 15 min cover the 24 h window, 50 would not."""
    import requests

    with requests.Session() as http:
        http.trust_env = False
        beat = http.get(fake.url + "/api/status-page/heartbeat/lab", timeout=2).json()
    assert {k: len(v) for k, v in beat["heartbeatList"].items()} == {"1": 100, "2": 100, "3": 100, "4": 100}
    assert set(beat["uptimeList"]) == {"1_24", "2_24"}, "no _720 key on a status page"
    data = make(fake.url).fetch()
    proxmox = next(u for u in data.uptime if u.target == "Proxmox")
    assert (proxmox.uptime_pct_24h, proxmox.uptime_pct_30d) == (98.958, 99.59)
    assert data.wan == [], "no wan_map, no WAN record"


def test_badge_parsing_is_strict():
    path = "/api/badge/1/uptime/720"
    assert parse_badge(badge_svg("Uptime (720h)", "99.72%").encode(), path) == 99.72
    assert parse_badge(("\n  " + badge_svg("Uptime (720h)", "100.0%")).encode(), path) == 100.0
    assert parse_badge(badge_svg("Uptime (720h)", "0.000%").encode(), path) == 0.0
    assert parse_badge(badge_svg("", "N/A", "#9f9f9f").encode(), path) is None
    assert (to_precision(99.874), to_precision(100.0), to_precision(5.0), to_precision(0)) == \
        ("99.87", "100.0", "5.000", "0.000")
    changed = [badge_svg("Uptime (30d)", "99.72%"), badge_svg("Uptime (720h)", "99.72"),
               badge_svg("Uptime (720h)", "120.0%"), badge_svg("Uptime (720h)", "NaN%"),
               "<html><title>Uptime (720h): 99.72%</title></html>", "Uptime (720h): 99.72%",
               badge_svg("Uptime (720h)", "99.72%").replace("</svg>", "<title>x</title></svg>")]
    for body in changed:
        with pytest.raises(BadResponse, match=r"expected an SVG whose <title> reads 'Uptime \(720h\): <percent>%'"):
            parse_badge(body.encode(), path)
    with pytest.raises(BadResponse, match=r"got 'Uptime \(30d\): 99.72%'"):
        parse_badge(changed[0].encode(), path)
    with pytest.raises(BadResponse, match=r"got '\?\[31mUptime: 1%'"):
        parse_badge(badge_svg("\x1b[31mUptime", "1%").encode(), path)


def test_changed_or_oversized_badge_is_a_clear_error_not_a_number(fake, make):
    fake.badge_body = badge_svg("Uptime (30d)", "99.72%").encode()
    with pytest.raises(BadResponse) as info:
        make(fake.url, wan_map={"WAN1": "WAN1 gateway"}).fetch()
    assert "/api/badge/1/uptime/720: expected an SVG whose <title> reads 'Uptime (720h): <percent>%'" in \
        str(info.value)
    fake.badge_body = b"<svg>" + b" " * 40000 + b"</svg>"
    with pytest.raises(BadResponse, match="more than 16384 bytes; expected a small SVG badge"):
        make(fake.url).fetch()
    fake.badge_body = None


def test_badges_are_cached_for_the_status_ttl_mapped_wans_first(fake, make, monkeypatch):
    integ = make(fake.url, wan_map={"WAN2": "WAN2 gateway"})
    integ.fetch()
    assert [r.path for r in fake.requests][2:] == [f"/api/badge/{i}/uptime/720" for i in (4, 1, 2, 3)]
    fake.requests.clear()
    integ.clock = lambda: NOW + 59
    assert integ.fetch().wan == [Wan("WAN2", uptime_pct_30d=100.0, source="kuma")]
    assert [r.path for r in fake.requests] == PAGE_PATHS, "within the 60 s status TTL the badges are cached"
    fake.uptime_720 = {**UPTIME_720, 4: 0.9987}
    fake.requests.clear()
    integ.clock = lambda: NOW + 61
    try:
        assert integ.fetch().wan == [Wan("WAN2", uptime_pct_30d=99.87, source="kuma")]
    finally:
        fake.uptime_720 = dict(UPTIME_720)
    assert len(fake.requests) == 6
    monkeypatch.setattr(uptime_kuma, "MAX_BADGES", 1)
    fake.requests.clear()
    capped = make(fake.url, wan_map={"WAN2": "WAN2 gateway"}, ttl=300).fetch()
    assert [r.path for r in fake.requests][2:] == ["/api/badge/4/uptime/720"]
    assert {u.target: u.uptime_pct_30d for u in capped.uptime} == {
        "NAS": None, "Proxmox": None, "WAN1 gateway": None, "WAN2 gateway": 100.0}
