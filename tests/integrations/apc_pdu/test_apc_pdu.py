"""
Operations Command Center - APC PDU Tests

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The apc_pdu integration against the in-process SNMPv3 agent
    serving the old rPDU and the new rPDU2 tree, and a first-generation
    unit answering only sPDUOutletCtl (found by probing although its
    sysObjectID names another tree; switched and read back): outlet names, states, load
    and rating; tree detection kept in memory; SET then read-back; the reboot
    command per tree; refused SETs (wrong value, not writable, no access,
    wrong credentials) as clear errors; timeouts and auth failures through
    the aggregator keeping the last good data; no secret in error texts;
    round trips and duration of one 24-outlet poll (printed).

CHANGELOG:
- 1.1.0 (2026-12-01): sPDUOutletCtl-only PDU: detection, outlets, SET and read-back, reboot, refusals
- 1.0.0 (2026-11-26): Initial implementation
"""

import time

import pytest

from modules.ops_center.integrations.apc_pdu import ApcPdu
from modules.ops_center.integrations.apc_pdu.parse import (
    RPDU,
    RPDU2,
    SPDU_CTL,
    TREES,
    detect_tree,
    model_from_descr,
    outlet_state,
    parse_pdu,
    protected_numbers,
)
from modules.ops_center.integrations.base import ActionFailed, AuthFailed, BadResponse, ConfigError, Timeout
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.fakes.snmp_agent import AUTH_KEY, PRIV_KEY, USER, SnmpAgent

COMMAND = {"rpdu": f"{RPDU}.3.3.1.1.4", "rpdu2": f"{RPDU2}.9.2.4.1.5"}


def settings(agent, **extra):
    """Instance settings pointing at the fake agent."""
    base = dict(host="127.0.0.1", port=agent.port, snmp_user=USER, snmp_auth_key=AUTH_KEY, snmp_priv_key=PRIV_KEY,
                timeout=3.0, retries=0, protected_outlets=[1, "2"])  # generous: the agent shares this CPU
    base.update(extra)
    return base


@pytest.fixture(scope="module")
def agents():
    with SnmpAgent(tree="rpdu") as old, SnmpAgent(tree="rpdu2") as new, SnmpAgent(tree="spdu") as first:
        yield {"rpdu": old, "rpdu2": new, "spdu": first}


@pytest.fixture(params=["rpdu", "rpdu2"])
def agent(request, agents):
    """One agent per tree, shared by the module and reset before each test."""
    return agents[request.param].reset()


@pytest.fixture
def agent2(agents):
    """The rPDU2 agent alone, reset."""
    return agents["rpdu2"].reset()


@pytest.fixture
def spdu_agent(agents):
    """The first-generation agent (only sPDUOutletCtl), reset."""
    return agents["spdu"].reset()


def test_outlets_load_and_rating_of_both_trees(agent):
    pdu_int = ApcPdu("pdu-1", settings(agent))
    pdu = pdu_int.fetch().pdus[0]
    assert pdu_int.memory["tree"] == agent.tree
    assert pdu.name == ("pdu-rack-a" if agent.tree == "rpdu" else "pdu-rack-b")
    assert pdu.source == "pdu-1"
    assert pdu.rating_amps == (16.0 if agent.tree == "rpdu" else 32.0)
    assert pdu.load_amps == round(agent.load_tenths() / 10, 1) == 10.6
    assert len(pdu.outlets) == 24
    assert [(o.number, o.name, o.state, o.protected) for o in pdu.outlets[:3]] == [
        (1, "core-sw-01", "on", True), (2, "fw-opnsense", "on", True), (3, "nas-01", "on", False)]
    assert {o.number for o in pdu.outlets if o.state == "off"} == {7, 14, 21}
    assert pdu_int.memory["model"] == ("AP7953" if agent.tree == "rpdu" else "AP8959EU3")
    assert ApcPdu("pdu-1", settings(agent, display_name="Rack A power")).fetch().pdus[0].name == "Rack A power"


