"""
Operations Command Center - Snapshot Dataclasses

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The normalised records every integration returns (DESIGN.md
    section 4). Units are fixed: Mbps for WAN, bits/s for ports, amps,
    percent 0-100, seconds, ISO-8601 UTC timestamps. Re-exported by base.py.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from dataclasses import asdict, dataclass, field, fields


@dataclass
class Wan:
    """One WAN link: status, throughput (Mbps), latency (ms), loss (%)."""

    name: str
    status: str = "unknown"
    rx_mbps: float | None = None
    tx_mbps: float | None = None
    latency_ms: float | None = None
    loss_pct: float | None = None
    uptime_pct_30d: float | None = None
    source: str = ""


@dataclass
class Alert:
    """One alert of any category; ``id`` is ``<instance>:<native id>``."""

    id: str
    source: str
    category: str
    severity: str
    title: str
    detail: str = ""
    host: str = ""
    timestamp: str | None = None
    acknowledged: bool = False
    ack_supported: bool = False


@dataclass
class Outage:
    """A period a monitored target was down (``end`` None while ongoing)."""

    target: str
    start: str
    end: str | None
    duration_s: int
    source: str


@dataclass
class UptimeTarget:
    """A monitored target's present state, uptime percentages and its last-24-h bar.

    ``bars`` holds one cell per interval, oldest first:
    ``{"start", "end", "status": "up"|"down"|"none", "down_s"}``.
    """

    target: str
    status: str
    uptime_pct_24h: float | None
    uptime_pct_30d: float | None
    source: str
    bars: list = field(default_factory=list)


@dataclass
class Outlet:
    """A PDU outlet; ``state`` is on, off or unknown."""

    number: int
    name: str
    state: str
    protected: bool = False


@dataclass
class Pdu:
    """A power distribution unit with its load against its rating."""

    name: str
    source: str
    load_amps: float | None
    rating_amps: float | None
    outlets: list[Outlet] = field(default_factory=list)
    model: str = ""


@dataclass
class Port:
    """A switch port; rates in bits per second, None until two samples exist."""

    index: int
    name: str
    oper: str
    admin: str
    speed_mbps: int | None = None
    alias: str = ""
    rx_bps: float | None = None
    tx_bps: float | None = None


@dataclass
class Switch:
    """A switch with its port table."""

    name: str
    source: str
    vendor: str
    model: str
    port_count: int
    ports_up: int
    ports: list[Port] = field(default_factory=list)


@dataclass
class SourceData:
    """Everything one instance contributes to the snapshot."""

    wan: list[Wan] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    outages: list[Outage] = field(default_factory=list)
    uptime: list[UptimeTarget] = field(default_factory=list)
    pdus: list[Pdu] = field(default_factory=list)
    switches: list[Switch] = field(default_factory=list)

    def to_dict(self):
        """Plain JSON-ready dict of every section.

        Returns:
            dict: Section name to list of dicts.
        """
        return asdict(self)


# The one vocabulary of snapshot sections: SourceData's fields. An integration's FEEDS name
# these, alerts with their category ("alerts:ips"); merge, the API and the page key on them.
SECTIONS = tuple(f.name for f in fields(SourceData))


def feed_section(feed):
    """The snapshot section a feed fills.

    Args:
        feed: A FEEDS entry (``wan``, ``alerts:ips``).

    Returns:
        str: The section (``alerts``).
    """
    return feed.split(":", 1)[0]
