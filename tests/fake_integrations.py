"""
Operations Command Center - Test Integrations

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Integration types that exist only in the test run, to drive the
    aggregator through slow, failing, hanging and counting sources without
    any network. Protocol fakes for the real integrations live beside this.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import threading
import time

from modules.ops_center.integrations.base import Alert, AuthFailed, Field, Integration, SourceData, Wan, register
from modules.ops_center.integrations.catalog import forget
from modules.ops_center.integrations.demo import DemoLibrenms, DemoOpnsense, DemoPdu
from modules.ops_center.integrations.kit.http import HttpClient

CALLS = {}
BEHAVIOUR = {}
_LOCK = threading.Lock()
RELEASE = threading.Event()


TEST_TYPES = []


def _test_type(cls):
    """Collect a test-only type; ``registered()`` puts it in the registry for one test."""
    TEST_TYPES.append(cls)
    return cls


def register_all():
    """Register every test-only type (the ``test_types`` fixture, for one test).

    Returns:
        None
    """
    for cls in TEST_TYPES:
        register(cls)


def forget_all():
    """Remove every test-only type from the registry again.

    Returns:
        None
    """
    for cls in TEST_TYPES:
        forget(cls.type_name)


def reset():
    """Forget call counts and behaviours.

    Returns:
        None
    """
    CALLS.clear()
    BEHAVIOUR.clear()
    RELEASE.set()  # wake every hanging fetch of the test that ends
    RELEASE.clear()


def _count(name):
    with _LOCK:
        CALLS[name] = CALLS.get(name, 0) + 1


class _Scripted(Integration):
    """Behaves as ``BEHAVIOUR[name]`` says: ok, fail, hang."""

    fields = (Field("delay", "float", default=0.0), Field("password", "str", secret=True))

    def fetch(self):
        """Count the call, sleep, then answer or fail as scripted.

        Returns:
            SourceData: One WAN and one alert named after the instance.
        """
        _count(self.name)
        mode = BEHAVIOUR.get(self.name, "ok")
        time.sleep(float(self.setting("delay") or 0))
        if mode == "hang":
            RELEASE.wait(30)  # a test's end releases it, so no fetch thread outlives its test
        if mode == "fail":
            raise AuthFailed(f"HTTP 401: token {self.settings.get('password')} rejected")
        return SourceData(wan=[Wan(f"WAN-{self.name}", "up", 100.0, 10.0, 5.0, 0.0, None, self.name)],
                          alerts=[Alert(f"{self.name}:1", self.name, "ips", "warning", f"alert of {self.name}")])


@_test_type
class CriticalFake(_Scripted):
    """Scripted source in the critical TTL class."""

    type_name, label, ttl_class, FEEDS = "test_critical", "Test critical", "critical", ("wan", "alerts:ips")


@_test_type
class StatusFake(_Scripted):
    """Scripted source in the status TTL class."""

    type_name, label, ttl_class, FEEDS = "test_status", "Test status", "status", ("wan", "alerts:ips")


@_test_type
class ConfigFake(_Scripted):
    """Scripted source in the config TTL class."""

    type_name, label, ttl_class, FEEDS = "test_config", "Test config", "config", ("wan", "alerts:ips")


@_test_type
class FlakyOpnsense(DemoOpnsense):
    """The demo OPNsense that fails on demand (for the browser test)."""

    type_name, label = "test_flaky_opnsense", "OPNsense (flaky test)"
    demo = False

    def fetch(self):
        """Demo data, or an error while ``BEHAVIOUR[name] == "fail"``.

        Returns:
            SourceData: The demo OPNsense data.
        """
        _count(self.name)
        if BEHAVIOUR.get(self.name) == "fail":
            raise AuthFailed("HTTP 401 from /api/routes/gateway/status: credentials rejected")
        return super().fetch()


@_test_type
class HttpProbe(Integration):
    """A small REST integration used to test the settings flow against an HttpFake."""

    type_name, label, ttl_class, FEEDS = "test_http", "HTTP probe (test)", "status", ("wan",)
    fields = (Field("url", "str", required=True, help="Base URL"),
              Field("token", "str", required=True, secret=True, help="API token"),
              Field("port", "int", default=443, help="Port"),
              Field("wan_gateways", "map", help="WAN name -> gateway"),
              Field("tags", "list", help="Tags"))
    wan_fields = {"gateway": "wan_gateways"}
    seen_settings = {}

    def fetch(self):
        """GET /status with the token; one WAN per gateway.

        Returns:
            SourceData: WANs named by the gateway map, or one from the body.
        """
        HttpProbe.seen_settings[self.name] = dict(self.settings)
        client = HttpClient(self.settings["url"], timeout=2, headers={"X-Auth-Token": self.settings["token"]})
        try:
            body = client.json("GET", "/status")
        finally:
            client.close()
        names = list((self.setting("wan_gateways") or {}).keys()) or [body.get("wan", "WAN-probe")]
        return SourceData(wan=[Wan(n, "up", 1.0, 1.0, None, None, None, self.name) for n in names])


@_test_type
class StuckPdu(DemoPdu):
    """A PDU that accepts every SET but keeps the old state (read-back must say failed)."""

    type_name, label = "test_stuck_pdu", "Stuck PDU (test)"
    demo = False

    def set_outlet(self, number, state):
        """Accept the command and change nothing.

        Args:
            number: Outlet number.
            state: Requested state.

        Returns:
            None
        """


@_test_type
class BrokenAckLibrenms(DemoLibrenms):
    """LibreNMS whose acknowledge write-back is refused (non-admin token)."""

    type_name, label = "test_broken_ack", "LibreNMS read-only token (test)"
    demo = False

    def ack_alert(self, native_id, note=""):
        """Refuse like a non-admin token does.

        Args:
            native_id: Alert id.
            note: Note.

        Returns:
            None
        """
        raise AuthFailed("HTTP 403 from /alerts/101: This action is unauthorized.")

EVIL_TITLE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'


@_test_type
class EvilFirewalla(_Scripted):
    """Alerts whose vendor text carries markup (it must render as inert text)."""

    type_name, label, ttl_class, FEEDS = "test_evil", "Evil vendor text (test)", "status", ("alerts:security",)

    def fetch(self):
        """One alert with HTML and script in every text field.

        Returns:
            SourceData: The hostile alert.
        """
        return SourceData(alerts=[Alert(f"{self.name}:1", self.name, "security", "critical", EVIL_TITLE,
                                         detail=EVIL_TITLE, host="<b>host</b>", ack_supported=False)])
