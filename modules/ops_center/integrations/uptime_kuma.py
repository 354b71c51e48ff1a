"""
Operations Command Center - Uptime Kuma Integration

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Uptime history from an Uptime Kuma public status page: the
    monitor names from ``GET /api/status-page/<slug>`` (publicGroupList) and
    the heartbeats plus 24 h uptime ratios from ``GET /api/status-page/
    heartbeat/<slug>`` (reference/rest-apis.md 4.3). Same outputs as Hostmon,
    computed by uptime_calc.py; the ratios Kuma itself gives win.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import re
import time
from urllib.parse import quote

from . import uptime_calc as calc
from .base import BadResponse, ConfigError, Field, SourceData, register
from .http import TLS_FIELDS, HttpIntegration

# Heartbeat status codes (src/util.ts): DOWN 0, UP 1, PENDING 2, MAINTENANCE 3.
# PENDING is a retry before Kuma decides, so it carries no state; maintenance counts as up, as Kuma counts it.
STATUS_UP = {0: False, 1: True, 2: None, 3: True}
# uptimeList keys are "<monitorId>_<hours>"; the status page sends _24, _720 (30 d) is taken when present.
WINDOW_KEYS = {"24": "24h", "720": "30d"}
UPTIME_KEY = re.compile(r"^(\d+)_(\d+)$")
# A percentage computed from beats is shown only when the beats cover half its window (100 beats rarely do).
MIN_COVER = 0.5


def monitor_names(page):
    """Monitor id -> name from a status page's public groups.

    Args:
        page: Decoded ``/api/status-page/<slug>`` JSON.

    Returns:
        dict[str, str]: Monitor id (as text) -> monitor name.

    Raises:
        BadResponse: When ``publicGroupList`` is missing or not a list.
    """
    groups = page.get("publicGroupList") if isinstance(page, dict) else None
    if not isinstance(groups, list):
        raise BadResponse("status page JSON has no publicGroupList (is this an Uptime Kuma status page?)")
    names = {}
    for group in groups:
        for monitor in (group.get("monitorList") or []) if isinstance(group, dict) else []:
            if isinstance(monitor, dict) and monitor.get("id") is not None:
                name = str(monitor.get("name") or f"monitor {monitor['id']}")
                # Two monitors with one name must not merge their heartbeats.
                names[str(monitor["id"])] = name if name not in names.values() else f"{name} #{monitor['id']}"
    return names


def parse_heartbeats(payload, names):
    """Checks per monitor name and the uptime ratios Kuma gives.

    Args:
        payload: Decoded ``/api/status-page/heartbeat/<slug>`` JSON.
        names: Monitor id -> name (only these monitors are kept).

    Returns:
        tuple[dict, dict]: name -> [(epoch, up)], name -> {"24h"/"30d": pct}.

    Raises:
        BadResponse: When heartbeatList is not an object.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("heartbeatList"), dict):
        raise BadResponse("heartbeat JSON has no heartbeatList object")
    series = {name: [] for name in names.values()}
    for monitor_id, beats in payload["heartbeatList"].items():
        name = names.get(str(monitor_id))
        if name is None or not isinstance(beats, list):
            continue
        for beat in beats:
            if not isinstance(beat, dict):
                continue  # newer Kuma sends 0 for an empty bar bucket
            status = beat.get("status")
            up = STATUS_UP.get(int(status)) if isinstance(status, int | float) and not isinstance(status, bool) \
                else None
            ts = calc.parse_time(beat.get("time"))
            if ts is not None and up is not None:
                series[name].append((ts, up))
    known = {}
    uptime_list = payload.get("uptimeList")
    for key, value in (uptime_list.items() if isinstance(uptime_list, dict) else ()):
        match = UPTIME_KEY.match(str(key))
        if not match or match.group(1) not in names or match.group(2) not in WINDOW_KEYS:
            continue
        pct = calc.ratio_to_pct(value)
        if pct is not None:
            known.setdefault(names[match.group(1)], {})[WINDOW_KEYS[match.group(2)]] = pct
    return series, known


@register
class UptimeKuma(HttpIntegration):
    """Uptime Kuma status page (public heartbeat API) as an uptime source."""

    type_name = "uptime_kuma"
    label = "Uptime Kuma (status page)"
    ttl_class = "status"
    sections = ("hostmon", "wan")
    wan_fields = {"target": "wan_map"}  # [[wan]] keys -> map fields
    fields = (
        Field("url", "str", required=True,
              help="Base URL of Uptime Kuma, e.g. https://kuma.example.lan (no /status path)."),
        Field("slug", "str", required=True,
              help="Slug of a published status page (the part after /status/) listing the monitors to show."),
        Field("wan_map", "map", default={},
              help="WAN name -> monitor name whose 30-day uptime the WAN shows, e.g. WAN1=WAN1 gateway "
                   "(only when a 30-day figure exists; see docs)."),
        *TLS_FIELDS,
    )

    clock = staticmethod(time.time)

    def fetch(self):
        """Read the status page and its heartbeats and summarise them.

        Returns:
            SourceData: Outages, uptime per monitor, WAN uptime.

        Raises:
            IntegrationError: On any failure.
        """
        slug = str(self.setting("slug") or "").strip().lower()
        if not slug:
            raise ConfigError("slug is required (the status page's /status/<slug>)")
        slug = quote(slug, safe="")
        now = float(self.clock())
        names = monitor_names(self.http().json("GET", f"/api/status-page/{slug}"))
        series, known = parse_heartbeats(self.http().json("GET", f"/api/status-page/heartbeat/{slug}"), names)
        outages, uptime = calc.summarize(series, now, self.name, known=known, min_cover=MIN_COVER)
        return SourceData(outages=outages, uptime=uptime,
                          wan=calc.wan_entries(uptime, self.setting("wan_map"), self.name))
