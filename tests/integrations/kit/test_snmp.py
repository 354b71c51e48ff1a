"""
Operations Command Center - SNMP Helper Tests

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: SnmpSession against the in-process pysnmp agent: GET, GETBULK
    walks of several columns (also when the agent truncates), SET with real
    wrongValue / wrongType / notWritable errors, v3 protocol choices (no
    silent MD5/DES), v2c only when asked, auth failures, timeouts, round-trip
    counting, and two devices sharing a user name with different keys.

CHANGELOG:
- 1.1.0 (2026-12-02): a row hint asks for the remaining rows + 1 (one GETBULK for 4 x 50), varbind count
- 1.0.0 (2026-11-26): Initial implementation
"""

import threading
import time

import pytest
from pysnmp.entity import config as snmp_config

from modules.ops_center.integrations.base import ActionFailed, AuthFailed, ConfigError, Timeout
from modules.ops_center.integrations.kit.snmp import AUTH_PROTOCOLS, PRIV_PROTOCOLS, SnmpSession
from modules.ops_center.integrations.kit.snmp_base import SNMP_FIELDS
from tests.fakes.snmp_agent import AUTH_KEY, PRIV_KEY, RPDU2, USER, SnmpAgent

STATE, NAME, CONTROL = f"{RPDU2}.9.2.3.1.5", f"{RPDU2}.9.2.3.1.3", f"{RPDU2}.9.2.4.1.5"


def session(agent, **kw):
    """A v3 session to the agent with the default test credentials."""
    args = dict(version="v3", user=USER, auth_protocol="SHA", auth_key=AUTH_KEY, priv_protocol="AES-128",
                priv_key=PRIV_KEY, timeout=3.0, retries=0)  # generous: the agent shares this CPU
    args.update(kw)
    return SnmpSession("127.0.0.1", agent.port, **args)


@pytest.fixture(scope="module")
def agent():
    with SnmpAgent(tree="rpdu2") as running:
        yield running


def test_get_walk_and_round_trips(agent):
    snmp = session(agent)
    values = snmp.get("1.3.6.1.2.1.1.5.0", f"{RPDU2}.1.0", "1.3.6.1.4.1.318.1.1.12.1.8.0")
    assert values == {"1.3.6.1.2.1.1.5.0": "pdu-rack-a", f"{RPDU2}.1.0": 1, "1.3.6.1.4.1.318.1.1.12.1.8.0": None}
    first = snmp.round_trips
    assert first >= 2  # SNMPv3 engine discovery plus the GET itself
    rows = snmp.walk(NAME, STATE)
    assert len(rows[NAME]) == 24 and rows[NAME]["1"] == "core-sw-01" and rows[NAME]["24"] == "spare-24"
    assert rows[STATE]["7"] == 1 and rows[STATE]["1"] == 2  # rPDU2: off(1), on(2)
    assert snmp.round_trips - first == 1, "two columns x 24 rows fit one GETBULK"


def test_walk_survives_a_truncating_agent():
    with SnmpAgent(tree="rpdu2", max_bulk=10) as small:
        snmp = session(small)
        rows = snmp.walk(NAME, STATE, f"{RPDU2}.9.2.3.1.4")
        assert [len(r) for r in rows.values()] == [24, 24, 24]
        assert rows[f"{RPDU2}.9.2.3.1.4"]["17"] == 17
        assert snmp.requests >= 8  # 72 varbinds at most 10 per answer


def test_set_changes_state_and_real_errors_are_named(agent):
    snmp = session(agent)
    assert snmp.set(f"{CONTROL}.5", 2) == 2
    assert snmp.get(f"{STATE}.5")[f"{STATE}.5"] == 1  # off
    for oid, value, name in ((f"{CONTROL}.5", 9, "wrongValue"), (f"{CONTROL}.5", 4, "wrongValue"),
                             (f"{STATE}.5", 2, "notWritable"), (f"{CONTROL}.5", "on", "wrongType")):
        with pytest.raises(ActionFailed, match=name):
            snmp.set(oid, value)
    assert agent.state[5] is False, "refused SETs changed nothing"
    snmp.set(f"{CONTROL}.5", 1)
    assert agent.state[5] is True


@pytest.mark.parametrize("auth,priv", [("SHA-256", "AES-256"), ("SHA-512", "AES-192-C"), ("MD5", "DES")])
def test_explicit_protocols(auth, priv):
    with SnmpAgent(tree="rpdu", auth_protocol=auth, priv_protocol=priv) as other:
        snmp = session(other, auth_protocol=auth, priv_protocol=priv)
        assert snmp.get("1.3.6.1.4.1.318.1.1.12.1.8.0")["1.3.6.1.4.1.318.1.1.12.1.8.0"] == 24


def test_defaults_are_sha_aes_never_md5_des():
    snmp = SnmpSession("127.0.0.1", 161, user=USER, auth_key=AUTH_KEY, priv_key=PRIV_KEY)
    assert snmp._auth.authentication_protocol == snmp_config.USM_AUTH_HMAC96_SHA
    assert snmp._auth.privacy_protocol == snmp_config.USM_PRIV_CFB128_AES
    fields = {f.name: f for f in SNMP_FIELDS}
    assert fields["snmp_version"].default == "v3"
    assert (fields["snmp_auth_protocol"].default, fields["snmp_priv_protocol"].default) == ("SHA", "AES-128")
    assert fields["snmp_auth_key"].secret and fields["snmp_priv_key"].secret and fields["snmp_community"].secret
    assert set(AUTH_PROTOCOLS) == {"SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512", "MD5"}
    assert {"AES-128", "AES-192", "AES-256", "DES"} <= set(PRIV_PROTOCOLS)
    with SnmpAgent(tree="rpdu", auth_protocol="MD5", priv_protocol="DES") as legacy:
        with pytest.raises(AuthFailed):  # an MD5/DES agent is not reached by accident
            session(legacy).get("1.3.6.1.2.1.1.5.0")


