"""
Operations Command Center - Power-Cycle With Proof Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: ``outlet_cycle`` end to end against the loopback fakes: the SNMP
    PDU agent reboots outlet 5 (off for a moment, then on), a test switch
    whose port 12 follows that outlet, and the host's proof from a status
    source (down while the outlet is off) or a TCP listener on 127.0.0.1 the
    test opens and closes. Recovered with four timed steps; a host that never
    returns is not recovered at its deadline, naming the step; a host without
    a port mapping names the skipped proof; a second cycle or a switch during a
    cycle is a 409; the outlet must power a mapped host; the link options are
    checked.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-01): A LibreNMS-like down alert as the host's proof
"""

import socket
import threading
import time

import pytest

from modules.ops_center.integrations.base import Alert, Integration, Port, SourceData, Switch, UptimeTarget, register
from modules.ops_center.integrations.catalog import forget
from modules.ops_center.models.audit import OpsAuditLog
from modules.ops_center.models.base import session, utcnow
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.inbox import topology
from modules.ops_center.services.inbox.links_toml import LinkError, parse_link
from modules.ops_center.services.polling.instances import load_instances
from tests.conftest import login, make_app
from tests.fakes.snmp_agent import AUTH_KEY, PRIV_KEY, USER, SnmpAgent

OUTLET, PORT = 5, 12
LAB = {"agent": None, "host_follows": True, "kuma_reports": True, "hung": False}


def powered():
    """Whether the fake PDU's outlet 5 is on now."""
    return LAB["agent"].state[OUTLET]


class CycleSwitch(Integration):
    """A switch whose port 12 has link exactly while outlet 5 of the fake PDU is on."""

    type_name, label, ttl_class, FEEDS = "test_cycle_switch", "Cycle switch (test)", "config", ("switches",)

    def fetch(self):
        """Sixteen ports; 12 follows the outlet.

        Returns:
            SourceData: One switch.
        """
        ports = [Port(i, f"port{i}", "down" if i == PORT and not powered() else "up", "up", 1000)
                 for i in range(1, 17)]
        return SourceData(switches=[Switch(self.name, self.name, "Test", "T-16", 16, 16, ports)])


class CycleUptime(Integration):
    """A status source: pve01 is down while outlet 5 is off (and stays down when the host never returns)."""

    type_name, label, ttl_class, FEEDS = "test_cycle_uptime", "Cycle uptime (test)", "status", ("uptime",)

    def fetch(self):
        """pve01's status.

        Returns:
            SourceData: One uptime target.
        """
        up = powered() and LAB["host_follows"]
        if not LAB["kuma_reports"]:
            return SourceData()
        return SourceData(uptime=[UptimeTarget("pve01", "up" if up else "down", None, None, self.name)])


class CycleNms(Integration):
    """A monitoring source like LibreNMS: a "Device Down" alert for pve01 while it hangs or its outlet is off."""

    type_name, label, ttl_class, FEEDS = "test_cycle_nms", "Cycle NMS (test)", "status", ("alerts:monitoring",)

    def fetch(self):
        """pve01's down alert, while it stands.

        Returns:
            SourceData: Zero or one alert.
        """
        if LAB["hung"] or not powered():
            return SourceData(alerts=[Alert(f"{self.name}:7", self.name, "monitoring", "critical", "Device Down",
                                            "", "pve01")])
        return SourceData()


class Listener:
    """A TCP listener on 127.0.0.1 that is closed while the outlet is off and reopens (unless told not to).

    Args:
        follows: Whether the outlet is on now (default: outlet 5 of the fake PDU).
    """

    def __init__(self, follows=powered):
        self.follows = follows
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.sock.listen(8)
        self.returns, self.stop = True, threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        while not self.stop.wait(0.02):
            on = self.follows()
            if not on and self.sock is not None:
                self.sock.close()
                self.sock = None
            elif on and self.sock is None and self.returns:
                self.sock = socket.socket()
                self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                self.sock.bind(("127.0.0.1", self.port))
                self.sock.listen(8)

    def close(self):
        self.stop.set()
        self.thread.join(1)
        if self.sock is not None:
            self.sock.close()


TYPES = (CycleSwitch, CycleUptime, CycleNms)


@pytest.fixture(scope="module")
def agent():
    with SnmpAgent(tree="rpdu2") as running:
        yield running


@pytest.fixture
def lab(tmp_path, agent):
    """An app with the SNMP PDU, the test switch and status source; short deadlines and intervals."""
    agent.reset()
    agent.reboot_seconds = 0.5
    LAB.update(agent=agent, host_follows=True, kuma_reports=True, hung=False)
    for cls in TYPES:
        register(cls)
    app = make_app(tmp_path, OPS_CENTER_CYCLE_INTERVAL=0.1, OPS_CENTER_CYCLE_DEADLINE=3.0,
                   OPS_CENTER_CYCLE_OFF_SECONDS=0.3, OPS_CENTER_OUTLET_COOLDOWN=0.5)
    with app.app_context():
        save_instance("apc_pdu", "pdu-1", dict(host="127.0.0.1", port=agent.port, snmp_user=USER,
                                               snmp_auth_key=AUTH_KEY, snmp_priv_key=PRIV_KEY, timeout=3.0,
                                               retries=0, protected_outlets=[1, 2]))
        save_instance("test_cycle_switch", "sw-1", {})
        save_instance("test_cycle_uptime", "kuma", {})
        session().commit()
    yield app
    for cls in TYPES:
        forget(cls.type_name)


