"""
Operations Command Center - Uptime Kuma Integration

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Uptime history from an Uptime Kuma public status page: the
    monitor names from ``GET /api/status-page/<slug>`` (publicGroupList), the
    heartbeats plus 24 h uptime ratios from ``GET /api/status-page/
    heartbeat/<slug>`` (50 beats on v1.23, 100 on v2; only "<id>_24" keys)
    and the 30-day uptime from the public badge ``GET /api/badge/<id>/
    uptime/720`` (verified.md 5). Same outputs as Hostmon, computed by
    uptime_calc.py; the figures Kuma itself gives win.

CHANGELOG:
- 1.1.0 (2026-12-01): 30-day uptime from the public badge (bounded, cached, strictly parsed); v1.23 and v2 pages
- 1.0.0 (2026-11-26): Initial implementation
"""

import html
import re
from urllib.parse import quote

import requests

from ..base import BadResponse, ConfigError, Field, SourceData, Timeout, register
from ..kit import uptime as calc
from ..kit.http import TLS_FIELDS, HttpIntegration
from ..kit.values import as_map

# Heartbeat status codes (src/util.ts): DOWN 0, UP 1, PENDING 2, MAINTENANCE 3.
# PENDING is a retry before Kuma decides, so it carries no state; maintenance counts as up, as Kuma counts it.
STATUS_UP = {0: False, 1: True, 2: None, 3: True}
# uptimeList keys are "<monitorId>_<hours>". v1.23 and v2 status pages send only _24; _720 exists only in the
# logged-in Socket.IO event, and is still read if a fork puts it here. The badge is the public 30-day source.
WINDOW_KEYS = {"24": "24h", "720": "30d"}
UPTIME_KEY = re.compile(r"^(\d+)_(\d+)$")
# A percentage computed from beats is shown only when the beats cover half its window (50 or 100 beats rarely do).
MIN_COVER = 0.5
BADGE_PATH = "/api/badge/{}/uptime/720"
BADGE_MAX_BYTES = 16384  # a badge is about 1.5 KB; anything far larger is not the badge
# badge-maker writes "<label>: <message>" into <title>; Kuma's label is "Uptime (720h)" and its message the
# percentage with toPrecision(4) plus "%" (api-router.js). "N/A" alone: the monitor is on no public page.
BADGE_TITLE = re.compile(r"<title>([^<]{0,200})</title>")
BADGE_VALUE = re.compile(r"Uptime \(720h\): (\d{1,3}(?:\.\d{1,8})?)%")
BADGE_EXPECTED = "an SVG whose <title> reads 'Uptime (720h): <percent>%' (or 'N/A')"
# The badge is read for every monitor on the page, mapped WANs first, up to this many per poll (the rest of
# a huge page keeps a null 30-day figure): one small GET each, cached, so a normal page costs little.
MAX_BADGES = 25
STATUS_TTL_S = 60  # OPS_CENTER_TTL_STATUS's default; an instance's own ``ttl`` setting wins


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


def parse_badge(body, path):
    """The 30-day percentage printed on an uptime badge, read strictly.

    Args:
        body: The badge's bytes (bounded by the caller).
        path: Request path, for the error message.

    Returns:
        float | None: Percent 0-100; None for Kuma's "N/A" badge.

    Raises:
        BadResponse: When the body is not the badge Kuma draws (a changed badge must not become a number).
    """
    text = body.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    titles = BADGE_TITLE.findall(text) if text.startswith("<svg") else []
    title = html.unescape(titles[0]).strip() if len(titles) == 1 else None
    if title == "N/A":
        return None
    match = BADGE_VALUE.fullmatch(title or "")
    pct = float(match.group(1)) if match else None
    if pct is None or not 0.0 <= pct <= 100.0:
        shown = title if title is not None else text[:60]
        shown = "".join(ch if ch.isprintable() else "?" for ch in shown)[:80]
        raise BadResponse(f"{path}: expected {BADGE_EXPECTED}, got {shown!r} (has the badge changed?)")
    return pct