@pytest.mark.parametrize("kw", [dict(user=""), dict(auth_key="short"), dict(priv_key=""), dict(version="v1"),
                                dict(auth_protocol="SHA-1024"), dict(priv_protocol="BLOWFISH"),
                                dict(version="v2c", community="")])
def test_bad_settings_are_config_errors(kw):
    args = dict(user=USER, auth_key=AUTH_KEY, priv_key=PRIV_KEY)
    args.update(kw)
    with pytest.raises(ConfigError):
        SnmpSession("127.0.0.1", 161, **args)


@pytest.mark.parametrize("kw", [dict(auth_key="wrong-auth-key-1"), dict(user="nobody"),
                                dict(priv_key="wrong-priv-key-1"), dict(auth_protocol="SHA-256"),
                                dict(priv_protocol="DES")])
def test_wrong_credentials_are_auth_failed_without_secrets(agent, kw):
    with pytest.raises(AuthFailed) as info:
        session(agent, **kw).get("1.3.6.1.2.1.1.5.0")
    text = str(info.value)
    assert "credentials rejected" in text
    for secret in (AUTH_KEY, PRIV_KEY, kw.get("auth_key"), kw.get("priv_key")):
        assert not secret or secret not in text


def test_v2c_only_when_configured():
    with SnmpAgent(tree="rpdu", community="ops-c0mmunity") as v2:
        assert session(v2, version="v2c", community="ops-c0mmunity").get("1.3.6.1.2.1.1.5.0") == {
            "1.3.6.1.2.1.1.5.0": "pdu-rack-a"}
        started = time.monotonic()
        with pytest.raises(Timeout, match="community") as info:  # agents drop wrong communities silently
            session(v2, version="v2c", community="wrong-community", timeout=0.5).get("1.3.6.1.2.1.1.5.0")
        assert time.monotonic() - started < 4.0  # 0.5 s timeout, generous for a loaded machine
        assert "wrong-community" not in str(info.value)


def test_dropping_agent_is_a_timeout_after_timeout_times_tries():
    with SnmpAgent(tree="rpdu2") as hung:
        snmp = session(hung, timeout=0.5, retries=1)
        hung.drop = True
        started = time.monotonic()
        with pytest.raises(Timeout, match="0.5 s x 2 tries"):
            snmp.get("1.3.6.1.2.1.1.5.0")
        elapsed = time.monotonic() - started
        assert 0.9 <= elapsed < 4.0, elapsed
        assert snmp.round_trips == 2 and hung.received == 2  # one try plus one retry


def test_same_user_name_with_different_keys_on_two_devices_in_parallel():
    other = dict(auth_key="other-auth-77", priv_key="other-priv-77")
    with SnmpAgent(tree="rpdu2") as one, SnmpAgent(tree="rpdu", **other) as two:
        sessions = [session(one), session(two, **other)]
        errors, results = [], []

        def poll(snmp, oid):
            try:
                for _ in range(5):
                    results.append(snmp.get(oid)[oid])
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=poll, args=(sessions[0], f"{RPDU2}.1.0")),
                   threading.Thread(target=poll, args=(sessions[1], "1.3.6.1.4.1.318.1.1.12.1.8.0"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        assert sorted(results) == [1] * 5 + [24] * 5


def test_walk_with_a_row_hint_asks_for_the_remaining_rows_plus_one():
    columns = [f"{RPDU2}.9.2.3.1.{c}" for c in (2, 3, 4, 5)]
    with SnmpAgent(tree="rpdu2", outlets=50) as big:
        snmp = session(big)
        snmp.get("1.3.6.1.2.1.1.5.0")
        before, got = snmp.requests, snmp.varbinds
        rows = snmp.walk(*columns, rows_hint=50)
        assert [len(r) for r in rows.values()] == [50] * 4 and rows[columns[1]]["50"] == "fw-opnsense"
        assert snmp.requests - before == 1, "4 columns x 50 rows + the end row fit one GETBULK"
        assert snmp.varbinds - got == 4 * 51, "no varbind past the row that shows the end"
        before = snmp.requests
        assert [len(r) for r in snmp.walk(*columns).values()] == [50] * 4  # no hint: 240 // 4 rows per answer
        assert snmp.requests - before == 1
        wrong = snmp.walk(*columns, rows_hint=10)  # a hint that is too small still walks to the end
        assert [len(r) for r in wrong.values()] == [50] * 4


def test_walk_with_a_row_hint_on_a_truncating_agent():
    with SnmpAgent(tree="rpdu2", max_bulk=10) as small:
        snmp = session(small)
        rows = snmp.walk(NAME, STATE, rows_hint=24)
        assert [len(r) for r in rows.values()] == [24, 24] and rows[NAME]["24"] == "spare-24"