def link(app, **table):
    with app.app_context():
        topology.add(session(), topology.check(table, load_instances()), "operator", "test", utcnow())
        session().commit()


def start(client, token, number=OUTLET, **body):
    assert client.get("/ops/api/summary").status_code == 200  # the PDU's outlets and pve01's sources are known
    return client.post(f"/ops/api/pdu/pdu-1/outlets/{number}/cycle", json=body, headers={"X-CSRFToken": token})


def wait_done(client, cycle_id, seconds=10.0):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        doc = client.get(f"/ops/api/cycles/{cycle_id}").get_json()
        if doc["state"] == "done":
            return doc
        time.sleep(0.05)
    raise AssertionError(f"cycle {cycle_id} did not finish: {doc}")


def audit_rows(app, action="outlet.cycle"):
    with app.app_context():
        return [{c: getattr(r, c) for c in ("username", "action", "target", "requested", "after", "result", "error")}
                for r in session().query(OpsAuditLog).filter_by(action=action).order_by(OpsAuditLog.id)]


def test_recovered_with_four_timed_steps(lab):
    link(lab, outlet="pdu-1:5", host="pve01")
    link(lab, port="sw-1:12", host="pve01")
    client = lab.test_client()
    token = login(client, "op")
    resp = start(client, token)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["result"] == "started" and body["host"] == "pve01" and body["name"] == "hv-02"
    doc = wait_done(client, body["cycle"])
    assert doc["verdict"] == "recovered", doc
    steps = {s["key"]: s for s in doc["steps"]}
    assert [s["state"] for s in doc["steps"]] == ["ok"] * 4
    assert steps["off"]["at"] <= steps["on"]["at"] <= steps["host"]["at"]
    assert steps["link"]["down_at"] <= steps["link"]["at"] and steps["host"]["down_at"] is not None
    assert "kuma" in steps["host"]["label"] and "12 on sw-1" in steps["link"]["label"]
    assert LAB["agent"].sets[-1][1] == 3, "one immediateReboot"
    rows = audit_rows(lab)
    assert [r["result"] for r in rows] == ["recovered", "recovered"]
    assert rows[0]["target"] == "pdu-1/5 'hv-02' host pve01" and rows[0]["username"] == "op"
    assert rows[1]["target"] == "entity host:pve01 via pdu-1/5" and rows[1]["username"] == "op"
    assert "off ok" in rows[0]["error"] and "link ok" in rows[0]["error"] and "recovered" in rows[0]["error"]


def test_a_librenms_down_alert_proves_the_host(lab):
    LAB.update(kuma_reports=False, hung=True)
    with lab.app_context():
        save_instance("test_cycle_nms", "nms", {})
        session().commit()
    link(lab, outlet="pdu-1:5", host="pve01")
    link(lab, port="sw-1:12", host="pve01")
    client = lab.test_client()
    token = login(client, "op")
    body = start(client, token).get_json()
    LAB["hung"] = False  # the reboot cures the hang
    doc = wait_done(client, body["cycle"])
    assert doc["verdict"] == "recovered", doc
    assert "(nms)" in doc["steps"][3]["label"] and doc["steps"][3]["down_at"] is not None


def test_a_host_that_never_returns_is_not_recovered_at_its_deadline(lab):
    listener = Listener()
    listener.returns = False
    try:
        link(lab, outlet="pdu-1:5", host="pve01", check_port=listener.port, check_address="127.0.0.1", deadline=1.5)
        link(lab, port="sw-1:12", host="pve01")
        client = lab.test_client()
        token = login(client, "op")
        body = start(client, token).get_json()
        doc = wait_done(client, body["cycle"])
    finally:
        listener.close()
    assert doc["verdict"] == "not_recovered", doc
    assert doc["deadline"] == 1.5 and "TCP" in doc["steps"][3]["label"]
    assert doc["summary"] == "not recovered: pve01 never answered again within 1.5 s"
    assert [s["state"] for s in doc["steps"]] == ["ok", "ok", "ok", "failed"]
    assert audit_rows(lab)[0]["result"] == "not_recovered"


def test_tcp_check_recovers_and_a_missing_port_mapping_is_named(lab):
    listener = Listener()
    try:
        link(lab, outlet="pdu-1:5", host="pve01", check_port=listener.port, check_address="127.0.0.1")
        client = lab.test_client()
        token = login(client, "op")
        doc = wait_done(client, start(client, token).get_json()["cycle"])
    finally:
        listener.close()
    assert doc["verdict"] == "recovered", doc
    assert [s["state"] for s in doc["steps"]] == ["ok", "ok", "skipped", "ok"]
    assert "link proof skipped (no switch port is mapped to pve01)" in doc["summary"]