def test_poll_round_trips_and_duration(agent, capsys):
    pdu_int = ApcPdu("pdu-1", settings(agent))
    pdu_int.fetch()  # first poll: engine discovery and tree probe
    first = pdu_int.last_round_trips
    started = time.monotonic()
    data = pdu_int.fetch()
    elapsed = time.monotonic() - started
    assert len(data.pdus[0].outlets) == 24
    assert pdu_int.last_round_trips == 2, "one GET + one GETBULK per warm poll"
    with capsys.disabled():
        print(f"\n[measure] APC {agent.tree} 24-outlet poll: {pdu_int.last_round_trips} SNMP round trips "
              f"(first poll {first}), {elapsed * 1000:.1f} ms")


def test_set_then_read_back_changes_state_and_load(agent):
    pdu_int = ApcPdu("pdu-1", settings(agent))
    before = pdu_int.fetch().pdus[0]
    assert pdu_int.get_outlet(5) == "on"
    pdu_int.set_outlet(5, "off")
    assert agent.sets[-1] == (f"{COMMAND[agent.tree]}.5", 2)
    assert pdu_int.get_outlet(5) == "off"
    after = pdu_int.fetch().pdus[0]
    assert next(o.state for o in after.outlets if o.number == 5) == "off"
    assert after.load_amps == agent.load_tenths() / 10 and after.load_amps < before.load_amps
    pdu_int.set_outlet(7, "on")
    assert agent.sets[-1] == (f"{COMMAND[agent.tree]}.7", 1)
    assert pdu_int.get_outlet(7) == "on"


def test_reboot_sends_immediate_reboot_of_the_tree(agent):
    pdu_int = ApcPdu("pdu-1", settings(agent))
    pdu_int.set_outlet(14, "reboot")  # outlet 14 starts off; a reboot ends with it on
    assert agent.sets == [(f"{COMMAND[agent.tree]}.14", TREES[agent.tree]["commands"]["reboot"])]
    assert TREES[agent.tree]["commands"]["reboot"] == 3  # immediateReboot(3) in both trees
    assert pdu_int.get_outlet(14) == "on"
    assert pdu_int.memory["tree"] == agent.tree, "control without a prior fetch probes the tree too"


def test_state_encoding_differs_between_trees():
    assert (outlet_state("rpdu", 1), outlet_state("rpdu", 2)) == ("on", "off")
    assert (outlet_state("rpdu2", 1), outlet_state("rpdu2", 2)) == ("off", "on")
    assert outlet_state("rpdu2", 4) == outlet_state("rpdu", None) == outlet_state("rpdu", "x") == "unknown"
    assert (outlet_state("spdu", 1), outlet_state("spdu", 2), outlet_state("spdu", 4)) == ("on", "off", "unknown")


def test_sticky_pdu_accepts_set_but_keeps_state(agent2):
    agent2.sticky = True
    pdu_int = ApcPdu("pdu-1", settings(agent2))
    pdu_int.set_outlet(3, "off")  # the SET itself succeeds ...
    assert agent2.sets == [(f"{RPDU2}.9.2.4.1.5.3", 2)]
    assert pdu_int.get_outlet(3) == "on"  # ... the read-back shows it did not happen


def test_refused_sets_are_clear_errors(agent):
    pdu_int = ApcPdu("pdu-1", settings(agent))
    pdu_int.fetch()
    snmp = pdu_int.snmp()
    with pytest.raises(ActionFailed, match="wrongValue"):
        snmp.set(f"{COMMAND[agent.tree]}.3", 9)
    status = TREES[agent.tree]["status"]
    with pytest.raises(ActionFailed, match="notWritable"):
        snmp.set(f"{status}.3", 2)
    with pytest.raises(ActionFailed, match="outlet 25 does not exist.*1-24"):
        pdu_int.set_outlet(25, "off")
    with pytest.raises(ActionFailed, match="on, off or reboot"):
        pdu_int.set_outlet(3, "toggle")
    assert agent.sets == [] and agent.state[3] is True
    agent.rekey("rotated-auth-1", "rotated-priv-1")
    with pytest.raises(AuthFailed) as info:
        pdu_int.set_outlet(3, "off")
    assert AUTH_KEY not in str(info.value) and PRIV_KEY not in str(info.value)
    assert agent.state[3] is True