@register
class UptimeKuma(HttpIntegration):
    """Uptime Kuma status page (public heartbeat API) as an uptime source."""

    type_name = "uptime_kuma"
    label = "Uptime Kuma (status page)"
    ttl_class = "status"
    FEEDS = ("uptime", "outages", "wan")
    wan_fields = {"target": "wan_map"}  # [[wan]] keys -> map fields
    fields = (
        Field("url", "url", required=True,
              help="Base URL of Uptime Kuma, e.g. https://kuma.example.lan (no /status path)."),
        Field("slug", "str", required=True,
              help="Slug of a published status page (the part after /status/) listing the monitors to show."),
        Field("wan_map", "map", default={},
              help="WAN name -> monitor name whose 30-day uptime the WAN shows, e.g. WAN1=WAN1 gateway "
                   "(only when a 30-day figure exists; see docs)."),
        *TLS_FIELDS,
    )

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
        try:
            page = self.http().json("GET", f"/api/status-page/{slug}")
        except BadResponse as exc:
            if str(exc).startswith("HTTP 404"):
                raise BadResponse(f"HTTP 404: status page '{slug}' not found on this Uptime Kuma (check slug)") \
                    from None
            raise
        names = monitor_names(page)
        series, known = parse_heartbeats(self.http().json("GET", f"/api/status-page/heartbeat/{slug}"), names)
        for monitor_id, pct in self._badges(names, now).items():
            if pct is not None:
                known.setdefault(names[monitor_id], {})["30d"] = pct
        outages, uptime = calc.summarize(series, now, self.name, known=known, min_cover=MIN_COVER)
        return SourceData(outages=outages, uptime=uptime,
                          wan=calc.wan_entries(uptime, self.setting("wan_map"), self.name))

    def _badges(self, names, now):
        """30-day percentages from the badges, each kept in memory for the status TTL.

        Args:
            names: Monitor id -> name on the page.
            now: Epoch time of this poll.

        Returns:
            dict[str, float | None]: Monitor id -> percent (None: N/A badge).
        """
        ttl = float(self.settings.get("ttl") or STATUS_TTL_S)
        wanted = set(as_map(self.setting("wan_map"), "wan_map").values())
        ids = sorted((i for i in names if i.isdigit()), key=lambda i: (names[i] not in wanted, int(i)))[:MAX_BADGES]
        cache = self.memory.get("badges") if isinstance(self.memory.get("badges"), dict) else {}
        kept = {}
        for monitor_id in ids:
            entry = cache.get(monitor_id)
            if not (isinstance(entry, list) and len(entry) == 2 and 0 <= now - float(entry[0]) < ttl):
                entry = [now, self._badge(monitor_id)]
            kept[monitor_id] = entry
        self.memory["badges"] = kept  # monitors gone from the page drop out of the cache
        return {monitor_id: entry[1] for monitor_id, entry in kept.items()}

    def _badge(self, monitor_id):
        """GET one uptime badge, reading at most ``BADGE_MAX_BYTES``.

        Args:
            monitor_id: Numeric monitor id (text).

        Returns:
            float | None: What ``parse_badge`` reads.
        """
        path = BADGE_PATH.format(monitor_id)
        resp = self.http().request("GET", path, stream=True, headers={"Accept": "image/svg+xml"})
        body = b""
        try:
            for chunk in resp.iter_content(4096):
                body += chunk
                if len(body) > BADGE_MAX_BYTES:
                    raise BadResponse(f"{path}: more than {BADGE_MAX_BYTES} bytes; expected a small SVG badge")
        except requests.exceptions.RequestException as exc:
            if "timed out" in str(exc).lower():
                raise Timeout(f"badge {path} did not arrive within {self.setting('timeout')} s") from None
            raise BadResponse(f"badge {path} could not be read ({exc.__class__.__name__})") from None
        finally:
            resp.close()
        return parse_badge(body, path)
