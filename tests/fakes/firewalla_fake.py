"""
Operations Command Center - Firewalla MSP Fake

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: A loopback Firewalla MSP API v2 built from rest-apis.md
    section 3: ``Authorization: Token`` auth (401 "Permission Denied"; the
    body is undocumented, modelled on the measured error objects), 403
    ``FORBIDDEN`` for a box the account does not hold, ``/v2/boxes`` as a
    plain array, ``/v2/alarms`` with ``query``/``limit`` (<= 500, else 400)
    and base64 ``next_cursor`` paging (optionally repeating a cursor
    forever), ``type`` both as number and as string, 429 with
    ``retry-after``, ``GET /v2/alarms/:gid/:aid`` (one alarm, 404 when
    unknown), and archive/delete that change state and are recorded; with
    ``archive_supported = False`` the archive path answers 404 for every
    alarm, as an MSP older than 2.11.0 would.

CHANGELOG:
- 1.1.0 (2026-12-01): GET of one alarm (the existence check after an archive 404)
- 1.0.0 (2026-11-26): Initial implementation
"""

import base64
import time

from tests.fakes.http_fake import HttpFake, json_response

TOKEN = "fwmsp-token-Q9w8E7r6T5"
BOX_GOLD = "a05c15cb-1111-4a4a-9b9b-000000000001"
BOX_PURPLE = "c86e91b3-2222-4b4b-8c8c-000000000002"


def _error(status, message, title=None, kind=None):
    """An MSP error object (shape as measured for 403/429)."""
    error = {"message": message}
    if title:
        error = {"title": title, "message": message, "type": kind}
    return json_response({"error": error}, status)


