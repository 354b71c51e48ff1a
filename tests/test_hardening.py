"""
Operations Command Center - Hardening Against Bad Input and Bad Upstreams

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The integration- and settings-side items of the security review,
    each reproduced: a redirect never carries credentials elsewhere; stored
    errors never quote a response body; secrets with control characters are
    refused and every escaped form of a secret is scrubbed; the network
    policy keeps the dashboard off loopback, link-local and unlisted files;
    every setting is typed, bounded and cross-checked at save and import;
    malformed TOML tables, bodies and files are clean errors, never a 500.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import pytest

from config import TestingConfig
from modules.ops_center.integrations.base import BadResponse, ConfigError, scrub
from modules.ops_center.integrations.kit import netpolicy
from modules.ops_center.integrations.kit.http import HttpClient
from modules.ops_center.integrations.librenms import Librenms
from tests.conftest import login
from tests.fakes.http_fake import HttpFake
from tests.fakes.probe_fake import ProbeFake

pytestmark = pytest.mark.usefixtures("test_types")

TOKEN = "tok-5d1b-secret-hardening"


class Redirector(HttpFake):
    """Answers every request with a redirect to ``target``."""

    def __init__(self, target):
        super().__init__()
        self.target = target
        self.route("GET", "/.*", lambda req, m: (302, {"Location": self.target + req.path + "?sid=abc"}, b""))


class Chatty(HttpFake):
    """Fails with a body that must never reach a stored error."""

    def __init__(self):
        super().__init__()
        self.route("GET", "/api/v0/.*", lambda req, m: (500, {"Content-Type": "text/html"},
                                                          b"<h1>Internal error</h1> db password hunter2-body"))


@pytest.fixture
def servers():
    started = []

    def start(server):
        started.append(server.start())
        return server
    yield start
    for server in started:
        server.stop()


def test_a_redirect_is_an_error_and_the_token_stays_home(servers):
    elsewhere = servers(ProbeFake("not-this"))
    front = servers(Redirector(elsewhere.url))
    lnms = Librenms("librenms", {"url": front.url, "token": TOKEN})
    with pytest.raises(BadResponse, match="redirected to http://127.0.0.1") as err:
        lnms.fetch()
    assert "sid=abc" not in str(err.value), "a query string may carry tokens: not repeated"
    assert elsewhere.requests == [], "the token never reached the other host"
    assert front.requests[0].headers.get("X-Auth-Token") == TOKEN


def test_stored_errors_never_quote_a_response_body(servers):
    fake = servers(Chatty())
    with pytest.raises(BadResponse) as err:
        Librenms("librenms", {"url": fake.url, "token": TOKEN}).fetch()
    assert "500" in str(err.value) and "hunter2" not in str(err.value) and "<h1>" not in str(err.value)


def test_scrub_hides_escaped_and_encoded_forms():
    secret = "ab\r\ncd/e f+g"
    for shown in ("ab\\r\\ncd/e f+g", "ab%0D%0Acd%2Fe%20f%2Bg", "ab%0D%0Acd%2Fe+f%2Bg", secret):
        assert "********" in scrub(f"header value {shown!s} rejected", [secret])
        assert shown not in scrub(f"header value {shown!s} rejected", [secret])


def test_control_characters_are_refused_before_any_request():
    with pytest.raises(ConfigError, match="control character"):
        HttpClient("http://127.0.0.1:9", headers={"X-Auth-Token": "abc\r\nX-Evil: 1"})


def test_network_policy_by_default_keeps_off_loopback_and_link_local(tmp_path):
    try:
        netpolicy.configure()  # the production defaults
        for host in ("127.0.0.1", "localhost", "169.254.169.254", "::1"):
            with pytest.raises(ConfigError, match="OPS_CENTER_ALLOWED_NETWORKS"):
                netpolicy.check_host(host)
        assert netpolicy.address_allowed("10.1.2.3") and netpolicy.address_allowed("fd00::5")
        assert not netpolicy.address_allowed("::ffff:127.0.0.1"), "a v4-mapped loopback is loopback"
        netpolicy.check_host("msp1.firewalla.net")  # the MSP cloud is allowed by name
        with pytest.raises(ConfigError, match="OPS_CENTER_FILE_ROOTS"):
            netpolicy.check_file(tmp_path / "hostmon.db")
        with pytest.raises(ConfigError, match="ALLOWED_NETWORKS"):
            HttpClient("http://127.0.0.1:9").request("GET", "/")
    finally:
        netpolicy.configure(TestingConfig.OPS_CENTER_ALLOWED_NETWORKS, "", TestingConfig.OPS_CENTER_FILE_ROOTS)


def _save(client, token, type_name, settings, name="sys-1"):
    return client.post("/ops/api/systems", json={"type": type_name, "name": name, "settings": settings},
                       headers={"X-CSRFToken": token})


SNMP = {"host": "pdu1.example.lan", "snmp_user": "ops", "snmp_auth_key": "authkey123", "snmp_priv_key": "privkey123"}


@pytest.mark.parametrize("type_name,settings,field,text", [
    ("librenms", {"url": "javascript:alert(1)", "token": "t"}, "url", "http:// or https://"),
    ("librenms", {"url": "http://u:p@lnms.example.lan", "token": "t"}, "url", "no user:password@"),
    ("librenms", {"url": "http://lnms.example.lan", "token": "a\r\nb"}, "token", "control characters"),
    ("librenms", {"url": "http://lnms.example.lan", "token": "x" * 5000}, "token", "too long"),
    ("librenms", {"url": "http://lnms.example.lan", "token": "t", "timeout": "nan"}, "timeout", "a number"),
    ("librenms", {"url": "http://lnms.example.lan", "token": "t", "timeout": 0}, "timeout", "between 0.1 and 300"),
    ("librenms", {"url": "http://lnms.example.lan", "token": "t", "timeout": -1}, "timeout", "between"),
    ("librenms", {"url": "http://lnms.example.lan", "token": "t", "verify_tls": "false", "ca_bundle": "/nope.pem"},
     "ca_bundle", None),
    ("librenms", {"url": "http://169.254.169.254", "token": "t"}, "url", "ALLOWED_NETWORKS"),
    ("apc_pdu", {**SNMP, "port": 10**20}, "port", "between 1 and 65535"),
    ("apc_pdu", {**SNMP, "port": -5}, "port", "between 1 and 65535"),
    ("apc_pdu", {**SNMP, "retries": 10**6}, "retries", "between 0 and 10"),
    ("apc_pdu", {**SNMP, "protected_outlets": [{"a": 1}]}, "protected_outlets", "a list of text"),
    ("apc_pdu", {"host": "pdu1.example.lan", "snmp_user": "ops"}, "snmp_auth_key", "required for SNMPv3"),
    ("apc_pdu", {**SNMP, "snmp_priv_key": "short"}, "snmp_priv_key", "at least 8"),
    ("zyxel", {"host": "sw1.example.lan", "mode": "ssh"}, "ssh_username", "required when mode = ssh"),
    ("hostmon", {}, "db_path", "not both and not neither"),
    ("mikrotik", {"host": "crs.example.lan", "username": "u", "use_ssl": "maybe"}, "use_ssl", "true or false"),
])
def test_settings_are_typed_bounded_and_cross_checked(op_client, type_name, settings, field, text):
    token = login(op_client)
    resp = _save(op_client, token, type_name, settings)
    if field == "ca_bundle":  # verify_tls false: the bundle is not used, so it is not checked
        assert resp.status_code == 201
        resp = _save(op_client, token, type_name, {**settings, "verify_tls": True}, name="sys-2")
        text = "not a readable file"
    assert resp.status_code == 400, resp.get_json()
    error = resp.get_json()["error"]
    assert error["field"] == field and text in error["message"], error
    assert "a\r\nb" not in resp.get_data(as_text=True) and "x" * 100 not in resp.get_data(as_text=True)


def test_active_must_be_a_real_boolean_and_names_end_cleanly(op_client):
    token = login(op_client)
    good = {"url": "http://lnms.example.lan", "token": "t"}
    resp = op_client.post("/ops/api/systems", json={"type": "librenms", "name": "lnms", "active": "false",
                                                    "settings": good}, headers={"X-CSRFToken": token})
    assert resp.status_code == 400 and resp.get_json()["error"]["field"] == "active"
    assert _save(op_client, token, "librenms", good, name="lnms\n").status_code == 400


@pytest.mark.parametrize("text,message", [
    ("system = [1, 2]\n", "#1: must be a table"),
    ('wan = [1]\n[[system]]\ntype = "librenms"\nname = "l"\nurl = "http://lnms.example.lan"\ntoken = "t"\n',
     "[[wan]] #1: must be a table"),
    ('[[system]]\ntype = "apc_pdu"\nname = "p"\nhost = "pdu1.example.lan"\nsnmp_user = "ops"\n', "required for SNMPv3"),
])
def test_toml_shapes_are_one_line_errors(app, tmp_path, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    result = app.test_cli_runner().invoke(args=["ops-center", "systems", "import", str(path)])
    assert result.exit_code == 1 and message in result.output and "Traceback" not in result.output, result.output


def test_a_non_utf8_file_is_a_clean_cli_error(app, tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[[system]]\nname = "pdu-\xe4"\n'.encode("latin-1"))
    result = app.test_cli_runner().invoke(args=["ops-center", "systems", "import", str(path)])
    assert result.exit_code == 1 and "UTF-8" in result.output and "Traceback" not in result.output


def test_deep_json_is_401_unauthenticated_and_400_logged_in(client):
    deep = "[" * 100000 + "]" * 100000
    resp = client.post("/ops/api/alerts/ack", data=deep, content_type="application/json")
    assert resp.status_code in (401, 413)
    token = login(client)
    small_deep = "[" * 1500 + "]" * 1500  # deeper than the JSON decoder recurses, under the body limit
    resp = client.post("/ops/api/alerts/ack", data=small_deep, content_type="application/json",
                       headers={"X-CSRFToken": token})
    assert resp.status_code == 400 and resp.is_json


def test_systems_test_cli_loads_the_registry_and_names_demo_mode(app, tmp_path):
    fake = ProbeFake(TOKEN).start()
    try:
        path = tmp_path / "probe.toml"
        runner = app.test_cli_runner()
        demo = runner.invoke(args=["ops-center", "systems", "test", "opnsense"])
        assert demo.exit_code == 1 and "demo mode" in demo.output and "import" in demo.output
        path.write_text(f'[[system]]\ntype = "test_http"\nname = "probe"\nurl = "{fake.url}"\ntoken = "{TOKEN}"\n')
        assert runner.invoke(args=["ops-center", "systems", "import", str(path)]).exit_code == 0
        ok = runner.invoke(args=["ops-center", "systems", "test", "probe"])
        assert ok.exit_code == 0 and ok.output.startswith("ok probe"), ok.output
        unknown = runner.invoke(args=["ops-center", "systems", "test", "nope"])
        assert unknown.exit_code == 1 and "stored: probe" in unknown.output
    finally:
        fake.stop()



def test_testing_a_stored_system_at_a_new_address_never_sends_its_secret(op_client, servers):
    old = servers(ProbeFake(TOKEN))
    listener = servers(ProbeFake("anything"))
    token = login(op_client)
    assert _save(op_client, token, "test_http", {"url": old.url, "token": TOKEN}, name="probe").status_code == 201
    resp = op_client.post("/ops/api/systems/test", json={"type": "test_http", "name": "probe",
                                                         "settings": {"url": listener.url}},
                          headers={"X-CSRFToken": token})
    assert resp.status_code == 400 and resp.get_json()["error"]["field"] == "token"
    assert listener.requests == [], "the stored token never went to the new address"


def test_a_confirm_name_that_is_not_text_is_refused_not_a_500(op_client):
    token = login(op_client)
    op_client.get("/ops/api/summary")
    resp = op_client.post("/ops/api/pdu/pdu-1/outlets/8", json={"state": "off", "confirm_name": 8},
                          headers={"X-CSRFToken": token})
    assert resp.status_code == 403 and "protected" in resp.get_json()["error"]["message"]


def test_hostmon_never_lists_another_databases_columns(tmp_path):
    import sqlite3

    from modules.ops_center.integrations.hostmon import Hostmon

    db = tmp_path / "other.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE checks (username TEXT, password_hash TEXT)")
    with pytest.raises(BadResponse) as err:
        Hostmon("hm", {"db_path": str(db)}).fetch()
    assert "lacks column" in str(err.value) and "password_hash" not in str(err.value)
