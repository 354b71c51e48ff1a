"""
Operations Command Center - Uptime Kuma Fake

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Uptime Kuma's public status-page endpoints as
    reference/rest-apis.md 4.3 and verified.md 5 show them: ``GET
    /api/status-page/<slug>`` (config, incidents, publicGroupList,
    maintenanceList; 404 {"status":"fail","msg":...} for an unknown slug),
    ``GET /api/status-page/heartbeat/<slug>`` (heartbeatList keyed by monitor
    id, oldest first: the last 50 beats on v1.23, 100 on v2; time as UTC
    "YYYY-MM-DD HH:mm:ss.SSS"; uptimeList keyed "<monitorId>_24" only, a 0-1
    ratio; 200 with empty maps for an unknown slug) and the uptime badge
    ``GET /api/badge/<id>/uptime/<hours>`` (a badge-maker "flat" SVG whose
    title reads "Uptime (720h): 99.72%", the value printed with JS
    toPrecision(4); "N/A" for a monitor on no public page).

CHANGELOG:
- 1.1.0 (2026-12-01): v1.23 mode (50 beats), the uptime badge, a badge override for changed-badge tests
- 1.0.0 (2026-11-26): Initial implementation
"""

import math
from datetime import UTC, datetime
from html import escape

from tests.fakes.http_fake import HttpFake, json_response

DOWN, UP, PENDING, MAINTENANCE = 0, 1, 2, 3
MAX_BEATS = 100
BEATS_BY_VERSION = {"1.23": 50, "2": 100}  # LIMIT 50 in 1.23.x, LIMIT 100 since 2.0.0-beta.3


def kuma_time(epoch):
    """A heartbeat time as Kuma writes it (UTC, milliseconds, space separator).

    Args:
        epoch: Seconds since the epoch.

    Returns:
        str: e.g. ``2026-11-26 11:59:00.512``.
    """
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def beats(now, count=100, interval=60, states=None):
    """A heartbeat list, oldest first, the last beat ``interval`` before now.

    Args:
        now: Epoch time.
        count: Number of beats.
        interval: Seconds between beats.
        states: Optional function (seconds ago) -> status code; default UP.

    Returns:
        list[dict]: Beats shaped like ``heartbeat.toPublicJSON``.
    """
    out = []
    for k in range(count, 0, -1):
        ago = k * interval
        status = states(ago) if states else UP
        out.append({"status": status, "time": kuma_time(now - ago), "msg": "" if status == UP else "timeout",
                    "ping": 12 if status == UP else None})
    return out


def to_precision(value, digits=4):
    """A number as JavaScript's ``Number.prototype.toPrecision`` prints it (plain notation only).

    Args:
        value: A number from 1e-6 up to 1e21.
        digits: Significant digits.

    Returns:
        str: e.g. ``99.72``, ``100.0``, ``0.000``, ``5.000``.
    """
    if value == 0:
        return "0." + "0" * (digits - 1)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:.{decimals}f}"


def badge_svg(label, message, color="#4c1"):
    """A badge in badge-maker's "flat" layout (title and both texts carry the label and the message).

    Args:
        label: Left text ("" for none, as Kuma's N/A badge).
        message: Right text.
        color: Message background.

    Returns:
        str: The SVG document.
    """
    text = f"{label}: {message}" if label else message
    left, right = 6 * len(label) + 10 if label else 0, 6 * len(message) + 10
    width = left + right
    label_svg = (f'<text aria-hidden="true" x="{left * 5}" y="150" fill="#010101" fill-opacity=".3" '
                 f'transform="scale(.1)" textLength="{left * 10 - 100}">{escape(label)}</text>'
                 f'<text x="{left * 5}" y="140" transform="scale(.1)" fill="#fff" '
                 f'textLength="{left * 10 - 100}">{escape(label)}</text>') if label else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="20" role="img" '
            f'aria-label="{escape(text)}"><title>{escape(text)}</title><linearGradient id="s" x2="0" y2="100%">'
            '<stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/>'
            f'</linearGradient><clipPath id="r"><rect width="{width}" height="20" rx="3" fill="#fff"/></clipPath>'
            f'<g clip-path="url(#r)"><rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" '
            f'height="20" fill="{color}"/><rect width="{width}" height="20" fill="url(#s)"/></g><g fill="#fff" '
            'text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" '
            f'text-rendering="geometricPrecision" font-size="110">{label_svg}<text aria-hidden="true" '
            f'x="{left * 10 + right * 5}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" '
            f'textLength="{right * 10 - 100}">{escape(message)}</text><text x="{left * 10 + right * 5}" y="140" '
            f'transform="scale(.1)" fill="#fff" textLength="{right * 10 - 100}">{escape(message)}</text></g></svg>')


