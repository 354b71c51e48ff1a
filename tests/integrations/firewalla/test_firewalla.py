"""
Operations Command Center - Firewalla MSP Integration Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The Firewalla MSP integration against its loopback fake: alarm
    types as number and string, severities, offline boxes, bounded cursor
    paging (also against a server that repeats its cursor), 429 with
    retry-after, every error class, the aggregator keeping the last good
    data, and the archive/delete write-back requests (an archive path that
    answers 404 for an existing alarm names the missing endpoint and never
    deletes).

CHANGELOG:
- 1.1.0 (2026-12-01): archive 404 on an existing alarm: exact error text, existence check, no DELETE
- 1.0.0 (2026-11-26): Initial implementation
"""

import time

import pytest
import requests

from modules.ops_center.integrations.base import (
    ActionFailed,
    AuthFailed,
    BadResponse,
    ConfigError,
    Timeout,
    Unreachable,
)
from modules.ops_center.integrations.firewalla import Firewalla
from modules.ops_center.integrations.firewalla.parse import alarm_type, box_alerts, parse_alarm, parse_boxes
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.fakes.firewalla_fake import BOX_GOLD, BOX_PURPLE, TOKEN, FirewallaFake


@pytest.fixture
def fake():
    """A running Firewalla MSP fake."""
    server = FirewallaFake().start()
    yield server
    server.stop()


def make(fake, token=TOKEN, **settings):
    """A Firewalla integration pointed at the fake."""
    base = {"url": fake.url, "token": token, "timeout": 0.5}
    base.update(settings)
    return Firewalla("fwl", base)


def alarm_calls(fake):
    """Query dicts of the /v2/alarms requests the fake received."""
    return [{k: v[0] for k, v in r.query.items()} for r in fake.requests if r.path == "/v2/alarms"]


# --------------------------------------------------------------------------- pure parsing


@pytest.mark.parametrize("alarm,expected", [
    ({"type": 5}, 5), ({"type": "5"}, 5), ({"type": "16"}, 16), ({"type": "Open Port"}, 14),
    ({"_type": "ALARM_INTEL"}, 1), ({"type": None, "_type": "ALARM_VPN_RESTORE"}, 12), ({"type": "x"}, None)])
def test_alarm_type_as_number_string_label_or_internal_name(alarm, expected):
    assert alarm_type(alarm) == expected


def test_doc_alarm_example_parses():
    doc = {"count": 1, "results": [{"aid": 1, "type": 5, "message": "Found a new device iPhone connected to your "
                                    "network.", "ts": 1664522841.895, "gid": "00000000-0000-0000-0000-000000000000"}],
           "next_cursor": None}
    alert = parse_alarm(doc["results"][0], "fw", {"00000000-0000-0000-0000-000000000000": "My Firewalla"})
    assert alert.id == "fw:00000000-0000-0000-0000-000000000000:1"
    assert (alert.title, alert.severity, alert.category, alert.host) == \
           ("New Device", "warning", "security", "My Firewalla")
    assert alert.timestamp == "2022-09-30T07:27:21+00:00" and alert.ack_supported
    assert parse_alarm(dict(doc["results"][0], status=2), "fw", {}) is None, "archived alarms are skipped"


def test_box_list_and_offline_alert():
    boxes = parse_boxes([{"gid": "g1", "name": "Gold", "online": True},
                         {"gid": "g2", "name": "Purple", "online": False, "lastSeen": 1795651200.5},
                         {"name": "no gid"}])
    assert [b["gid"] for b in boxes] == ["g1", "g2"]
    [alert] = box_alerts(boxes, "fw")
    assert (alert.id, alert.severity, alert.title, alert.category) == \
           ("fw:box-g2", "critical", "Firewalla box Purple offline", "security")
    assert alert.timestamp == "2026-11-26T00:00:00+00:00"
    assert parse_boxes(boxes, "g1") == boxes[:1]
    with pytest.raises(BadResponse, match="not a JSON array"):
        parse_boxes({"boxes": []})


# --------------------------------------------------------------------------- live fetch


def test_fetch_normalises_alarms_and_box_state(fake):
    data = make(fake).fetch()
    by_id = {a.id: a for a in data.alerts}
    assert len(data.alerts) == 5, "4 active alarms + 1 offline box; the archived one is not asked for"
    upload = by_id[f"fwl:{BOX_GOLD}:2408"]
    assert (upload.title, upload.severity, upload.host) == ("Abnormal Upload", "warning", "InPro Comm")
    assert "upload.example.com US" in upload.detail and upload.timestamp == "2026-11-26T08:00:00+00:00"
    intel = by_id[f"fwl:{BOX_GOLD}:2410"]  # type "1" as a string
    assert (intel.title, intel.severity, intel.host) == ("Security Activity", "critical", "NAS")
    assert by_id[f"fwl:{BOX_GOLD}:2411"].title == "New Device"  # type "5" as a string
    plan = by_id[f"fwl:{BOX_PURPLE}:17"]
    assert (plan.title, plan.severity, plan.host) == ("Monthly Data Plan", "info", "Cabin Purple")
    box = by_id[f"fwl:box-{BOX_PURPLE}"]
    assert (box.severity, box.title, box.ack_supported) == ("critical", "Firewalla box Cabin Purple offline", False)
    assert all(a.ack_supported for a in data.alerts if ":box-" not in a.id)
    assert alarm_calls(fake) == [{"query": "status:active", "sortBy": "ts:desc", "limit": "200"}]
    fake.set_box_online(BOX_PURPLE, True)
    assert not any(":box-" in a.id for a in make(fake).fetch().alerts)