def test_a_second_cycle_or_a_switch_during_a_cycle_is_409(lab):
    link(lab, outlet="pdu-1:5", host="pve01")
    LAB["host_follows"] = False  # the first cycle runs to its deadline
    client = lab.test_client()
    token = login(client, "op")
    first = start(client, token)
    assert first.status_code == 200
    again = start(client, token)
    assert again.status_code == 409, again.get_json()
    switch = client.post("/ops/api/pdu/pdu-1/outlets/5", json={"state": "off"}, headers={"X-CSRFToken": token})
    assert switch.status_code == 409
    doc = wait_done(client, first.get_json()["cycle"])
    assert doc["verdict"] == "not_recovered" and doc["summary"].startswith("not recovered: pve01 never answered")
    deadline = time.monotonic() + 5  # the job completes its audit rows just after it publishes the verdict
    results = [r["result"] for r in audit_rows(lab)]
    while results.count("not_recovered") < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
        results = [r["result"] for r in audit_rows(lab)]
    assert results.count("refused") == 1 and results.count("not_recovered") == 2, results


def test_only_a_mapped_outlet_cycles_and_protected_needs_its_name(lab):
    link(lab, outlet="pdu-1:1", host="core")
    client = lab.test_client()
    token = login(client, "op")
    resp = start(client, token, number=6)
    assert resp.status_code == 400 and "powers no mapped host" in resp.get_json()["error"]["message"]
    resp = start(client, token, number=1)
    assert resp.status_code == 403 and "protected" in resp.get_json()["error"]["message"]
    assert client.get("/ops/api/pdu/pdu-1/cycle-targets").get_json()["targets"] == {"1": "core"}
    assert client.get("/ops/api/cycles/nope").status_code == 404
    assert client.post("/ops/api/pdu/pdu-1/outlets/5/cycle", json={}).status_code == 400  # no CSRF token
    offered = client.get("/ops/api/systems/pdu-1/actions").get_json()["actions"]
    assert any(a["name"] == "outlet_cycle" and a["protect"] and a["confirm"] for a in offered)
    viewer = lab.test_client()
    vtoken = login(viewer, "viewer")
    assert start(viewer, vtoken).status_code == 403
    assert LAB["agent"].sets == [], "nothing was switched"


def test_an_incident_root_offers_the_outlet_to_cycle(lab):
    link(lab, outlet="pdu-1:5", host="pve01")
    client = lab.test_client()
    login(client, "viewer")
    assert client.get("/ops/api/summary").status_code == 200
    expected = {"pdu": "pdu-1", "outlet": 5, "host": "pve01", "name": "hv-02", "protected": False}
    assert client.get("/ops/api/cycle-offer?entity=host:pve01").get_json() == expected
    assert client.get("/ops/api/cycle-offer?entity=outlet:pdu-1:5").get_json() == expected
    for entity in ("host:other", "outlet:pdu-1:6", "port:sw-1:12", ""):
        assert client.get("/ops/api/cycle-offer", query_string={"entity": entity}).status_code == 404


def test_a_pdu_that_ignores_the_reboot_is_named_and_a_lost_job_reads_unknown(lab):
    from datetime import timedelta

    from modules.ops_center.services.actions.cycle_verdict import as_seen

    link(lab, outlet="pdu-1:5", host="pve01")
    LAB["agent"].sticky = True  # the SET is accepted, the outlet never goes off
    client = lab.test_client()
    token = login(client, "op")
    doc = wait_done(client, start(client, token).get_json()["cycle"])
    assert doc["verdict"] == "not_recovered"
    assert doc["summary"].startswith("not recovered: outlet 5 never read back off within 3 s"), doc["summary"]
    old = {**doc, "state": "running", "started_at": (utcnow() - timedelta(hours=1)).isoformat(timespec="seconds")}
    assert as_seen(old, utcnow())["verdict"] == "unknown" and as_seen(doc, utcnow()) == doc


def test_link_options_are_checked():
    systems = {"pdu-1": {"pdus"}, "sw-1": {"switches"}}
    kind, up, down, table = parse_link({"outlet": "pdu-1:5", "host": "pve01", "check_port": 22, "deadline": 300},
                                       systems)
    assert (kind, up, down) == ("power", "outlet:pdu-1:5", "host:pve01")
    assert table["check_port"] == 22 and table["deadline"] == 300
    for bad, text in (({"check_port": 0}, "check_port"), ({"check_port": "22"}, "check_port"),
                      ({"deadline": 0}, "deadline"), ({"check_address": "a b"}, "check_address")):
        with pytest.raises(LinkError, match=text):
            parse_link({"outlet": "pdu-1:5", "host": "pve01", **bad}, systems)
    with pytest.raises(LinkError, match="belong on a link to a host"):
        parse_link({"outlet": "pdu-1:5", "switch": "sw-1", "check_port": 22}, systems)
