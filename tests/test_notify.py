"""
Operations Command Center - Notification Tests

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Notifications through Apprise's ``json://`` target pointed at a
    loopback listener, on the incidents tests' scripted lab: the switch-port
    storm is ONE "opened" and ONE "resolved" message whatever the arrival
    order; an outlet off/on is one incident and one of each; a maintenance
    window suppresses "opened" and never "resolved"; a target answering 500
    three times receives the message exactly once; a sender that dies
    between queueing and sending (a new app on the same database) neither
    loses nor doubles it; a failing target is a blind spot.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from modules.ops_center.integrations.base import SourceData
from modules.ops_center.integrations.kit import clock
from modules.ops_center.models.base import session
from modules.ops_center.models.events import OpsEvent
from modules.ops_center.models.notify import OpsNotifyOutbox
from modules.ops_center.services.inbox import maintenance
from modules.ops_center.services.notify import cycle, manage, plan, send
from modules.ops_center.services.polling.watcher import Watcher
from tests import test_inbox_scene as lab_kit
from tests.conftest import login, make_app
from tests.test_inbox_scene import CLOCK, SCENE, add_systems, alert, incidents, step, switch, uptime
from tests.test_incidents import FAILURES, HOSTS, storm_lab

scene = lab_kit.scene  # the scripted lab's fixture
SECRET, TOKEN = "s3cr3tPassWord", "TOKEN-abc123xyz"
NOTIFY_CFG = {"OPS_CENTER_NOTIFY_GRACE": 10.0, "OPS_CENTER_NOTIFY_RETRY_SECONDS": 0.0,
              "OPS_CENTER_PUBLIC_URL": "https://ops.example.org", "OPS_CENTER_NOTIFY_FAIL_AFTER": 3}


class Hook:
    """A loopback HTTP listener that records what Apprise's json:// posts and answers scripted codes."""

    def __init__(self):
        self.received, self.codes, self.answered = [], [], []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                code = hook.codes.pop(0) if hook.codes else 200
                hook.answered.append(code)
                if code == 200:
                    hook.received.append(json.loads(raw))
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"json://ops:{SECRET}@127.0.0.1:{self.server.server_address[1]}/hook/{TOKEN}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def titles(self, prefix=""):
        """Titles received (optionally only those starting with a prefix)."""
        return [m["title"] for m in self.received if m["title"].startswith(prefix)]


@pytest.fixture
def hook():
    server = Hook()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def lab(tmp_path, scene, hook):
    app = make_app(tmp_path, **NOTIFY_CFG)
    with app.app_context():
        manage.import_file(f'[[notify]]\nname = "phone"\nurl = "{hook.url}"\nmin_severity = "warning"\n')
    return app, Watcher(app, "thread"), hook


def settle(app, watcher, seconds=11):
    """Let the grace pass (the lab compresses one poll into seconds) and run one watcher cycle."""
    CLOCK.offset += seconds
    assert watcher.cycle() is True


@pytest.mark.parametrize("seed", ["root-last", "root-first", 2])
def test_the_port_storm_is_one_opened_and_one_resolved_message(lab, seed):
    import random

    app, watcher, hook = lab
    storm_lab(app)
    step(app, watcher)
    order = [n for n in FAILURES if n != "core"]
    random.Random(seed if isinstance(seed, int) else 7).shuffle(order)
    order = {"root-first": ["core", *order], "root-last": [*order, "core"]}.get(seed, order[:2] + ["core"] + order[2:])
    for name in order:
        SCENE[name] = FAILURES[name]
        step(app, watcher, name)
        if name == "zyxel-1":
            step(app, watcher, name)
    assert hook.received == [], "nothing before the grace: the root may still arrive"
    settle(app, watcher)
    settle(app, watcher)
    (inc,) = incidents(app, "open")
    assert hook.titles() == [f"OPEN critical: {inc['title']}"[:79] + "…"] or hook.titles() == [
        f"OPEN critical: {inc['title']}"]
    body = hook.received[0]["message"]
    assert "Root: core port 24 (port)" in body and f"Members: {inc['members']}" in body
    assert "and 7 more" in body and f"Timeline: https://ops.example.org/ops/incidents#{inc['id']}" in body
    assert all(len(t) <= 80 for t in hook.titles())
    SCENE.update(core=lambda: SourceData(switches=[switch("core", 24)]),
                 **{"zyxel-1": lambda: SourceData(switches=[switch("zyxel-1", 48)])},
                 hostmon=lambda: SourceData(uptime=uptime("hostmon", **dict.fromkeys(HOSTS, "up"))),
                 kuma=lambda: SourceData(uptime=uptime("kuma", **dict.fromkeys(HOSTS, "up"))),
                 nms=lambda: SourceData())
    step(app, watcher)
    settle(app, watcher)
    assert [t.split(" ")[0] for t in hook.titles()] == ["OPEN", "RESOLVED"]
    assert hook.titles("RESOLVED")[0].startswith("RESOLVED critical: core port 24 down")
    assert "Resolved after" in hook.received[1]["message"]
    for _ in range(3):
        settle(app, watcher)
    assert len(hook.received) == 2, "nothing repeats"


