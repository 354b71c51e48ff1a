"""
Operations Command Center - LibreNMS Fake

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: A loopback LibreNMS API v0 built from rest-apis.md section 1:
    ``X-Auth-Token`` auth with Laravel's 401 ``{"message":"Unauthenticated."}``,
    403 for non-admin writes and non-global-read reads, the raw-SQL row
    shapes (every value a string with ``strings=True``, as on older
    installs), ``/alerts`` with its default ``state=1`` filter, logs with
    ``start`` as a row offset, ASC order and ``from`` as ``id >=``, and
    ack/unmute that change the alert state and are recorded in ``writes``.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import json

from tests.fakes.http_fake import HttpFake, json_response

ADMIN_TOKEN = "lnms-admin-token-A1b2C3"
READ_TOKEN = "lnms-read-token-D4e5F6"
USER_TOKEN = "lnms-user-token-G7h8I9"
API = "/api/v0"
FORBIDDEN = (403, {"Content-Type": "application/json"}, b'{"message":"This action is unauthorized."}')


def _ok(key, data, **extra):
    """A LibreNMS ``api_success`` envelope."""
    body = {"status": "ok", key: data}
    if isinstance(data, list):
        body["count"] = len(data)
    body.update(extra)
    return json_response(body)


def _error(status, message):
    """A LibreNMS ``api_error`` envelope."""
    return json_response({"status": "error", "message": message}, status)


PNG_1X1 = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360f8cf00000301010018dd8db00000000049454e44ae426082")


class LibrenmsFake(HttpFake):
    """LibreNMS API v0 on 127.0.0.1 with mutable alerts, logs and port rates.

    Args:
        latency: Seconds added to every answer.
        strings: Serve raw-SQL rows with every value as a string (old installs).
        legacy_alerts: Alert rows without the joined ``hostname`` (old installs).
    """

    unauthorized = (401, {"Content-Type": "application/json"}, b'{"message":"Unauthenticated."}')

    def __init__(self, latency=0.0, strings=False, legacy_alerts=False):
        super().__init__(latency)
        self.strings, self.legacy_alerts = strings, legacy_alerts
        self.tokens = {ADMIN_TOKEN: "admin", READ_TOKEN: "global-read", USER_TOKEN: "user"}
        self.writes = []
        self.devices = {
            1: {"device_id": 1, "hostname": "core-sw.example.lan", "sysName": "core-sw", "ip": "192.0.2.2",
                "os": "routeros", "status": 1, "status_reason": "", "ignore": 0, "disabled": 0, "uptime": 800542},
            2: {"device_id": 2, "hostname": "nas.example.lan", "sysName": "nas", "ip": "192.0.2.20",
                "os": "linux", "status": 0, "status_reason": "icmp", "ignore": 0, "disabled": 0, "uptime": 0},
            3: {"device_id": 3, "hostname": "wan1-modem.example.lan", "sysName": "modem1", "ip": "198.51.100.1",
                "os": "linux", "status": 1, "status_reason": "", "ignore": 0, "disabled": 0, "uptime": 123456},
        }
        self.rules = {
            1: {"id": 1, "name": "Devices up/down", "severity": "critical", "disabled": 0},
            2: {"id": 2, "name": "Port utilisation over threshold", "severity": "warning", "disabled": 0},
            3: {"id": 3, "name": "Sensor over limit", "severity": "critical", "disabled": 0},
        }
        self.alerts = {
            11: {"id": 11, "device_id": 2, "rule_id": 1, "state": 1, "alerted": 1, "open": 1, "note": "",
                 "timestamp": "2026-11-26 08:15:00", "info": "{}"},
            12: {"id": 12, "device_id": 1, "rule_id": 2, "state": 2, "alerted": 1, "open": 1,
                 "note": "2026-11-26 08:20:00 - Ack (admin) looking at it", "timestamp": "2026-11-26 08:10:00",
                 "info": '{"until_clear":true}'},
            13: {"id": 13, "device_id": 3, "rule_id": 3, "state": 0, "alerted": 1, "open": 0, "note": "",
                 "timestamp": "2026-11-26 07:00:00", "info": "{}"},
        }
        self.eventlog = [
            {"event_id": 100 + i, "device_id": 1, "datetime": f"2026-11-26 08:{i:02d}:00",
             "message": f"ifAlias: uplink{i}", "type": "interface", "reference": None, "username": "",
             "severity": 2} for i in range(1, 4)]
        self.syslog = [
            {"seq": 500, "device_id": 1, "facility": "daemon", "priority": "info", "level": "info",
             "tag": "dhcp", "timestamp": "2026-11-26 08:01:30", "program": "dhcp", "msg": "lease renewed"},
            {"seq": 501, "device_id": 2, "facility": "kern", "priority": "crit", "level": "crit",
             "tag": "kernel", "timestamp": "2026-11-26 08:02:30", "program": "kernel", "msg": "disk failure"},
            {"seq": 502, "device_id": 1, "facility": "auth", "priority": "err", "level": "err",
             "tag": "sshd", "timestamp": "2026-11-26 08:03:30", "program": "sshd", "msg": "auth failed"},
        ]
        self.availability = {1: "100.000000", 2: "97.250000", 3: "99.946000"}
        self.ports = {
            323: {"port_id": 323, "device_id": 3, "ifDescr": "ether1", "ifName": "ether1", "ifAlias": "WAN1 uplink",
                  "ifSpeed": 1000000000, "ifHighSpeed": 1000, "ifOperStatus": "up", "ifAdminStatus": "up",
                  "ifInOctets": 12827393730, "ifInOctets_rate": 61250000, "ifOutOctets": 14957481766,
                  "ifOutOctets_rate": 15250000, "poll_time": 1787400000, "poll_prev": 1787399700,
                  "poll_period": 300},
        }
        for method, pattern, handler in (
                ("GET", r"/devices", self._devices), ("GET", r"/rules", self._rules),
                ("GET", r"/alerts", self._alerts), ("GET", r"/alerts/(\d+)", self._alerts),
                ("PUT", r"/alerts/unmute/([^/]+)", self._unmute), ("PUT", r"/alerts/([^/]+)", self._ack),
                ("GET", r"/logs/(eventlog|syslog)", self._logs),
                ("GET", r"/devices/([^/]+)/availability", self._availability),
                ("GET", r"/ports/([^/]+)", self._port),
                ("GET", r"/devices/([^/]+)/ports/([^/]+)/port_bits", self._port_graph)):
            self.route(method, API + pattern, handler)

    # ------------------------------------------------------------------ state helpers
    def add_syslog(self, msg, priority="info", device_id=1, program="app", timestamp="2026-11-26 09:00:00"):
        """Append a syslog line with the next ``seq``.

        Args:
            msg: Message text.
            priority: Syslog priority name.
            device_id: Device of the line.
            program: Program name.
            timestamp: Server-local time text.

        Returns:
            int: The new ``seq``.
        """
        seq = max([r["seq"] for r in self.syslog] + [0]) + 1
        self.syslog.append({"seq": seq, "device_id": device_id, "facility": "user", "priority": priority,
                            "level": priority, "tag": program, "timestamp": timestamp, "program": program,
                            "msg": msg})
        return seq

    def set_port_rates(self, port_id, in_bytes_s, out_bytes_s, oper="up"):
        """Set a port's byte rates and oper status.

        Args:
            port_id: The port.
            in_bytes_s: ifInOctets_rate (bytes/s).
            out_bytes_s: ifOutOctets_rate (bytes/s).
            oper: ifOperStatus.

        Returns:
            None
        """
        self.ports[port_id].update(ifInOctets_rate=in_bytes_s, ifOutOctets_rate=out_bytes_s, ifOperStatus=oper)

    # ------------------------------------------------------------------ auth
    def check_auth(self, request):
        """X-Auth-Token, else a Bearer token (Laravel's TokenGuard fallback).

        Args:
            request: The request.

        Returns:
            tuple | None: The 401 triple when the token is missing or unknown.
        """
        headers = {k.lower(): v for k, v in request.headers.items()}
        token = headers.get("x-auth-token") or headers.get("authorization", "").removeprefix("Bearer ").strip()
        request.role = self.tokens.get(token)
        return None if request.role else self.unauthorized

    def _rows(self, rows):
        """Rows as the database driver returns them (all strings on old installs)."""
        if not self.strings:
            return [dict(r) for r in rows]
        return [{k: (v if v is None else str(int(v)) if isinstance(v, bool) else str(v)) for k, v in r.items()}
                for r in rows]

    # ------------------------------------------------------------------ handlers
    def _devices(self, request, match):
        return _ok("devices", self._rows(self.devices.values()))

    def _rules(self, request, match):
        return _ok("rules", self._rows(self.rules.values()))

    def _alerts(self, request, match):
        if request.role == "user":
            return FORBIDDEN
        states = [s.strip() for s in (request.query.get("state") or ["1"])[0].split(",")]
        rows = []
        for alert in sorted(self.alerts.values(), key=lambda a: a["timestamp"], reverse=True):
            if str(alert["state"]) not in states or (match.groups() and alert["id"] != int(match.group(1))):
                continue
            row = dict(alert, severity=self.rules[alert["rule_id"]]["severity"])
            if not self.legacy_alerts:
                row = {"hostname": self.devices[alert["device_id"]]["hostname"], **row}
            rows.append(row)
        return _ok("alerts", self._rows(rows))

    def _write(self, request, match, state, message):
        self.writes.append({"method": request.method, "path": request.path, "body": request.json()})
        if request.role != "admin":
            return FORBIDDEN
        alert_id = match.group(1)
        if not alert_id.isdigit():
            return _error(400, "Invalid alert has been provided")
        alert = self.alerts.get(int(alert_id))
        if alert is None:
            return json_response({"status": "ok", "message": "No Alert by that ID"})  # sic: 200
        data = request.json() or {}
        alert["note"] = (alert["note"] + "\n" if alert["note"] else "") + f"2026-11-26 09:00:00 - Ack (admin) " \
                                                                          f"{data.get('note', '')}"
        alert["state"] = state
        if "until_clear" in data:
            alert["info"] = json.dumps({"until_clear": data["until_clear"]})
        return json_response({"status": "ok", "message": message})

    def _ack(self, request, match):
        return self._write(request, match, 2, "Alert has been acknowledged")

    def _unmute(self, request, match):
        return self._write(request, match, 1, "Alert has been unmuted")

    def _logs(self, request, match):
        if request.role == "user":
            return FORBIDDEN
        kind = match.group(1)
        id_key, ts_key = ("seq", "timestamp") if kind == "syslog" else ("event_id", "datetime")
        query = {k: v[0] for k, v in request.query.items()}
        start, limit = int(query.get("start", 0)), int(query.get("limit", 50))
        rows = getattr(self, kind)
        if query.get("from", "").isdigit():
            rows = [r for r in rows if r[id_key] >= int(query["from"])]
        if query.get("to", "").isdigit():
            rows = [r for r in rows if r[id_key] <= int(query["to"])]
        rows = sorted(rows, key=lambda r: r[ts_key])  # ORDER BY <time> ASC; sortorder is not honoured
        page = []
        for row in rows[start:start + limit]:
            dev = self.devices.get(row["device_id"], {})
            extra = {"host": row["device_id"]} if kind == "eventlog" else {}
            page.append({"hostname": dev.get("hostname"), "sysName": dev.get("sysName"), **extra, **row})
        total = str(len(rows)) if self.strings else len(rows)
        return _ok("logs", self._rows(page), total=total)

    def _device_id(self, ref):
        if ref.isdigit():
            return int(ref) if int(ref) in self.devices else None
        return next((d["device_id"] for d in self.devices.values() if d["hostname"] == ref), None)

    def _availability(self, request, match):
        device_id = self._device_id(match.group(1))
        if device_id is None:
            return _error(404, f"Device {match.group(1)} does not exist")
        rows = [{"duration": d, "availability_perc": "100.000000"} for d in (86400, 604800)]
        rows.append({"duration": 2592000, "availability_perc": self.availability[device_id]})
        rows.append({"duration": 31536000, "availability_perc": "99.994000"})
        return _ok("availability", self._rows(rows))

    def _port_graph(self, request, match):
        """A PNG as LibreNMS renders one (the bytes of a real 1x1 image)."""
        device, ifname = match.group(1), match.group(2)
        known = any(str(p["device_id"]) == device and p["ifName"] == ifname for p in self.ports.values())
        if not known:
            return _error(404, f"Port {ifname} does not exist")
        return 200, {"Content-Type": "image/png"}, PNG_1X1

    def _port(self, request, match):
        port = self.ports.get(int(match.group(1))) if match.group(1).isdigit() else None
        return _ok("port", self._rows([port] if port else []))
