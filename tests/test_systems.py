"""
Operations Command Center - Systems and Secrets Tests

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: Fernet store round trip, TOML import and its errors (nothing
    half-imported), masking, key rotation, key file checks, the systems CLI
    and the LibreNMS instance derived from the host config.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-02): The stored blob is read through SQLAlchemy (either backend)
- 1.2.0 (2026-12-02): The example file's site keys land
"""

import json
import os

import pytest
from cryptography.fernet import Fernet

from modules.ops_center.models.base import session
from modules.ops_center.models.credentials import OpsCredential
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.conftest import login, make_app, query
from tests.fake_integrations import HttpProbe
from tests.fakes.probe_fake import ProbeFake

pytestmark = pytest.mark.usefixtures("test_types")

SECRET = "tok-9f8e7d6c5b4a-very-secret"
TOML = f"""
[[system]]
type = "test_http"
name = "probe-1"
url = "{{url}}"
token = "{SECRET}"
port = 8443
tags = ["core", "lab"]

[[system]]
type = "test_critical"
name = "crit-1"
password = "another-s3cret-pw"

[[wan]]
name = "WAN1"
status = {{ system = "probe-1", gateway = "WAN_DHCP" }}
"""


@pytest.fixture
def fake():
    server = ProbeFake(SECRET).start()
    yield server
    server.stop()


def cli(app, *args, input=None):
    """Run ``flask ops-center ...`` and return the result."""
    return app.test_cli_runner().invoke(args=["ops-center", *args], input=input)