def _outlet_lab(app):
    add_systems(app, pdu_1="test_scene_pdu", sw="test_scene", hostmon="test_scene")
    from modules.ops_center.integrations.demo import current_store
    from modules.ops_center.services.admin.toml_import import import_systems

    def powered():
        return current_store().states()[5]

    SCENE.update(sw=lambda: SourceData(switches=[switch("sw", 8, down=() if powered() else (2,))]),
                 hostmon=lambda: SourceData(uptime=uptime("hostmon", proxmox_1="up" if powered() else "down")))
    with app.app_context():
        import_systems('[[link]]\noutlet = "pdu-1:5"\nhost = "proxmox-1"\n\n'
                       '[[link]]\nport = "sw:2"\nhost = "proxmox-1"\n')


def _switch(app, state):
    client = app.test_client()
    token = login(client)
    resp = client.post("/ops/api/pdu/pdu-1/outlets/5", json={"state": state}, headers={"X-CSRFToken": token})
    assert resp.status_code == 200 and resp.get_json()["result"] == "verified"


def test_an_outlet_off_and_on_is_one_message_each_way(lab):
    app, watcher, hook = lab
    _outlet_lab(app)
    step(app, watcher)
    _switch(app, "off")
    step(app, watcher)
    settle(app, watcher)
    settle(app, watcher)
    assert hook.titles() == ["OPEN critical: pdu-1 outlet 5 'Proxmox-1' off → proxmox-1 unreachable"]
    _switch(app, "on")
    step(app, watcher)
    settle(app, watcher)
    assert [t.split(" ")[0] for t in hook.titles()] == ["OPEN", "RESOLVED"]


def test_maintenance_suppresses_opened_but_never_resolved(lab):
    app, watcher, hook = lab
    add_systems(app, nms="test_scene_nms")
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 1, "Device Down", "pve01", "critical")])
    with app.app_context():
        maintenance.create(session(), "source", "nms", 30, "patching", "op", clock.now())
    step(app, watcher)
    settle(app, watcher)
    settle(app, watcher)
    assert incidents(app, "open")[0]["in_maintenance"] == 1
    assert hook.received == [], "opened is suppressed inside the window"
    SCENE["nms"] = lambda: SourceData()
    step(app, watcher)
    settle(app, watcher)
    assert hook.titles() == ["RESOLVED critical: pve01 down"]
    assert "opened during maintenance" in hook.received[0]["message"]


def _one_alert(app, watcher):
    add_systems(app, nms="test_scene_nms")
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 1, "Disk <b>full</b> *now*", "nas01", "warning")])
    step(app, watcher)
    CLOCK.offset += 11


