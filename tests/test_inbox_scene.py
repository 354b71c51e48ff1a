"""
Operations Command Center - Inbox Scene (helpers and their own tests)

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: A scripted lab for the inbox tests: ``test_scene`` sources whose
    data the test sets (``SCENE[name] = lambda: SourceData(...)`` or an
    exception to raise), a PDU whose outlets really switch (the demo outlet
    store) and a LibreNMS stand-in that records its acknowledgements; the
    types are registered by the ``scene`` fixture and forgotten afterwards.
    ``step`` runs the real watcher: one cycle starts the due fetches, the
    next one (after they landed) feeds the inbox. The tests here check the
    helpers themselves and the sighting rules on one source.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import time

import pytest
from sqlalchemy import select

from modules.ops_center.integrations.base import (
    ALERT_ACK,
    ALERT_UNACK,
    Alert,
    Field,
    Integration,
    Outlet,
    Pdu,
    Port,
    SourceData,
    Switch,
    Unreachable,
    UptimeTarget,
    register,
)
from modules.ops_center.integrations.catalog import forget
from modules.ops_center.integrations.demo import DemoPdu
from modules.ops_center.integrations.kit import clock
from modules.ops_center.models.base import session
from modules.ops_center.models.events import OpsEvent, OpsIncident
from modules.ops_center.services.admin.store import save_instance
from modules.ops_center.services.polling import cache_store
from modules.ops_center.services.polling.aggregator import get_aggregator
from modules.ops_center.services.polling.watcher import Watcher

SCENE = {}
WRITES = []  # (native id, note, until_clear) the LibreNMS stand-in received


class SceneSource(Integration):
    """Reports what ``SCENE[name]`` says (a SourceData factory, or an exception to raise)."""

    type_name, label, ttl_class = "test_scene", "Scene (test)", "status"
    FEEDS = ("wan", "alerts:monitoring", "alerts:ips", "uptime", "outages", "pdus", "switches")
    fields = (Field("ttl", "int"),)

    def fetch(self):
        """The scripted data.

        Returns:
            SourceData: What the scene says now.
        """
        spec = SCENE.get(self.name, SourceData)
        if isinstance(spec, Exception):
            raise spec
        return spec()


class SceneLibrenms(SceneSource):
    """A scene source that accepts acknowledgements like LibreNMS (``until_clear``)."""

    type_name, label = "test_scene_nms", "Scene LibreNMS (test)"
    FEEDS = ("alerts:monitoring",)
    ACTIONS = {"alert_ack": ALERT_ACK, "alert_unack": ALERT_UNACK}

    def ack_alert(self, native_id, note="", until_clear=True):
        """Record the write-back.

        Args:
            native_id: Alert id.
            note: Note.
            until_clear: Sticky at the source.

        Returns:
            str: A confirmation.
        """
        WRITES.append((str(native_id).split(":")[-1], note, until_clear))
        return "ok"

    def unack_alert(self, native_id, note=""):
        """Accept an un-acknowledgement.

        Args:
            native_id: Alert id.
            note: Note.

        Returns:
            str: A confirmation.
        """
        return "ok"


class ScenePdu(DemoPdu):
    """The demo PDU (outlets really switch) as a configured system."""

    type_name, label, demo = "test_scene_pdu", "Scene PDU (test)", False
    fields = (Field("ttl", "int"),)


TYPES = (SceneSource, SceneLibrenms, ScenePdu)


class ShiftClock(clock.Clock):
    """The real clock moved forward on demand: a fetch's time is kept to the second, so each step is
    one second later instead of the test sleeping."""

    def __init__(self):
        self.offset = 0.0

    def epoch(self):
        """Real time plus the offset.

        Returns:
            float: Seconds.
        """
        return time.time() + self.offset


CLOCK = ShiftClock()


@pytest.fixture
def scene():
    """Register the scene types for one test; forget them afterwards."""
    SCENE.clear()
    WRITES.clear()
    for cls in TYPES:
        register(cls)
    CLOCK.offset = 0.0
    previous = clock.use_clock(CLOCK)
    yield SCENE
    clock.use_clock(previous)
    for cls in TYPES:
        forget(cls.type_name)
    SCENE.clear()


def add_systems(app, **types):
    """Store scene systems (name=type) with a long TTL: only ``step`` refetches them."""
    with app.app_context():
        for name, type_name in types.items():
            save_instance(type_name, name.replace("_", "-"), {"ttl": 3600})
        session().commit()


def step(app, watcher, *names):
    """Refetch some systems (all when none named) through the watcher, then one cycle feeds the inbox."""
    CLOCK.offset += 1.0
    with app.app_context():
        from modules.ops_center.services.polling.instances import load_instances

        every = [i.name for i in load_instances()]
        for name in names or every:
            cache_store.expire(name)
    assert watcher.cycle() is True
    agg = get_aggregator(app)
    for name in names or every:
        assert agg.idle(name, 10)
    assert watcher.cycle() is True


def events(app, **where):
    """Every event as a dict (optionally filtered by column values)."""
    with app.app_context():
        rows = session().execute(select(OpsEvent).filter_by(**where).order_by(OpsEvent.id)).scalars()
        return [{c.name: getattr(r, c.name) for c in OpsEvent.__table__.columns} for r in rows]


def incidents(app, *states):
    """Every incident as a dict (optionally only in some states)."""
    with app.app_context():
        query = select(OpsIncident).order_by(OpsIncident.id)
        if states:
            query = query.where(OpsIncident.state.in_(states))
        return [{c.name: getattr(r, c.name) for c in OpsIncident.__table__.columns}
                for r in session().execute(query).scalars()]


def alert(source, native, title, host="", severity="warning", category="monitoring", ack=False):
    """One alert as a source reports it (``ack``: the source takes acknowledgements)."""
    return Alert(f"{source}:{native}", source, category, severity, title, "", host, ack_supported=ack)


def uptime(source, **targets):
    """Uptime targets: name=status."""
    return [UptimeTarget(t.replace("_", "-"), s, None, None, source) for t, s in targets.items()]


def switch(source, count, down=(), aliases=None):
    """A switch with some ports down."""
    ports = [Port(i, f"port{i}", "down" if i in down else "up", "up", 1000, (aliases or {}).get(i, ""))
             for i in range(1, count + 1)]
    return Switch(source, source, "Test", "T-1", count, count - len(down), ports)


def pdu(source, states, load=1.0):
    """A PDU with named outlets: {number: (name, state)}."""
    return Pdu(source.upper(), source, load, 16.0, [Outlet(n, name, st) for n, (name, st) in states.items()])


UNREACHABLE = Unreachable("connection refused")


@pytest.fixture
def scene_lab(tmp_path, scene):
    from tests.conftest import make_app

    app = make_app(tmp_path)
    return app, Watcher(app, "thread")


def test_alerts_upsert_by_fingerprint_resolve_and_reopen_with_history(scene_lab):
    app, watcher = scene_lab
    add_systems(app, nms="test_scene_nms")
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 1, "CPU high", "pve01"), alert("nms", 2, "Disk full")])
    step(app, watcher)
    step(app, watcher)
    rows = {e["fingerprint"]: e for e in events(app)}
    assert set(rows) == {"nms:1", "nms:2"}
    assert (rows["nms:1"]["count"], rows["nms:1"]["state"], rows["nms:1"]["entity"]) == (2, "firing", "host:pve01")
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 2, "Disk full")])
    step(app, watcher)
    rows = {e["fingerprint"]: e for e in events(app)}
    assert rows["nms:1"]["state"] == "resolved" and rows["nms:1"]["resolved_at"] is not None
    assert rows["nms:2"]["count"] == 3
    first = rows["nms:1"]["first_seen"]
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 1, "CPU high", "pve01"), alert("nms", 2, "Disk full")])
    step(app, watcher)
    again = {e["fingerprint"]: e for e in events(app)}["nms:1"]
    assert again["state"] == "firing" and again["resolved_at"] is None
    assert again["first_seen"] == first and again["count"] == 3 and again["opened_at"] > first
    assert len(events(app)) == 2, "one row per fingerprint, whatever happened to it"


def test_a_quiet_cycle_counts_nothing(scene_lab):
    app, watcher = scene_lab
    add_systems(app, nms="test_scene_nms")
    SCENE["nms"] = lambda: SourceData(alerts=[alert("nms", 1, "CPU high")])
    step(app, watcher)
    for _ in range(3):
        assert watcher.cycle() is True  # no new fetch: the same data is not a new sighting
    assert [e["count"] for e in events(app)] == [1]
