"""
Operations Command Center - Demo Integrations

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: One demo integration per real system type, used when nothing is
    configured (demo mode). Values drift a little between polls so refresh is
    visible, and the demo PDU's outlets really switch, so every control action
    can be tried without hardware. The outlet states live in a store the host
    side may replace (``use_outlet_store``): the services keep them in the
    database, so every process (web, watcher, CLI) sees one PDU.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Outlet states in a replaceable store (the services share them through the database)
- 1.2.0 (2026-12-01): The demo PDU offers ``outlet_cycle`` (off now; the cycle job switches it on again)
- 1.3.0 (2026-12-02): Last night's demo outage is over even between 03:00 and 03:04 (it was an ongoing outage then)
"""

import random
from datetime import timedelta

from ..actions import OUTLET_CYCLE
from ..base import (
    ALERT_ACK,
    ALERT_UNACK,
    OUTLET_SET,
    ActionFailed,
    Alert,
    Integration,
    Outage,
    Outlet,
    Pdu,
    Port,
    SourceData,
    Switch,
    UptimeTarget,
    Wan,
    register,
)
from ..kit import clock
from ..kit.uptime_bars import bar_cells
from . import data as D
from .outlets import INITIAL_OUTLETS, current_store, use_outlet_store  # noqa: F401  (the host side installs its store)

_RNG = random.Random()
def reset_demo():
    """Put the demo PDU's outlets back to their initial states.

    Returns:
        None
    """
    current_store().reset()


def _ago(minutes):
    """ISO timestamp ``minutes`` before now (UTC)."""
    return (clock.now() - timedelta(minutes=minutes)).isoformat(timespec="seconds")


def _drift(value, pct=0.06):
    """A value moved by a small random percentage."""
    return round(max(0.0, value * (1 + _RNG.uniform(-pct, pct))), 1)


class _Demo(Integration):
    """Common base of the demo types."""

    demo = True


@register
class DemoOpnsense(_Demo):
    """Demo OPNsense: two WAN gateways and Suricata alerts."""

    type_name, label, ttl_class, FEEDS = "demo_opnsense", "OPNsense (demo)", "critical", ("wan", "alerts:ips")

    def fetch(self):
        """Demo WAN status and IPS alerts.

        Returns:
            SourceData: Two WANs and three IPS alerts.
        """
        wan = [Wan(name, "up", _drift(rx, 0.12), _drift(tx, 0.15), _drift(lat, 0.1), 0.0, None, self.name)
               for name, rx, tx, lat, _up in D.WANS]
        alerts = [Alert(f"{self.name}:ids-{i}", self.name, "ips", sev, sig, f"{src} → {dst} ({action})",
                        src.split(":")[0], _ago(mins)) for i, (sig, sev, src, dst, action, mins)
                  in enumerate(D.IPS_ALERTS, 1)]
        return SourceData(wan=wan, alerts=alerts)


@register
class DemoLibrenms(_Demo):
    """Demo LibreNMS: monitoring alerts and syslog/eventlog lines."""

    type_name, label, ttl_class = "demo_librenms", "LibreNMS (demo)", "critical"
    FEEDS = ("alerts:monitoring", "alerts:syslog")
    ACTIONS = {"alert_ack": ALERT_ACK, "alert_unack": ALERT_UNACK}

    def fetch(self):
        """Demo alerts and log lines.

        Returns:
            SourceData: Monitoring alerts and syslog entries.
        """
        alerts = [Alert(f"{self.name}:{i}", self.name, "monitoring", sev, rule, f"Rule '{rule}' on {host}",
                        host, _ago(mins), ack_supported=True)
                  for i, (rule, sev, host, mins) in enumerate(D.LIBRENMS_ALERTS, 101)]
        alerts += [Alert(f"{self.name}:syslog-{i}", self.name, "syslog", "info", f"{prog}: {msg}", "", host,
                         _ago(mins)) for i, (host, prog, msg, mins) in enumerate(D.SYSLOG_LINES, 5001)]
        return SourceData(alerts=alerts)

    def ack_alert(self, native_id, note=""):
        """Demo write-back: accepted (the real LibreNMS gets ``PUT /alerts/:id``).

        Args:
            native_id: Alert id at the source.
            note: Operator note.

        Returns:
            None
        """

    def unack_alert(self, native_id, note=""):
        """Demo un-acknowledge write-back: accepted.

        Args:
            native_id: Alert id at the source.
            note: Operator note.

        Returns:
            None
        """