def test_a_target_answering_500_three_times_gets_the_message_exactly_once(lab):
    app, watcher, hook = lab
    _one_alert(app, watcher)
    hook.codes[:] = [500, 500, 500]
    for _ in range(6):
        assert watcher.cycle() is True
    assert hook.answered == [500, 500, 500, 200]
    assert hook.titles() == ["OPEN warning: Disk <b>full</b> *now*"], "sent once, vendor text as plain text"
    with app.app_context():
        (row,) = session().execute(select(OpsNotifyOutbox)).scalars().all()
        assert (row.state, row.attempts, row.last_error) == ("sent", 4, None)
        blind = session().execute(select(OpsEvent).filter_by(fingerprint="watcher|notify:phone|blind")).scalar_one()
        assert blind.state == "resolved", "three failures made it a blind spot; the success cleared it"


def test_a_sender_dying_between_queued_and_sent_neither_loses_nor_doubles(tmp_path, scene, hook):
    app = make_app(tmp_path, **NOTIFY_CFG)
    watcher = Watcher(app, "thread")
    with app.app_context():
        manage.import_file(f'[[notify]]\nname = "phone"\nurl = "{hook.url}"\n')
    _one_alert(app, watcher)
    with app.app_context():
        db = session()
        plan.plan(db, app.config, clock.now())
        plan.plan(db, app.config, clock.now() + timedelta(seconds=12))
        db.commit()
        (row_id,) = db.execute(select(OpsNotifyOutbox.id)).scalars().all()
        assert send._claim(db, row_id, "dead-process", clock.now())  # claimed, then the process died
    other = make_app(tmp_path, **NOTIFY_CFG)  # a new process on the same database
    with other.app_context():
        assert cycle.process(other)["sent"] == 0, "a live claim is not taken"
        assert hook.received == []
        later = clock.now() + send.CLAIM + timedelta(seconds=1)
        assert cycle.process(other, now=later)["sent"] == 1
        assert cycle.process(other, now=later + timedelta(seconds=5))["sent"] == 0
    assert len(hook.received) == 1


def test_more_members_escalate_and_a_reminder_repeats_while_unacknowledged(tmp_path, scene, hook):
    app = make_app(tmp_path, **NOTIFY_CFG, OPS_CENTER_NOTIFY_REMIND_MINUTES=1)
    watcher = Watcher(app, "thread")
    with app.app_context():
        manage.import_file(f'[[notify]]\nname = "phone"\nurl = "{hook.url}"\n')
    add_systems(app, nms="test_scene_nms")
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 1, "Disk full", "nas01", "warning")])
    step(app, watcher)
    settle(app, watcher)
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 1, "Disk full", "nas01", "warning"),
                                              alert("nms", 2, "RAID degraded", "nas01", "critical")])
    step(app, watcher)
    settle(app, watcher)
    assert [t.split(":")[0] for t in hook.titles()] == ["OPEN warning", "WORSE critical"]
    assert "Members: 2" in hook.received[1]["message"]
    settle(app, watcher, 61)
    assert hook.titles()[-1].startswith("STILL OPEN critical: nas01")
    settle(app, watcher, 5)
    assert len(hook.received) == 3, "one reminder per interval"


def test_two_senders_at_once_send_a_row_once_and_a_disabled_target_gets_nothing(tmp_path, scene, hook):
    app = make_app(tmp_path, **NOTIFY_CFG)
    with app.app_context():
        manage.import_file(f'[[notify]]\nname = "phone"\nurl = "{hook.url}"\n'
                           f'[[notify]]\nname = "off"\nurl = "{hook.url}/off"\nactive = false\n')
        for _ in range(5):
            manage.test("phone")
    apps = [app, make_app(tmp_path, **NOTIFY_CFG)]
    results, barrier = [], threading.Barrier(2)

    def run(one, me):
        with one.app_context():
            barrier.wait()
            results.append(cycle.process(one, me=me)["sent"])

    threads = [threading.Thread(target=run, args=(a, f"sender-{i}")) for i, a in enumerate(apps)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sum(results) == 5 and len(hook.received) == 5
    with app.app_context():
        manage.test("off")
        assert cycle.process(app)["sent"] == 0
        states = session().execute(select(OpsNotifyOutbox.state).order_by(OpsNotifyOutbox.id)).scalars().all()
    assert states == ["sent"] * 5 + ["dead"] and len(hook.received) == 5