def test_box_filter(fake):
    data = make(fake, box_gid=BOX_PURPLE).fetch()
    assert {a.id for a in data.alerts} == {f"fwl:{BOX_PURPLE}:17", f"fwl:box-{BOX_PURPLE}"}
    assert alarm_calls(fake)[0]["query"] == f"status:active box.id:{BOX_PURPLE}"
    with pytest.raises(ConfigError, match="not a box"):
        make(fake, box_gid="no-such-box").fetch()


def test_pagination_follows_next_cursor_up_to_max_alarms(fake):
    fake.page_cap = 3
    fake.add_alarms(8, type_="1")
    alarms = [a for a in make(fake, max_alarms=10).fetch().alerts if ":box-" not in a.id]
    assert len(alarms) == 10
    calls = alarm_calls(fake)
    assert [c["limit"] for c in calls] == ["10", "7", "4", "1"]
    assert "cursor" not in calls[0] and all(c.get("cursor") for c in calls[1:])
    assert [a.id.rsplit(":", 1)[1] for a in alarms[:3]] == ["5007", "5006", "5005"], "newest first"


def test_a_repeated_cursor_ends_the_loop_without_duplicates(fake):
    fake.page_cap, fake.repeat_cursor = 2, True
    fake.add_alarms(6)
    alarms = [a for a in make(fake, max_alarms=500).fetch().alerts if ":box-" not in a.id]
    assert len(alarm_calls(fake)) == 2, "page 2 answers the cursor page 1 gave: stop there"
    assert len(alarms) == len({a.id for a in alarms}) == 2


def test_rate_limit_error_says_when_to_retry(fake):
    fake.rate_limited, fake.retry_after = 1, 17
    with pytest.raises(BadResponse, match="rate limited, retry after 17 s"):
        make(fake).fetch()
    assert len(make(fake).fetch().alerts) == 5, "the next poll goes through"


# --------------------------------------------------------------------------- errors


def test_fake_answers_401_403_and_400_like_the_msp(fake):
    resp = requests.get(fake.url + "/v2/boxes", headers={"Authorization": "Bearer " + TOKEN}, timeout=2)
    assert (resp.status_code, resp.json()) == (401, {"error": {"message": "Permission Denied"}})
    auth = {"Authorization": "Token " + TOKEN}
    resp = requests.post(fake.url + "/v2/alarms/not-my-box/1/archive", headers=auth, timeout=2)
    assert resp.status_code == 403 and resp.json()["error"]["type"] == "FORBIDDEN"
    resp = requests.get(fake.url + "/v2/alarms", params={"limit": 501}, headers=auth, timeout=2)
    assert resp.status_code == 400 and "limit exceeds max allowed value of 500" in resp.text
    fake.rate_limited = 1
    resp = requests.get(fake.url + "/v2/boxes", headers=auth, timeout=2)
    assert (resp.status_code, resp.headers["retry-after"], resp.headers["x-ratelimit-remaining"]) == (429, "17", "0")


@pytest.mark.parametrize("case,kind,text", [
    ("refused", Unreachable, "cannot connect"), ("hang", Timeout, "within 0.5 s"),
    ("401", AuthFailed, "HTTP 401"), ("403", AuthFailed, "HTTP 403"), ("500", BadResponse, "HTTP 500"),
    ("malformed", BadResponse, "did not return JSON"), ("truncated", BadResponse, "failed")])
def test_each_failure_becomes_its_error_kind_without_the_token(fake, case, kind, text):
    token = "wrong-token-value-123" if case == "401" else TOKEN
    integration = make(fake, token=token)
    if case == "refused":
        fake.stop()
    elif case == "403":
        fake.denied.add("/v2/alarms")
    elif case in ("hang", "500", "malformed", "truncated"):
        fake.mode = case
    started = time.monotonic()
    with pytest.raises(kind) as caught:
        integration.fetch()
    assert time.monotonic() - started < 3
    assert text in str(caught.value) and token not in str(caught.value)


# --------------------------------------------------------------------------- aggregator


def test_aggregator_shows_live_values_then_keeps_them_on_failure(app, fake):
    with app.app_context():
        save_instance("firewalla", "fwl", {"url": fake.url, "token": TOKEN, "timeout": 0.5})
        session().commit()
        first = get_aggregator(app).snapshot(force=True)
        fake.mode = "hang"
        second = get_aggregator(app).snapshot(force=True)
    src = next(s for s in first["sources"] if s["name"] == "fwl")
    assert src["ok"] and src["type"] == "firewalla"
    security = [a for a in first["alerts"] if a["category"] == "security"]
    assert len(security) == 5 and security[0]["severity"] == "critical"
    src = next(s for s in second["sources"] if s["name"] == "fwl")
    assert not src["ok"] and src["stale"] and src["error_kind"] == "timeout" and TOKEN not in src["error"]
    assert [a["id"] for a in second["alerts"]] == [a["id"] for a in first["alerts"]], "last good data stays"