def test_read_only_user_gets_no_access(agent):
    agent.read_only = True
    with pytest.raises(ActionFailed, match="noAccess"):
        ApcPdu("pdu-1", settings(agent)).set_outlet(4, "off")
    assert agent.state[4] is True


def test_no_pdu_tree_is_bad_response_and_not_remembered():
    with SnmpAgent(tree=None, switch_ports=4) as switch:
        pdu_int = ApcPdu("pdu-1", settings(switch))
        with pytest.raises(BadResponse, match="neither the APC rPDU2 nor the rPDU tree"):
            pdu_int.fetch()
        assert "tree" not in pdu_int.memory


def test_parse_helpers_defend_against_odd_values():
    assert detect_tree({f"{RPDU2}.1.0": 1, f"{RPDU}.1.8.0": 24}) == "rpdu2"
    assert detect_tree({f"{RPDU2}.1.0": None, f"{RPDU}.1.8.0": "8"}) == "rpdu"
    assert detect_tree({}) is None
    probe = TREES["spdu"]["ident"]["probe"]
    assert detect_tree({probe: 2}) == "spdu" and detect_tree({probe: 4}) == "spdu"
    assert detect_tree({f"{RPDU}.1.8.0": 8, probe: 1}) == "rpdu", "sPDU only when no richer tree answers"
    assert detect_tree({probe: None}) is None and detect_tree({probe: 0}) is None and detect_tree({probe: "x"}) is None
    assert model_from_descr("APC Web/SNMP Management Card (MB:v3.6.1 AN1:apc_hw02_rpdu_373.bin MN:AP7900 HR:B2)") \
        == "AP7900"
    assert model_from_descr("MN:<script>") == "" and model_from_descr(None) == ""
    assert protected_numbers("1, 2,") == (1, 2) and protected_numbers(None) == () and protected_numbers([3]) == (3,)
    with pytest.raises(ConfigError):
        protected_numbers(["one"])
    with pytest.raises(BadResponse, match="no outlets"):
        parse_pdu("rpdu", {}, {}, "pdu-1")
    spec = TREES["rpdu"]
    ident = {spec["ident"]["phases"]: 3, spec["ident"]["rating"]: "junk"}
    columns = {spec["columns"]["state"]: {"1": 1, "2": 7}, spec["columns"]["name"]: {"1": ""},
               spec["columns"]["load"]: {"1": 52, "2": 81, "3": 40, "4": 200}}
    pdu, index, _model = parse_pdu("rpdu", ident, columns, "pdu-9")
    assert (pdu.name, pdu.rating_amps, pdu.load_amps) == ("pdu-9", None, 8.1)  # most loaded of 3 phases; bank ignored
    assert [(o.name, o.state) for o in pdu.outlets] == [("Outlet 1", "on"), ("Outlet 2", "unknown")]
    assert index == {"1": 1, "2": 2}


def test_aggregator_keeps_last_good_data_on_timeout_and_auth_failure(app, agent2):
    agent = agent2
    with app.app_context():
        save_instance("apc_pdu", "pdu-1", settings(agent, timeout=1.0))  # below the app's 2 s fetch timeout
        session().commit()
        first = get_aggregator(app).snapshot(force=True)
        src = next(s for s in first["sources"] if s["name"] == "pdu-1")
        assert src["ok"] and first["pdus"][0]["load_amps"] == 10.6
        assert first["pdus"][0]["outlets"][0] == {"number": 1, "name": "core-sw-01", "state": "on",
                                                  "protected": True}
        agent.drop = True
        started = time.monotonic()
        second = get_aggregator(app).snapshot(force=True)
        assert time.monotonic() - started < 4.0
        src = next(s for s in second["sources"] if s["name"] == "pdu-1")
        assert (src["ok"], src["stale"], src["error_kind"]) == (False, True, "timeout")
        assert second["pdus"] == first["pdus"], "last good data stays"
        agent.drop = False
        agent.rekey("rotated-auth-2", "rotated-priv-2")
        third = get_aggregator(app).snapshot(force=True)
        src = next(s for s in third["sources"] if s["name"] == "pdu-1")
        assert src["error_kind"] == "auth_failed" and third["pdus"] == first["pdus"]
        for text in (src["error"], next(s for s in second["sources"] if s["name"] == "pdu-1")["error"]):
            assert AUTH_KEY not in text and PRIV_KEY not in text
        assert src["last_success_at"] == next(s for s in first["sources"] if s["name"] == "pdu-1")["last_success_at"]