class FirewallaFake(HttpFake):
    """Firewalla MSP API v2 on 127.0.0.1 with mutable boxes and alarms.

    Args:
        latency: Seconds added to every answer.
        token: Accepted personal access token.
    """

    unauthorized = (401, {"Content-Type": "application/json"}, b'{"error":{"message":"Permission Denied"}}')

    def __init__(self, latency=0.0, token=TOKEN):
        super().__init__(latency)
        self.token = token
        self.rate_limited = 0  # the next N requests answer 429
        self.retry_after = 17
        self.repeat_cursor = False  # a buggy server: every page answers the same next_cursor
        self.page_cap = 500  # most results per page whatever the limit asks
        self.archive_supported = True  # MSP >= 2.11.0
        self.denied = set()  # path prefixes this token may not read (403 FORBIDDEN)
        self.writes = []
        self.boxes = [
            {"gid": BOX_GOLD, "name": "Home Gold", "model": "gold", "mode": "router", "online": True,
             "version": "1.979", "publicIP": "203.0.113.7", "location": "Somewhere", "deviceCount": 25,
             "ruleCount": 10, "alarmCount": 3, "license": "lic-1", "group": None},
            {"gid": BOX_PURPLE, "name": "Cabin Purple", "model": "purple", "mode": "router", "online": False,
             "lastSeen": 1795651200.5, "version": "1.975", "publicIP": "198.51.100.77", "location": "Elsewhere",
             "deviceCount": 4, "ruleCount": 2, "alarmCount": 1, "license": "lic-2", "group": None},
        ]
        self.alarms = [
            {"gid": BOX_GOLD, "aid": 2408, "status": 1, "ts": 1795680000.883, "type": 2, "count": 1,
             "_type": "ALARM_LARGE_UPLOAD", "direction": "outbound",
             "device": {"id": "00:08:22:FC:BB:FB", "ip": "192.0.2.123", "name": "InPro Comm",
                        "network": {"id": "n1", "name": "LAN 1"}},
             "remote": {"domain": "upload.example.com", "ip": "203.0.113.142", "region": "US", "port": [443]},
             "transfer": {"upload": 16961533, "download": 61950, "total": 17023483, "duration": 12.62},
             "message": "Device InPro Comm uploaded 16.96 MB data to upload.example.com."},
            {"gid": BOX_GOLD, "aid": 2410, "status": 1, "ts": 1795680600.1, "type": "1", "_type": "ALARM_INTEL",
             "direction": "inbound", "device": {"id": "AA:BB:CC:00:11:22", "ip": "192.0.2.50", "name": "NAS"},
             "remote": {"ip": "198.51.100.66", "region": "RU", "category": "intel"},
             "message": "Security activity: NAS was accessed from a known-bad host."},
            {"gid": BOX_GOLD, "aid": 2411, "status": 1, "ts": 1795680900.0, "type": "5",
             "device": {"id": "AA:BB:CC:33:44:55", "ip": "192.0.2.77", "name": "Unknown phone"},
             "message": "Found a new device Unknown phone connected to your network."},
            {"gid": BOX_PURPLE, "aid": 17, "status": 1, "ts": 1795600000.0, "type": 4,
             "message": "Monthly data plan is 90% used."},
            {"gid": BOX_GOLD, "aid": 2300, "status": 2, "ts": 1795000000.0, "type": 6,
             "device": {"name": "Printer"}, "message": "Printer is back online."},
        ]
        self.route("GET", r"/v2/boxes", lambda r, m: json_response(self.boxes))
        self.route("GET", r"/v2/alarms", self._list)
        self.route("GET", r"/v2/alarms/([^/]+)/(\d+)", self._one)
        self.route("POST", r"/v2/alarms/([^/]+)/(\d+)/archive", self._archive)
        self.route("DELETE", r"/v2/alarms/([^/]+)/(\d+)", self._delete)

    # ------------------------------------------------------------------ state helpers
    def add_alarms(self, count, gid=BOX_GOLD, start_aid=5000, type_=1):
        """Append ``count`` active alarms with rising ``aid``/``ts``.

        Args:
            count: How many.
            gid: Their box.
            start_aid: First aid.
            type_: Alarm type (number or string).

        Returns:
            None
        """
        for n in range(count):
            self.alarms.append({"gid": gid, "aid": start_aid + n, "status": 1, "ts": 1795690000.0 + n,
                                "type": type_, "device": {"name": f"host-{n}"}, "message": f"alarm {n}"})

    def set_box_online(self, gid, online):
        """Set a box's online state (``lastSeen`` only while offline).

        Args:
            gid: The box.
            online: True or False.

        Returns:
            None
        """
        box = next(b for b in self.boxes if b["gid"] == gid)
        box["online"] = online
        if online:
            box.pop("lastSeen", None)
        else:
            box.setdefault("lastSeen", 1795651200.5)

    # ------------------------------------------------------------------ auth
    def check_auth(self, request):
        """429 while rate limited, else ``Authorization: Token <token>``.

        Args:
            request: The request.

        Returns:
            tuple | None: An error triple, or None.
        """
        if self.rate_limited > 0:
            self.rate_limited -= 1
            status, headers, body = _error(429, "Too Many Requests")
            headers = dict(headers, **{"retry-after": str(self.retry_after), "x-ratelimit-remaining": "0",
                                       "x-ratelimit-reset": str(int(time.time()) + self.retry_after)})
            return status, headers, body
        header = {k.lower(): v for k, v in request.headers.items()}.get("authorization", "")
        if header != f"Token {self.token}":
            return self.unauthorized
        if any(request.path.startswith(prefix) for prefix in self.denied):
            return _error(403, "You are not allowed to access this resource", "Forbidden", "FORBIDDEN")
        return None

    # ------------------------------------------------------------------ handlers
    def _list(self, request, match):
        query = {k: v[0] for k, v in request.query.items()}
        limit = int(query.get("limit", 200))
        if limit > 500:
            return _error(400, "limit exceeds max allowed value of 500")
        rows = list(self.alarms)
        for term in query.get("query", "").split():
            key, _, value = term.partition(":")
            if key == "status":
                rows = [a for a in rows if a["status"] == (1 if value == "active" else 2)]
            elif key in ("box.id", "box"):
                rows = [a for a in rows if a["gid"] == value]
        rows.sort(key=lambda a: a["ts"], reverse=True)
        offset = int(base64.b64decode(query["cursor"]).decode()) if query.get("cursor") else 0
        if self.repeat_cursor:
            offset = 0
        size = min(limit, self.page_cap)
        page = rows[offset: offset + size]
        more = offset + size < len(rows)
        cursor = base64.b64encode(str(offset + size).encode()).decode() if more else None
        return json_response({"count": len(page), "results": page, "next_cursor": cursor})

    def _find(self, gid, aid):
        if not any(b["gid"] == gid for b in self.boxes):
            return None, _error(403, "You are not allowed to access this resource", "Forbidden", "FORBIDDEN")
        alarm = next((a for a in self.alarms if a["gid"] == gid and a["aid"] == int(aid)), None)
        return alarm, None if alarm else _error(404, "Not Found")

    def _one(self, request, match):
        alarm, error = self._find(*match.groups())
        return error or json_response(alarm)

    def _archive(self, request, match):
        self.writes.append({"method": request.method, "path": request.path, "body": request.body})
        if not self.archive_supported:
            return _error(404, "Not Found")
        alarm, error = self._find(*match.groups())
        if error:
            return error
        alarm["status"] = 2
        return 200, {}, b""

    def _delete(self, request, match):
        self.writes.append({"method": request.method, "path": request.path, "body": request.body})
        alarm, error = self._find(*match.groups())
        if error:
            return error
        self.alarms.remove(alarm)
        return 200, {}, b""
