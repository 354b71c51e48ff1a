"""
Operations Command Center - OPNsense Fake

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: A loopback OPNsense API built from rest-apis.md section 2:
    key + secret as HTTP Basic auth with the real 401
    ``{"status":401,"message":"Authentication Failed"}`` and 403
    ``{"status":403,"message":"Forbidden"}`` (per-URI ACL), Suricata rows as
    the flattening script emits them (no severity; POST only, a GET answers
    ``[]``; 400 on an empty JSON body), dpinger gateway items ("9.1 ms",
    "0.0 %", "~") and cumulative traffic counters with a controllable clock.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import base64
import json
import time
from urllib.parse import parse_qs

from tests.fakes.http_fake import HttpFake, json_response

API_KEY = "opn-key-Zx81QpLmNb"
API_SECRET = "opn-secret-Yw72RtKsJc"
TRANSLATED = {"none": "Online", "down": "Offline", "force_down": "Offline (forced)", "loss": "Packetloss",
              "delay": "Latency", "delay+loss": "Latency, Packetloss"}


def _row(n, ts, flow, sig, sid, src, dst, dport, action):
    """One flattened EVE alert row as queryAlertLog.py emits it."""
    return {"timestamp": ts, "flow_id": flow, "in_iface": "igb0", "event_type": "alert", "src_ip": src,
            "src_port": 40000 + n, "dest_ip": dst, "dest_port": dport, "proto": "TCP", "alert": sig,
            "alert_sid": sid, "alert_action": action, "filepos": 1048576 + n * 512, "fileid": ""}


class OpnsenseFake(HttpFake):
    """OPNsense API on 127.0.0.1 with mutable IPS rows, gateways and counters.

    Args:
        latency: Seconds added to every answer.
        key: Accepted API key.
        secret: Its secret.
    """

    unauthorized = (401, {"Content-Type": "application/json"}, b'{"status":401,"message":"Authentication Failed"}')
    forbidden = (403, {"Content-Type": "application/json"}, b'{"status":403,"message":"Forbidden"}')

    def __init__(self, latency=0.0, key=API_KEY, secret=API_SECRET):
        super().__init__(latency)
        self.credentials = {key: secret}
        self.denied = set()  # URI prefixes the key's ACL does not allow
        self.ids_rows = [  # newest first, as the reverse log reader returns them
            _row(1, "2026-11-26T08:59:58.123456+0000", 1234567890123456, "ET SCAN Suspicious inbound to mySQL "
                 "port 3306", 2010937, "203.0.113.5", "198.51.100.10", 3306, "blocked"),
            _row(2, "2026-11-26T08:59:58.120000+0000", 1234567890123456, "ET SCAN Potential SSH Scan", 2001219,
                 "203.0.113.5", "198.51.100.10", 22, "allowed"),
            _row(3, "2026-11-26T08:40:00.000000+0000", None, "ET POLICY Outbound cleartext password", 2012887,
                 "192.0.2.44", "203.0.113.80", 80, "allowed"),
        ]
        self.gateways = [
            {"name": "WAN_DHCP", "address": "198.51.100.1", "status": "none", "loss": "0.0 %", "delay": "9.1 ms",
             "stddev": "1.9 ms", "monitor": "198.51.100.1"},
            {"name": "WAN_LTE", "address": "203.0.113.1", "status": "loss", "loss": "12.0 %", "delay": "48.3 ms",
             "stddev": "9.4 ms", "monitor": "203.0.113.1"},
            {"name": "WAN_GW6", "address": "~", "status": "pending", "loss": "~", "delay": "~", "stddev": "~",
             "monitor": "~"},
        ]
        self.clock = 1787400000.0
        self.interfaces = {
            "wan": {"device": "igb0", "driver": "igb", "bytes received": 123456789, "bytes transmitted": 98765432,
                    "packets received": 1000, "packets transmitted": 900, "input errors": 0, "name": "WAN"},
            "opt1": {"device": "ue0", "driver": "ure", "bytes received": 5000000, "bytes transmitted": 2500000,
                     "packets received": 50, "packets transmitted": 40, "input errors": 0, "name": "LTE"},
            "lan": {"device": "igb1", "driver": "igb", "bytes received": 777, "bytes transmitted": 888,
                    "packets received": 7, "packets transmitted": 8, "input errors": 0, "name": "LAN"},
        }
        self.route("POST", r"/api/ids/service/(?:query_alerts|queryAlerts)", self._ids)
        self.route("GET", r"/api/ids/service/(?:query_alerts|queryAlerts)", lambda r, m: json_response([]))
        self.route("GET", r"/api/routes/gateway/status", self._gateways)
        self.route("GET", r"/api/diagnostics/traffic/interface", self._traffic)

    # ------------------------------------------------------------------ state helpers
    def set_gateway(self, name, **values):
        """Change a gateway's fields (status, delay, loss...); ``status_translated`` follows.

        Args:
            name: Gateway name.
            **values: Fields to set.

        Returns:
            None
        """
        next(g for g in self.gateways if g["name"] == name).update(values)

    def add_traffic(self, key, rx_bytes, tx_bytes, seconds):
        """Advance an interface's cumulative counters and the clock.

        Args:
            key: Interface key (``wan``).
            rx_bytes: Bytes received meanwhile.
            tx_bytes: Bytes transmitted meanwhile.
            seconds: Time that passes.

        Returns:
            None
        """
        self.interfaces[key]["bytes received"] += rx_bytes
        self.interfaces[key]["bytes transmitted"] += tx_bytes
        self.clock += seconds

    # ------------------------------------------------------------------ auth
    def check_auth(self, request):
        """Basic auth key:secret, then the key's ACL against the URI.

        Args:
            request: The request.

        Returns:
            tuple | None: 401 or 403 triple, or None when allowed.
        """
        header = {k.lower(): v for k, v in request.headers.items()}.get("authorization", "")
        try:
            key, _, secret = base64.b64decode(header.removeprefix("Basic ").strip()).decode().partition(":")
        except ValueError:
            return self.unauthorized
        if not header.startswith("Basic ") or self.credentials.get(key) != secret:
            return self.unauthorized
        if any(request.path.startswith(prefix) for prefix in self.denied):
            return self.forbidden
        return None

    # ------------------------------------------------------------------ handlers
    def _ids(self, request, match):
        ctype = {k.lower(): v for k, v in request.headers.items()}.get("content-type", "")
        if ctype.startswith("application/json"):
            try:
                params = json.loads(request.body)
                assert isinstance(params, dict)
            except (ValueError, AssertionError):
                return json_response({"status": 400, "message": "Invalid JSON syntax"}, 400)
        else:
            params = {k: v[0] for k, v in parse_qs(request.body.decode()).items()}
        limit, page = int(params.get("rowCount", 9999)), int(params.get("current", 1))
        phrase = str(params.get("searchPhrase", "")).lower()
        rows = [r for r in self.ids_rows if not phrase or phrase in
                " ".join(str(r[k]) for k in ("alert", "alert_action", "src_ip", "dest_ip")).lower()]
        chunk = rows[(page - 1) * limit: page * limit]
        # "total" stops counting past offset+limit (queryAlertLog.py breaks there).
        return json_response({"filters": {}, "rows": chunk, "origin": "eve.json", "rowCount": len(chunk),
                              "total": min(len(rows), page * limit + 1), "current": page})

    def _gateways(self, request, match):
        items = [dict(g, status_translated=TRANSLATED.get(g["status"], "Pending")) for g in self.gateways]
        return json_response({"items": items, "status": "ok" if items else "failed"})

    def _traffic(self, request, match):
        interfaces = {k: {f: str(v) if f != "name" else v for f, v in info.items()}
                      for k, info in self.interfaces.items()}  # ifinfo values are strings
        return json_response({"interfaces": interfaces, "time": self.clock if self.clock else time.time()})