class UptimeKumaFake(HttpFake):
    """An Uptime Kuma server with one published status page.

    Args:
        slug: The status page slug.
        groups: [(group name, [(monitor id, monitor name, type)])].
        heartbeats: monitor id -> beat list (oldest first).
        uptime_24: monitor id -> 24 h ratio 0-1 (absent ids get no uptimeList key).
        uptime_720: monitor id -> 30-day ratio 0-1 the badge prints (public monitors without one print 0,
            as Kuma 2 does for a monitor without data).
        version: ``"1.23"`` (50 beats) or ``"2"`` (100 beats).

    Attributes:
        badge_body: When set, every badge request answers these bytes instead (a changed badge).
    """

    def __init__(self, slug="lab", groups=(), heartbeats=None, uptime_24=None, uptime_720=None, version="2",
                 **kwargs):
        super().__init__(**kwargs)
        self.slug = slug
        self.groups = list(groups)
        self.heartbeats = dict(heartbeats or {})
        self.uptime_24 = dict(uptime_24 or {})
        self.uptime_720 = dict(uptime_720 or {})
        self.max_beats = BEATS_BY_VERSION[version]
        self.badge_body = None
        self.route("GET", r"/api/status-page/heartbeat/(?P<slug>[^/]+)", self._heartbeat)
        self.route("GET", r"/api/status-page/(?P<slug>[^/]+)", self._page)
        self.route("GET", r"/api/badge/(?P<id>[^/]+)/uptime(?:/(?P<hours>[^/]+))?", self._badge)

    def _page(self, _request, match):
        if match.group("slug").lower() != self.slug:
            return json_response({"status": "fail", "msg": "Status Page Not Found"}, 404)
        groups = [{"id": gid, "name": name, "weight": gid,
                   "monitorList": [{"id": mid, "name": mname, "sendUrl": 0, "type": mtype}
                                   for mid, mname, mtype in monitors]}
                  for gid, (name, monitors) in enumerate(self.groups, 1)]
        config = {"slug": self.slug, "title": "Lab status", "description": None, "icon": "/icon.svg",
                  "autoRefreshInterval": 300, "theme": "dark", "published": True, "showTags": False,
                  "customCSS": "", "footerText": None, "showPoweredBy": True, "googleAnalyticsId": None,
                  "showCertificateExpiry": False}
        return json_response({"config": config, "incidents": [], "publicGroupList": groups, "maintenanceList": []})

    def _heartbeat(self, _request, match):
        if match.group("slug").lower() != self.slug:
            return json_response({"heartbeatList": {}, "uptimeList": {}})
        public = [mid for _name, monitors in self.groups for mid, _n, _t in monitors]
        heartbeat_list = {str(mid): self.heartbeats.get(mid, [])[-self.max_beats:] for mid in public}
        uptime_list = {f"{mid}_24": self.uptime_24[mid] for mid in public if mid in self.uptime_24}
        return json_response({"heartbeatList": heartbeat_list, "uptimeList": uptime_list})

    def _badge(self, _request, match):
        headers = {"Content-Type": "image/svg+xml; charset=utf-8"}
        if self.badge_body is not None:
            return 200, headers, self.badge_body
        public = {mid for _name, monitors in self.groups for mid, _n, _t in monitors}
        try:
            mid = int(match.group("id"))
        except ValueError:
            mid = None
        if mid not in public:
            return 200, headers, badge_svg("", "N/A", "#9f9f9f")
        hours = match.group("hours") or "24"
        hours = hours[:-1] if hours.endswith("h") else hours  # v2 takes "720" and "720h"; the label shows hours
        ratio = self.uptime_720.get(mid, 0.0) if hours == "720" else self.uptime_24.get(mid, 0.0)
        return 200, headers, badge_svg(f"Uptime ({hours}h)", to_precision(ratio * 100) + "%")
