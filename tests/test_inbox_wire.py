"""
Operations Command Center - Inbox against a Loopback LibreNMS

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The inbox fed by the real LibreNMS integration talking to its
    loopback fake: the "Devices up/down" alert becomes a host-down event of
    its device, and acking it through the inbox writes back to LibreNMS once
    per ack with ``until_clear`` false for a normal ack and true for a sticky
    one (the fake records the PUT bodies).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import pytest

from modules.ops_center.services.admin.toml_import import import_systems
from modules.ops_center.services.polling.aggregator import get_aggregator
from modules.ops_center.services.polling.watcher import Watcher
from tests.conftest import login, make_app
from tests.fakes.librenms_fake import ADMIN_TOKEN, LibrenmsFake
from tests.test_inbox_scene import events

pytestmark = pytest.mark.wire


@pytest.fixture
def nms():
    fake = LibrenmsFake().start()
    yield fake
    fake.stop()


def test_librenms_alerts_feed_the_inbox_and_acks_write_back_with_until_clear(tmp_path, nms):
    app = make_app(tmp_path)
    with app.app_context():
        import_systems(f'[[system]]\ntype = "librenms"\nname = "librenms"\nurl = "{nms.url}"\n'
                       f'token = "{ADMIN_TOKEN}"\ntimeout = 5\n')
    watcher = Watcher(app, "thread")
    assert watcher.cycle() is True and get_aggregator(app).idle("librenms", 10)
    assert watcher.cycle() is True
    down = events(app, fingerprint="librenms:11")[0]
    assert (down["condition"], down["entity"], down["severity"], down["state"]) == (
        "down", "host:nas.example.lan", "critical", "firing")
    assert down["incident_id"] is not None
    client = app.test_client()
    headers = {"X-CSRFToken": login(client)}
    nms.writes.clear()
    normal = client.post(f"/ops/api/events/{down['id']}/ack", json={"note": "rebooting"}, headers=headers)
    assert normal.status_code == 200 and normal.get_json()["writeback"] == {"librenms:11": "ok"}
    assert [(w["method"], w["path"], w["body"]) for w in nms.writes] == [
        ("PUT", "/api/v0/alerts/11", {"note": "rebooting", "until_clear": False})]
    sticky = client.post(f"/ops/api/events/{down['id']}/ack", json={"sticky": True}, headers=headers)
    assert sticky.get_json()["kind"] == "sticky"
    assert nms.writes[-1]["body"] == {"note": "", "until_clear": True}
    assert events(app, fingerprint="librenms:11")[0]["ack_kind"] == "sticky"