def write(tmp_path, text, name="systems.toml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def rows(app):
    with app.app_context():
        return {r.credential_name: (r.integration_name, r.encrypted_data)
                for r in session().query(OpsCredential).all()}


def test_import_encrypts_masks_and_feeds_the_aggregator(app, tmp_path, fake):
    result = cli(app, "systems", "import", write(tmp_path, TOML.replace("{url}", fake.url)))
    assert result.exit_code == 0, result.output
    assert "2 created" in result.output
    raw = query(tmp_path, "select encrypted_data from ops_credentials")
    blob = b"".join(r[0].encode() for r in raw)
    assert SECRET.encode() not in blob and b"another-s3cret-pw" not in blob and b"WAN_DHCP" not in blob
    listing = cli(app, "systems", "list")
    assert SECRET not in listing.output and "another-s3cret-pw" not in listing.output
    assert 'token = "********"' in listing.output and "port = 8443" in listing.output
    with app.app_context():
        snap = get_aggregator(app).snapshot()
    assert HttpProbe.seen_settings["probe-1"]["token"] == SECRET
    assert HttpProbe.seen_settings["probe-1"]["wan_gateways"] == {"WAN1": "WAN_DHCP"}
    assert HttpProbe.seen_settings["probe-1"]["tags"] == ["core", "lab"]
    assert [w["name"] for w in snap["wan"] if w["source"] == "probe-1"] == ["WAN1"]
    with app.app_context():
        used = session().query(OpsCredential).filter_by(credential_name="probe-1").one().last_used
    assert used is not None


def test_reimport_updates_by_name_and_keeps_other_rows(app, tmp_path, fake):
    path = write(tmp_path, TOML.replace("{url}", fake.url))
    cli(app, "systems", "import", path)
    first = rows(app)
    result = cli(app, "systems", "import", write(tmp_path, TOML.replace("{url}", fake.url).replace("8443", "9443"),
                                                 "second.toml"))
    assert "0 created, 2 updated" in result.output
    assert set(rows(app)) == set(first)
    assert "port = 9443" in cli(app, "systems", "list").output


@pytest.mark.parametrize("text,message", [
    ("[[system]\ntype=", "malformed TOML"),
    ('[[system]]\ntype = "nope"\nname = "x"\n', "[[system]] #2 (x): unknown system type 'nope'"),
    ('[[system]]\ntype = "test_http"\nname = "p"\nurl = "http://127.0.0.1:1"\n',
     "[[system]] #2 (p): field 'token' is required"),
    ('[[system]]\ntype = "test_http"\nname = "p"\nurl = "u"\ntoken = "t"\nport = "eighty"\n',
     "field 'port' must be an integer, got str 'eighty'"),
    ('[[system]]\ntype = "test_http"\nname = "p"\nurl = "u"\ntoken = "t"\nbogus = 1\n',
     "field 'bogus' is unknown for type 'test_http'"),
    ('[[system]]\ntype = "test_critical"\nname = "a"\n[[system]]\ntype = "test_critical"\nname = "a"\n',
     "[[system]] #3 (a): duplicate name 'a'"),
    ('[[system]]\ntype = "test_critical"\nname = "Bad Name"\n', "field 'name'"),
    ('[[system]]\ntype = "test_critical"\nname = "a"\n[[wan]]\nname = "W"\nstatus = { system = "zz", x = 1 }\n',
     "[[wan]] #1 (W): 'status' names unknown system 'zz'"),
    ('[[system]]\ntype = "test_critical"\nname = "a"\n[[wan]]\nname = "W"\nstatus = { system = "a", gw = 1 }\n',
     "type 'test_critical' has no WAN key 'gw'"),
])
def test_bad_files_give_one_line_and_change_nothing(app, tmp_path, text, message):
    good = '[[system]]\ntype = "test_critical"\nname = "keep-me"\n'
    assert cli(app, "systems", "import", write(tmp_path, good, "good.toml")).exit_code == 0
    before = rows(app)
    # A valid first table followed by the bad part: the first must not be written either.
    result = cli(app, "systems", "import", write(tmp_path, '[[system]]\ntype = "test_status"\nname = "new-one"\n'
                                                 + text if "[[system]" in text and "malformed" not in message
                                                 else text))
    assert result.exit_code == 1
    lines = [line for line in result.output.strip().splitlines() if line]
    assert len(lines) == 1 and message in lines[0], result.output
    assert "Traceback" not in result.output
    assert rows(app) == before


def test_disable_enable_remove_and_test(app, tmp_path, fake):
    cli(app, "systems", "import", write(tmp_path, TOML.replace("{url}", fake.url)))
    ok = cli(app, "systems", "test", "probe-1")
    assert ok.exit_code == 0 and ok.output.startswith("ok probe-1 in ") and "1 wan" in ok.output
    fake.token = "rotated-upstream"
    bad = cli(app, "systems", "test", "probe-1")
    assert bad.exit_code == 1 and "auth_failed" in bad.output and SECRET not in bad.output
    assert cli(app, "systems", "disable", "probe-1").exit_code == 0
    with app.app_context():
        names = [s["name"] for s in get_aggregator(app).snapshot()["sources"]]
    assert "probe-1" not in names and "crit-1" in names
    assert "disabled" in cli(app, "systems", "list").output
    assert cli(app, "systems", "enable", "probe-1").exit_code == 0
    assert cli(app, "systems", "remove", "probe-1", "--yes").exit_code == 0
    assert "probe-1" not in rows(app)
    missing = cli(app, "systems", "remove", "nope", "--yes")
    assert missing.exit_code == 1 and "no system named 'nope'" in missing.output


def test_rotation_with_env_keys(tmp_path, monkeypatch):
    key_a, key_b = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    app = make_app(tmp_path, OPS_CENTER_FERNET_KEY=key_a)
    path = write(tmp_path, '[[system]]\ntype = "test_http"\nname = "p"\nurl = "http://127.0.0.1:9"\ntoken = "abc123"\n'
                           '[[notify]]\nname = "pager"\nurl = "json://127.0.0.1:9/hook"\n')
    assert cli(app, "systems", "import", path).exit_code == 0
    app_ab = make_app(tmp_path, OPS_CENTER_FERNET_KEY=f"{key_b},{key_a}")
    result = cli(app_ab, "rotate-key")
    assert result.exit_code == 0 and "re-encrypted 2 stored secret row(s)" in result.output
    app_b = make_app(tmp_path, OPS_CENTER_FERNET_KEY=key_b)
    assert "p " in cli(app_b, "systems", "list").output
    notify = cli(app_b, "notify", "list").output
    assert "pager" in notify and "cannot decrypt" not in notify.lower(), "targets are rotated too"
    app_a = make_app(tmp_path, OPS_CENTER_FERNET_KEY=key_a)
    wrong = cli(app_a, "systems", "list")  # the row no key opens is marked; the list still answers
    assert wrong.exit_code == 0 and "UNREADABLE" in wrong.output
    assert "cannot decrypt system 'p'" in wrong.output and "Traceback" not in wrong.output


def test_rotation_with_generated_key_file(app, tmp_path):
    cli(app, "systems", "import", write(tmp_path, '[[system]]\ntype = "test_critical"\nname = "c"\n'))
    key_file = tmp_path / "instance" / "ops_center.key"
    old = key_file.read_text().split()
    result = cli(app, "rotate-key", "--generate")
    assert result.exit_code == 0, result.output
    keys = key_file.read_text().split()
    assert len(keys) == 2 and keys[1] == old[0]
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    key_file.write_text(keys[0] + "\n")  # drop the old key: rows must still decrypt
    fresh = make_app(tmp_path)
    assert "c " in cli(fresh, "systems", "list").output


def test_key_file_created_0600_and_refused_when_world_readable(tmp_path):
    make_app(tmp_path)
    key_file = tmp_path / "instance" / "ops_center.key"
    assert os.stat(key_file).st_mode & 0o777 == 0o600
    os.chmod(key_file, 0o644)
    with pytest.raises(SystemExit) as exc:
        make_app(tmp_path)
    assert "readable by other users" in str(exc.value) and "chmod 600" in str(exc.value)


def test_malformed_env_key_is_one_clear_line(tmp_path):
    with pytest.raises(SystemExit) as exc:
        make_app(tmp_path, OPS_CENTER_FERNET_KEY="not-a-key")
    assert str(exc.value).startswith("ops_center: a Fernet key is malformed")


def test_missing_key_file_after_rows_exist_is_reported_per_source(app, tmp_path):
    cli(app, "systems", "import", write(tmp_path, '[[system]]\ntype = "test_critical"\nname = "c"\n'))
    (tmp_path / "instance" / "ops_center.key").unlink()
    with pytest.raises(SystemExit, match="key file .* is missing and 1 stored system"):
        make_app(tmp_path)  # a silent new key would make every stored system unreadable
    fresh = make_app(tmp_path, OPS_CENTER_REKEY=True)  # told to re-key: a new key, the old rows marked
    with fresh.app_context():
        snap = get_aggregator(fresh).snapshot()
    src = snap["sources"][0]
    assert src["name"] == "c" and src["error_kind"] == "config" and "cannot decrypt" in src["error"]
    assert snap["demo"] is False, "a key problem must never fall back to demo data silently"


def test_librenms_derived_from_host_config(tmp_path):
    import modules.ops_center.integrations.catalog as catalog

    registry = catalog.load_all()
    if "librenms" not in registry:
        pytest.skip("LibreNMS integration not present")
    app = make_app(tmp_path, LIBRENMS_BASE_URL="http://127.0.0.1:9", LIBRENMS_API_TOKEN="x" * 12)
    with app.app_context():
        from modules.ops_center.services.polling.instances import load_instances

        instances = load_instances()
    assert [(i.name, i.type) for i in instances] == [("librenms", "librenms")]
    assert instances[0].settings["url"] == "http://127.0.0.1:9"


def test_example_file_imports_every_type(app):
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "examples" / "systems.example.toml"
    result = cli(app, "systems", "import", str(path))
    assert result.exit_code == 0, result.output
    assert "9 created" in result.output
    listing = cli(app, "systems", "list", "--json")
    systems = json.loads(listing.output)
    assert {s["name"]: s["settings"].get("site") for s in systems if s["name"] in ("pdu-1", "zyxel-1")} == \
        {"pdu-1": "rack A", "zyxel-1": "rack A"}
    types = {s["type"] for s in systems}
    assert types == {"opnsense", "librenms", "firewalla", "hostmon", "uptime_kuma", "apc_pdu", "mikrotik", "zyxel"}
    assert "CHANGE-ME" not in listing.output
    notify = cli(app, "notify", "list").output
    assert "phone" in notify and "CHANGE-ME" not in notify
    client = app.test_client()
    login(client)
    links = client.get("/ops/api/topology").get_json()["links"]
    assert len(links) == 3, links


def test_running_server_picks_up_a_key_rotated_by_the_cli(tmp_path):
    server = make_app(tmp_path)  # a running web process: its key ring is loaded
    cli_app = make_app(tmp_path)  # the CLI, another process
    cli(cli_app, "systems", "import", write(tmp_path, '[[system]]\ntype = "test_critical"\nname = "c"\n'))
    with server.app_context():
        assert get_aggregator(server).snapshot()["sources"][0]["ok"]
    assert cli(cli_app, "rotate-key", "--generate").exit_code == 0
    key_file = tmp_path / "instance" / "ops_center.key"
    key_file.write_text(key_file.read_text().split()[0] + "\n")  # the old key is gone
    client = server.test_client()
    token = login(client)
    listed = client.get("/ops/api/systems")  # every decrypt path re-reads the ring, not only polling
    assert listed.status_code == 200 and listed.get_json()["systems"][0]["decrypt_error"] is None
    tested = client.post("/ops/api/systems/c/test", headers={"X-CSRFToken": token})
    assert tested.status_code == 200 and tested.get_json()["ok"] is True
    with server.app_context():
        snap = get_aggregator(server).snapshot(force=True)
    assert snap["sources"][0]["ok"] and snap["sources"][0]["error"] is None