@register
class DemoHostmon(_Demo):
    """Demo Hostmon: uptime per target and last night's WAN1 outage."""

    type_name, label, ttl_class, FEEDS = "demo_hostmon", "Hostmon (demo)", "status", ("uptime", "outages", "wan")

    def fetch(self):
        """Demo uptime history.

        Returns:
            SourceData: Uptime targets, one outage, WAN uptime figures.
        """
        now = clock.now()
        start = now.replace(hour=3, minute=0, second=0, microsecond=0)
        if start + timedelta(minutes=4) > now:  # between 03:00 and 03:04 tonight's would still be running
            start -= timedelta(days=1)
        outage = Outage("WAN1", start.isoformat(timespec="seconds"),
                        (start + timedelta(minutes=4)).isoformat(timespec="seconds"), 240, self.name)
        uptime = [UptimeTarget(t, "up", d, m, self.name, bar_cells([outage] if t == outage.target else [], now,
                                                                    now - timedelta(days=30)))
                  for t, d, m in D.UPTIME_TARGETS]
        wan = [Wan(name, uptime_pct_30d=up, source=self.name) for name, _rx, _tx, _lat, up in D.WANS]
        return SourceData(outages=[outage], uptime=uptime, wan=wan)


@register
class DemoFirewalla(_Demo):
    """Demo Firewalla: one active alarm."""

    type_name, label, ttl_class, FEEDS = "demo_firewalla", "Firewalla (demo)", "status", ("alerts:security",)

    def fetch(self):
        """Demo alarms.

        Returns:
            SourceData: Security alerts.
        """
        alerts = [Alert(f"{self.name}:{i}", self.name, "security", sev, title, f"{kind} on {dev}", dev,
                        _ago(mins), ack_supported=True)
                  for i, (kind, sev, title, dev, mins) in enumerate(D.FIREWALLA_ALARMS, 311)]
        return SourceData(alerts=alerts)

    def archive_alarm(self, native_id):
        """Demo archive write-back: accepted.

        Args:
            native_id: Alarm id at the source.

        Returns:
            None
        """


@register
class DemoPdu(_Demo):
    """Demo APC PDU whose outlets really switch (state in the outlet store)."""

    type_name, label, ttl_class, FEEDS = "demo_apc_pdu", "APC PDU (demo)", "critical", ("pdus",)
    ACTIONS = {"outlet_set": OUTLET_SET, "outlet_cycle": OUTLET_CYCLE}

    def fetch(self):
        """Demo PDU load and outlets; load follows the outlets that are on.

        Returns:
            SourceData: One PDU.
        """
        states = current_store().states()
        outlets = [Outlet(n, name, "on" if states[n] else "off", prot) for n, name, _a, _on, prot in D.PDU_OUTLETS]
        load = sum(_drift(amps, 0.05) for n, _name, amps, _on, _p in D.PDU_OUTLETS if states[n])
        return SourceData(pdus=[Pdu(D.PDU_NAME, self.name, round(load, 1), D.PDU_RATING, outlets, "AP8959EU3")])

    def get_outlet(self, number):
        """Read one outlet's state.

        Args:
            number: Outlet number.

        Returns:
            str: on or off.
        """
        states = current_store().states()
        if number not in states:
            raise ActionFailed(f"outlet {number} does not exist on {D.PDU_NAME}")
        return "on" if states[number] else "off"

    def set_outlet(self, number, state):
        """Switch one outlet (reboot ends on).

        Args:
            number: Outlet number.
            state: on, off or reboot.

        Returns:
            None
        """
        if number not in INITIAL_OUTLETS:
            raise ActionFailed(f"outlet {number} does not exist on {D.PDU_NAME}")
        current_store().set(number, state in ("on", "reboot"))

    def cycle_outlet(self, number):
        """Start a power cycle: the demo PDU has no timed reboot, so it switches the outlet off.

        Args:
            number: Outlet number.

        Returns:
            str: ``off`` (the cycle job switches it on again after the off time).
        """
        self.set_outlet(number, "off")
        return "off"


@register
class DemoSwitch(_Demo):
    """Demo switch; the instance name picks its layout from the demo data."""

    type_name, label, ttl_class, FEEDS = "demo_switch", "Switch (demo)", "config", ("switches",)

    def fetch(self):
        """Demo port table with drifting rates.

        Returns:
            SourceData: One switch.
        """
        name, vendor, model, count, down = next((s for s in D.SWITCHES if s[0] == self.name), D.SWITCHES[0])
        ports = []
        for i in range(1, count + 1):
            up = i not in down
            rate = _RNG.uniform(2e5, 9e7) if up else 0.0
            ports.append(Port(i, f"port{i}" if vendor == "Zyxel" else f"ether{i}", "up" if up else "down",
                              "down" if i in down[-1:] else "up", 1000 if up else None,
                              D.PORT_ALIASES.get(i, ""), round(rate), round(rate * _RNG.uniform(0.1, 0.6))))
        up_count = sum(p.oper == "up" for p in ports)
        return SourceData(switches=[Switch(self.name, self.name, vendor, model, count, up_count, ports)])


DEMO_INSTANCES = (
    ("opnsense", "demo_opnsense"), ("librenms", "demo_librenms"), ("hostmon", "demo_hostmon"),
    ("firewalla", "demo_firewalla"), ("pdu-1", "demo_apc_pdu"), ("mikrotik", "demo_switch"),
    ("zyxel-1", "demo_switch"), ("zyxel-2", "demo_switch"),
)