def test_fields_declare_secrets_and_defaults():
    fields = {f.name: f for f in ApcPdu.fields}
    assert ApcPdu.type_name == "apc_pdu" and ApcPdu.ttl_class == "critical" and ApcPdu.FEEDS == ("pdus",)
    assert fields["host"].required and fields["port"].default == 161 and fields["snmp_version"].default == "v3"
    assert {n for n, f in fields.items() if f.secret} == {"snmp_auth_key", "snmp_priv_key", "snmp_community"}
    with pytest.raises(ConfigError):
        ApcPdu("pdu-1", {"host": "pdu.example.lan"}).fetch()  # no v3 credentials
    with pytest.raises(Timeout):
        ApcPdu("pdu-1", {"host": "127.0.0.1", "port": 9, "snmp_user": USER, "snmp_auth_key": AUTH_KEY,
                         "snmp_priv_key": PRIV_KEY, "timeout": 0.3, "retries": 0}).get_outlet(1)


# --------------------------------------------------------------------------- first generation: sPDUOutletCtl only


def test_spdu_only_pdu_is_found_by_probing_not_by_sysobjectid(spdu_agent):
    pdu_int = ApcPdu("pdu-3", settings(spdu_agent))
    sys_object_id = pdu_int.snmp().get("1.3.6.1.2.1.1.2.0")["1.3.6.1.2.1.1.2.0"]
    assert sys_object_id == "1.3.6.1.4.1.318.1.3.4.6", "the fake claims masterSwitchrPDU2 on purpose"
    pdu = pdu_int.fetch().pdus[0]
    assert pdu_int.memory["tree"] == "spdu"
    assert (pdu.name, pdu.model, pdu.load_amps, pdu.rating_amps) == ("pdu-rack-c", "AP7900", None, None)
    assert [(o.number, o.name, o.state, o.protected) for o in pdu.outlets[:3]] == [
        (1, "Outlet 1", "on", True), (2, "Outlet 2", "on", True), (3, "Outlet 3", "on", False)]
    assert len(pdu.outlets) == 24 and {o.number for o in pdu.outlets if o.state == "off"} == {7, 14, 21}
    pdu_int.fetch()
    assert pdu_int.last_round_trips == 2, "one GET + one GETBULK per warm poll, as on the other trees"


def test_spdu_only_pdu_is_switched_and_read_back(spdu_agent):
    pdu_int = ApcPdu("pdu-3", settings(spdu_agent))
    assert pdu_int.get_outlet(5) == "on" and pdu_int.memory["tree"] == "spdu"
    pdu_int.set_outlet(5, "off")
    assert spdu_agent.sets == [(f"{SPDU_CTL}.5", 2)]
    assert pdu_int.get_outlet(5) == "off" and spdu_agent.state[5] is False
    assert next(o.state for o in pdu_int.fetch().pdus[0].outlets if o.number == 5) == "off"
    pdu_int.set_outlet(7, "on")
    assert spdu_agent.sets[-1] == (f"{SPDU_CTL}.7", 1) and pdu_int.get_outlet(7) == "on"
    pdu_int.set_outlet(14, "reboot")  # outletReboot(3); the outlet ends on
    assert spdu_agent.sets[-1] == (f"{SPDU_CTL}.14", 3) and pdu_int.get_outlet(14) == "on"
    with pytest.raises(ActionFailed, match="wrongValue"):
        pdu_int.snmp().set(f"{SPDU_CTL}.3", 4)  # outletUnknown(4) is an answer, not a command
    with pytest.raises(ActionFailed, match="outlet 25 does not exist on pdu-3 .*1-24"):
        pdu_int.set_outlet(25, "off")
    spdu_agent.read_only = True
    with pytest.raises(ActionFailed, match="noAccess"):
        pdu_int.set_outlet(4, "off")
    assert spdu_agent.state[3] is True and spdu_agent.state[4] is True
