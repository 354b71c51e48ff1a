"""
Operations Command Center - Uptime Kuma Fake

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Uptime Kuma's public status-page endpoints as
    reference/rest-apis.md 4.3 shows them (v2.5.3): ``GET
    /api/status-page/<slug>`` (config, incidents, publicGroupList,
    maintenanceList; 404 {"status":"fail","msg":...} for an unknown slug) and
    ``GET /api/status-page/heartbeat/<slug>`` (heartbeatList keyed by monitor
    id, last 100 beats oldest first, time as UTC "YYYY-MM-DD HH:mm:ss.SSS";
    uptimeList keyed "<monitorId>_24" with a 0-1 ratio; 200 with empty maps
    for an unknown slug).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC, datetime

from tests.fakes.http_fake import HttpFake, json_response

DOWN, UP, PENDING, MAINTENANCE = 0, 1, 2, 3
MAX_BEATS = 100


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


class UptimeKumaFake(HttpFake):
    """An Uptime Kuma server with one published status page.

    Args:
        slug: The status page slug.
        groups: [(group name, [(monitor id, monitor name, type)])].
        heartbeats: monitor id -> beat list (oldest first).
        uptime_24: monitor id -> 24 h ratio 0-1 (absent ids get no uptimeList key).
    """

    def __init__(self, slug="lab", groups=(), heartbeats=None, uptime_24=None, **kwargs):
        super().__init__(**kwargs)
        self.slug = slug
        self.groups = list(groups)
        self.heartbeats = dict(heartbeats or {})
        self.uptime_24 = dict(uptime_24 or {})
        self.route("GET", r"/api/status-page/heartbeat/(?P<slug>[^/]+)", self._heartbeat)
        self.route("GET", r"/api/status-page/(?P<slug>[^/]+)", self._page)

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
        heartbeat_list = {str(mid): self.heartbeats.get(mid, [])[-MAX_BEATS:] for mid in public}
        uptime_list = {f"{mid}_24": self.uptime_24[mid] for mid in public if mid in self.uptime_24}
        return json_response({"heartbeatList": heartbeat_list, "uptimeList": uptime_list})
