"""
Operations Command Center - Fault Matrix Tests

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: For every integration of the lab and every fault its fake can
    play (slow, hang, refused, rejected credentials, 500, malformed,
    truncated, flapping, dropped packets, garbled frames): the page keeps
    serving, that source shows its error beside its last good data, every
    other source stays fresh, the error clears on recovery, and the change is
    logged once going down and once on recovery.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import logging

import pytest

from benchmarks.lab import Lab
from modules.ops_center.models.base import session
from modules.ops_center.services.admin.toml_import import import_systems
from modules.ops_center.services.polling.aggregator import get_aggregator
from tests.conftest import login, make_app

ZERO = {k: 0.0 for k in ("opnsense", "librenms", "hostmon", "firewalla", "mikrotik", "zyxel-2")}
HTTP = ("opnsense", "librenms", "hostmon", "firewalla")
HTTP_MODES = {"slow": {"timeout"}, "hang": {"timeout"}, "refuse": {"unreachable"}, "unauthorized": {"auth_failed"},
              "500": {"bad_response"}, "malformed": {"bad_response"}, "truncated": {"bad_response", "unreachable"}}
SECTION = {"opnsense": "wan", "librenms": "alerts", "hostmon": "uptime", "firewalla": "alerts", "pdu-1": "pdus",
           "mikrotik": "switches", "zyxel-1": "switches", "zyxel-2": "switches"}
CASES = [(name, mode, kinds) for name in HTTP for mode, kinds in HTTP_MODES.items()]
CASES += [("mikrotik", mode, kinds) for mode, kinds in (("hang", {"timeout"}), ("reject", {"auth_failed"}),
                                                         ("drop", {"unreachable", "bad_response"}),
                                                         ("garbled", {"bad_response"}), ("refuse", {"unreachable"}))]
CASES += [(name, mode, kinds) for name in ("pdu-1", "zyxel-1")
          for mode, kinds in (("drop", {"timeout"}), ("rekey", {"auth_failed"}))]
CASES += [("zyxel-2", "slow", {"timeout"}), ("zyxel-2", "reject", {"auth_failed"}),
          ("zyxel-2", "refuse", {"unreachable"})]


@pytest.fixture(scope="module")
def lab():
    running = Lab(ZERO, history_days=2).start()
    for fake in (running.fakes[n] for n in HTTP):
        fake.slow_seconds = 2.0
    yield running
    running.stop()


@pytest.fixture(scope="module")
def world(lab, tmp_path_factory):
    """One app on the lab for the whole module, every source polled once."""
    app = make_app(tmp_path_factory.mktemp("faults"), OPS_CENTER_FETCH_TIMEOUT=2.5, OPS_CENTER_SNAPSHOT_MEMO=0)
    with app.app_context():
        import_systems(lab.toml(timeout=1.0))
        session().commit()
        first = get_aggregator(app).snapshot(force=True)
    assert all(s["ok"] for s in first["sources"]), {s["name"]: s["error"] for s in first["sources"]}
    client = app.test_client()
    login(client)
    yield app, client
    get_aggregator(app).close()


def apply(lab, name, mode):
    """Put one fake into a fault mode; returns the function that heals it."""
    fake = lab.fakes[name]
    if mode == "refuse":
        fake.stop()
        return fake.start
    if name in ("pdu-1", "zyxel-1"):
        if mode == "drop":
            fake.drop = True
            return lambda: setattr(fake, "drop", False)
        keys = fake.keys_
        fake.rekey("other-auth-key-1", "other-priv-key-2")
        return lambda: fake.rekey(keys[1], keys[3])
    if name == "zyxel-2":
        attr, value = ("slow", 3.0) if mode == "slow" else ("reject", True)
        old = getattr(fake, attr)
        setattr(fake, attr, value)
        return lambda: setattr(fake, attr, old)
    fake.mode = mode
    if name == "mikrotik":
        fake.drop_connections()  # a kept login is not asked again: the fault shows on the reconnect
    return lambda: setattr(fake, "mode", "ok")


def sources(snap):
    return {s["name"]: s for s in snap["sources"]}


def has_data(snap, name):
    rows = snap[SECTION[name]]
    return any(name in str(r.get("source", "")).split(",") for r in rows)


def poll(app, name):
    """Refetch one source (waiting for it) and return the snapshot."""
    with app.app_context():
        agg = get_aggregator(app)
        assert agg.idle(name, 10), "a previous fetch is still running"
        return agg.snapshot(force={name})


@pytest.mark.parametrize("name,mode,kinds", CASES, ids=[f"{n}-{m}" for n, m, _k in CASES])
def test_fault_shows_error_keeps_data_and_recovers(world, lab, caplog, name, mode, kinds):
    app, client = world
    assert sources(poll(app, name))[name]["ok"]
    heal = apply(lab, name, mode)
    with caplog.at_level(logging.INFO, logger="modules.ops_center.services.polling.aggregator"):
        try:
            bad = poll(app, name)
            poll(app, name)
            page = client.get("/ops/api/summary")
        finally:
            heal()
            healed = poll(app, name)  # recover even when an assertion below fails
    assert page.status_code == 200 and sources(page.get_json())[name]["error_kind"] in kinds, "the page keeps serving"
    src = sources(bad)[name]
    assert src["ok"] is False and src["stale"] is True and src["error_kind"] in kinds, src
    assert has_data(bad, name), "last good data stays beside the error"
    others = {n: s for n, s in sources(bad).items() if n != name}
    assert all(s["ok"] and not s["stale"] for s in others.values()), {n: s["error"] for n, s in others.items()}
    assert sources(healed)[name]["ok"] and sources(healed)[name]["error"] is None
    messages = [r.getMessage() for r in caplog.records]
    assert sum(f"source {name} failed" in m for m in messages) == 1, messages
    assert sum(f"source {name} recovered" in m for m in messages) == 1, messages


@pytest.mark.parametrize("name", HTTP)
def test_flapping_source_never_breaks_the_page(world, lab, name):
    app, client = world
    lab.fakes[name].mode = "flapping"
    try:
        snaps = [poll(app, name) for _ in range(4)]
        pages = [client.get("/ops/api/summary") for _ in range(4)]
    finally:
        lab.fakes[name].mode = "ok"
    poll(app, name)
    assert all(r.status_code == 200 for r in pages)
    for snap in snaps:
        assert has_data(snap, name)
        assert all(s["ok"] for n, s in sources(snap).items() if n != name)