# --------------------------------------------------------------------------- write-back


def test_archive_posts_to_the_alarm_and_it_leaves_the_active_list(fake):
    integration = make(fake)
    integration.fetch()
    assert integration.archive_alarm(f"fwl:{BOX_GOLD}:2408") == f"alarm 2408 on box {BOX_GOLD} archived"
    assert fake.writes == [{"method": "POST", "path": f"/v2/alarms/{BOX_GOLD}/2408/archive", "body": b""}]
    assert integration.archive_alarm("2411").startswith("alarm 2411"), "a bare aid uses the box the fetch saw"
    assert fake.writes[-1]["path"] == f"/v2/alarms/{BOX_GOLD}/2411/archive"
    ids = {a.id for a in integration.fetch().alerts}
    assert f"fwl:{BOX_GOLD}:2408" not in ids and f"fwl:{BOX_GOLD}:2411" not in ids


def test_delete_action_and_refusals(fake):
    deleter = make(fake, ack_action="delete")
    deleter.archive_alarm(f"{BOX_PURPLE}:17")
    assert fake.writes[-1] == {"method": "DELETE", "path": f"/v2/alarms/{BOX_PURPLE}/17", "body": b""}
    assert not any(a["aid"] == 17 for a in fake.alarms)
    integration = make(fake)
    with pytest.raises(ActionFailed, match="no alarm 999 on box"):
        integration.archive_alarm(f"{BOX_GOLD}:999")
    with pytest.raises(ActionFailed, match="token rejected"):
        make(fake, token="bad-token-value-1").archive_alarm(f"{BOX_GOLD}:2408")
    with pytest.raises(ActionFailed, match="no access to box not-my-box"):
        integration.archive_alarm("not-my-box:1")
    fake.archive_supported = False
    with pytest.raises(ActionFailed, match="before 2.11.0 .*ack_action = delete"):
        integration.archive_alarm(f"{BOX_GOLD}:2410")
    sent = len(fake.writes)
    with pytest.raises(ActionFailed, match="box offline alerts cannot be archived"):
        integration.archive_alarm(f"fwl:box-{BOX_PURPLE}")
    with pytest.raises(ActionFailed, match="not seen on exactly one box"):
        integration.archive_alarm("2410")  # no fetch yet: the box is unknown
    assert len(fake.writes) == sent, "nothing is sent for an id that cannot be located"


def test_archive_404_for_an_existing_alarm_names_the_missing_endpoint_and_never_deletes(fake):
    fake.archive_supported = False  # the archive path answers 404, as on an MSP before 2.11.0
    integration = make(fake)
    integration.fetch()
    fake.requests.clear()
    with pytest.raises(ActionFailed) as info:
        integration.archive_alarm(f"fwl:{BOX_GOLD}:2408")
    assert str(info.value) == (f"Firewalla alarm 2408 on box {BOX_GOLD} exists, but POST .../archive answered 404 "
                               "(MSP releases before 2.11.0 lack it): this MSP has no archive endpoint "
                               "(set ack_action = delete to delete instead)")
    assert [(r.method, r.path) for r in fake.requests] == [("POST", f"/v2/alarms/{BOX_GOLD}/2408/archive"),
                                                           ("GET", f"/v2/alarms/{BOX_GOLD}/2408")]
    assert fake.writes == [{"method": "POST", "path": f"/v2/alarms/{BOX_GOLD}/2408/archive", "body": b""}], \
        "never a silent fallback to DELETE"
    assert any(a["aid"] == 2408 and a["status"] == 1 for a in fake.alarms), "the alarm is kept, still active"
    with pytest.raises(ActionFailed) as missing:
        integration.archive_alarm(f"{BOX_GOLD}:999")
    assert str(missing.value) == f"Firewalla has no alarm 999 on box {BOX_GOLD}", "a missing alarm stays missing"
    assert not any(w["method"] == "DELETE" for w in fake.writes)


def test_fake_serves_one_alarm_like_the_msp(fake):
    auth = {"Authorization": "Token " + TOKEN}
    resp = requests.get(f"{fake.url}/v2/alarms/{BOX_GOLD}/2408", headers=auth, timeout=2)
    assert resp.status_code == 200 and resp.json()["_type"] == "ALARM_LARGE_UPLOAD"
    assert requests.get(f"{fake.url}/v2/alarms/{BOX_GOLD}/1", headers=auth, timeout=2).status_code == 404
    fake.archive_supported = False
    assert requests.post(f"{fake.url}/v2/alarms/{BOX_GOLD}/2408/archive", headers=auth, timeout=2).status_code == 404
