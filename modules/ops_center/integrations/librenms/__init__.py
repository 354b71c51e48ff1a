"""
Operations Command Center - LibreNMS Integration

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: LibreNMS over REST API v0 (``X-Auth-Token``). Reads open and
    acknowledged alerts (``GET /alerts?state=1,2,3,4,5``, titles from
    ``GET /rules``), the newest eventlog and syslog lines (incremental
    ``from=<last id + 1>`` polling, tail read through the ``total`` the
    answer carries), 30-day availability of the devices mapped to a WAN and
    WAN throughput from port rates. Control: ``ack_alert`` (``PUT
    /alerts/:id``) and ``unack_alert`` (``PUT /alerts/unmute/:id``), which
    need an admin user's token.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..base import (
    ALERT_ACK,
    ALERT_UNACK,
    Action,
    ActionFailed,
    AuthFailed,
    BadResponse,
    ConfigError,
    Field,
    SourceData,
    Wan,
    register,
)
from ..kit.http import TLS_FIELDS, HttpIntegration
from .parse import (
    OPEN_STATES,
    as_map,
    id_map,
    log_alerts,
    parse_alerts,
    parse_availability,
    parse_log_rows,
    parse_port,
    result_list,
    to_float,
    to_int,
)

# Rule names and availability change slowly: re-read them at the config TTL, not every 30 s.
SLOW_TTL_S = 300
LOGS = ("eventlog", "syslog")


@register
class Librenms(HttpIntegration):
    """LibreNMS: monitoring alerts (+ack), eventlog/syslog, WAN availability and throughput."""

    type_name, label, ttl_class = "librenms", "LibreNMS", "critical"
    FEEDS = ("alerts:monitoring", "alerts:syslog", "wan")
    ACTIONS = {"alert_ack": ALERT_ACK, "alert_unack": ALERT_UNACK,
               "graph": Action(method="wan_graph", label="Traffic graph", role="viewer", confirm=False, audit=False)}
    wan_fields = {"port_id": "wan_ports", "device_id": "wan_devices"}  # [[wan]] keys -> map fields
    fields = (
        Field("url", "url", required=True,
              help="Base URL of the LibreNMS web UI, e.g. https://librenms.example.lan (/api/v0 is appended)."),
        Field("token", required=True, secret=True,
              help="API token (sent as X-Auth-Token), created under /api-access/. Reading needs a user with "
                   "global read; acknowledging alerts needs an admin user's token."),
        Field("wan_ports", "map",
              help="WAN name -> LibreNMS port_id of its uplink port, for rx/tx Mbps (e.g. WAN1 = \"323\")."),
        Field("wan_devices", "map",
              help="WAN name -> device_id or hostname whose 30-day availability is shown as the WAN's uptime."),
        Field("max_log_lines", "int", default=50, min=1, max=5000,
              help="Newest eventlog + syslog lines shown (together); also the page size of each log read."),
        Field("timezone", "str", default="UTC",
              help="IANA time zone of the LibreNMS server (its database timestamps carry no zone)."),
        Field("ttl", "int", min=5, max=86400,
              help="Seconds the data stays fresh; overrides the critical class (30 s)."),
        *TLS_FIELDS,
    )

    base_path = "/api/v0"

    def __init__(self, name, settings):
        super().__init__(name, settings)
        self._hosts = None

    # ------------------------------------------------------------------ plumbing
    def http_options(self):
        """Token auth (``X-Auth-Token``).

        Returns:
            dict: The header.
        """
        token = self.setting("token")
        if not token:
            raise ConfigError("token is required")
        return {"headers": {"X-Auth-Token": str(token)}}

    def _get(self, path, **params):
        """GET a path below /api/v0 and decode it."""
        return self.http().json("GET", path, params=params or None)

    def _cached(self, key, loader):
        """A memory entry refreshed every ``SLOW_TTL_S`` seconds."""
        entry = self.memory.get(key)
        if isinstance(entry, dict) and self.clock() - to_float(entry.get("at"), 0.0) < SLOW_TTL_S:
            return entry.get("value")
        value = loader()
        self.memory[key] = {"at": self.clock(), "value": value}
        return value

    # ------------------------------------------------------------------ fetch
    def fetch(self):
        """Alerts, log lines and WAN figures.

        Returns:
            SourceData: Monitoring and syslog alerts, WAN entries for mapped WANs.
        """
        self._hosts = None  # device names are resolved at most once per fetch
        try:
            tz = ZoneInfo(str(self.setting("timezone") or "UTC"))
        except (ZoneInfoNotFoundError, ValueError):
            raise ConfigError(f"timezone '{self.setting('timezone')}' is not an IANA time zone name") from None
        alerts = self._alerts(tz)
        lines = [(kind, line) for kind in LOGS for line in self._log_tail(kind, tz)]
        alerts += log_alerts(lines, self.name, self._limit())
        return SourceData(wan=self._wans(), alerts=alerts)

    def _limit(self):
        """The configured line count, bounded to something sane."""
        return min(max(to_int(self.setting("max_log_lines"), 50), 1), 1000)

    def _hostnames(self):
        """device_id -> hostname, read once per fetch when a row lacks its hostname."""
        if self._hosts is None:
            self._hosts = id_map(self._get("/devices"), "devices", "device_id", ("hostname", "sysName"))
        return self._hosts

    def _rule_names(self, rows):
        """Rule names for the alert rows; re-read when stale or a rule is unknown."""
        needed = {str(to_int(r.get("rule_id"))) for r in rows}
        if not needed:
            return {}
        entry = self.memory.get("rules") if isinstance(self.memory.get("rules"), dict) else {}
        names = entry.get("value") if isinstance(entry.get("value"), dict) else {}
        if self.clock() - to_float(entry.get("at"), 0.0) >= SLOW_TTL_S or not needed <= set(names):
            names = id_map(self._get("/rules"), "rules", "id", ("name",))
            self.memory["rules"] = {"at": self.clock(), "value": names}
        return names

    def _alerts(self, tz):
        """Open and acknowledged alerts (the default filter hides acknowledged ones)."""
        rows = result_list(self._get("/alerts", state=OPEN_STATES), "alerts", "/alerts")
        hosts = self._hostnames() if any(not r.get("hostname") for r in rows) else {}
        return parse_alerts(rows, self.name, self._rule_names(rows), hosts, tz)

    def _log_tail(self, kind, tz):
        """The newest lines of one log, polled incrementally.

        ``start`` is a row offset and rows come oldest first, so the newest
        page is ``start = total - limit`` of the rows after the last id seen.
        """
        limit = self._limit()
        mem = self.memory.get(kind) if isinstance(self.memory.get(kind), dict) else {}
        params = {"limit": limit}
        if to_int(mem.get("last")) is not None:
            params["from"] = to_int(mem["last"]) + 1  # `from` compares with >=
        path = f"/logs/{kind}"
        payload = self._get(path, **params)
        rows = result_list(payload, "logs", path)
        total = to_int(payload.get("total"))
        if total is not None and total > len(rows):
            payload = self._get(path, start=max(0, total - limit), **params)
            rows = result_list(payload, "logs", path)
        known = {line["id"]: line for line in mem.get("lines") or [] if isinstance(line, dict) and "id" in line}
        known.update({line["id"]: line for line in parse_log_rows(rows, kind, tz)})
        lines = [known[i] for i in sorted(known)][-limit:]
        last = max([to_int(mem.get("last"), 0)] + [line["id"] for line in lines])
        self.memory[kind] = {"last": last, "lines": lines}
        return lines

    def _wans(self):
        """WAN entries from the port and device maps."""
        wans = {}
        for wan, port_id in as_map(self.setting("wan_ports"), "wan_ports").items():
            rx, tx, oper = parse_port(self._get(f"/ports/{quote(port_id, safe='')}"), port_id)
            entry = wans.setdefault(wan, Wan(wan, source=self.name))
            entry.rx_mbps, entry.tx_mbps = rx, tx
            if oper in ("down", "lowerlayerdown"):
                entry.status = "down"  # the uplink is down for sure; "up" is left to the gateway monitor
        for wan, device in as_map(self.setting("wan_devices"), "wan_devices").items():
            pct = self._cached(f"availability:{device}", lambda d=device: parse_availability(
                self._get(f"/devices/{quote(d, safe='')}/availability"), d))
            wans.setdefault(wan, Wan(wan, source=self.name)).uptime_pct_30d = pct
        return list(wans.values())

    def wan_graph(self, wan, seconds=86400, width=800, height=240):
        """LibreNMS's own traffic graph of a WAN's mapped port, as an image.

        Args:
            wan: WAN name (a key of ``wan_ports``).
            seconds: Time range ending now.
            width: Image width in pixels.
            height: Image height in pixels.

        Returns:
            tuple: (image bytes, content type).

        Raises:
            ConfigError: The WAN has no LibreNMS port; BadResponse: no image came back.
        """
        port_id = as_map(self.setting("wan_ports"), "wan_ports").get(wan)
        if port_id is None:
            raise ConfigError(f"WAN '{wan}' has no LibreNMS port mapped (wan_ports)")
        rows = result_list(self._get(f"/ports/{quote(str(port_id), safe='')}"), "port", f"/ports/{port_id}")
        if not rows or not rows[0].get("ifName"):
            raise BadResponse(f"LibreNMS has no port {port_id}")
        now = int(self.clock())
        path = f"/devices/{quote(str(rows[0].get('device_id')), safe='')}/ports/{quote(rows[0]['ifName'], safe='')}"
        resp = self.http().request("GET", path + "/port_bits", params={
            "from": now - int(seconds), "to": now, "width": int(width), "height": int(height)})
        kind = resp.headers.get("Content-Type", "").split(";")[0].strip()
        if not kind.startswith("image/") or not resp.content:
            raise BadResponse(f"LibreNMS graph of WAN '{wan}' is not an image ({kind or 'no content type'})")
        return resp.content, kind

    # ------------------------------------------------------------------ control
    def ack_alert(self, native_id, note="", until_clear=True):
        """Acknowledge an alert in LibreNMS (``PUT /alerts/:id``).

        Args:
            native_id: LibreNMS alert id (``"12"`` or ``"<instance>:12"``).
            note: Text appended to the alert's notes.
            until_clear: Keep the ack until the alert clears (else it re-alerts when worse).

        Returns:
            str: LibreNMS's confirmation message.

        Raises:
            AuthFailed: Token rejected (401) or not an admin's (403).
            ActionFailed: Bad id, unknown alert or any other refusal.
        """
        alert_id = self._native(native_id)
        return self._write(f"/alerts/{alert_id}", {"note": str(note or ""), "until_clear": bool(until_clear)},
                           "acknowledge", alert_id)

    def unack_alert(self, native_id, note=""):
        """Undo an acknowledgement (``PUT /alerts/unmute/:id``, state back to active).

        Args:
            native_id: LibreNMS alert id.
            note: Text appended to the alert's notes.

        Returns:
            str: LibreNMS's confirmation message.

        Raises:
            AuthFailed: Token rejected (401) or not an admin's (403).
            ActionFailed: Bad id, unknown alert or any other refusal.
        """
        alert_id = self._native(native_id)
        return self._write(f"/alerts/unmute/{alert_id}", {"note": str(note or "")}, "un-acknowledge", alert_id)

    def _native(self, native_id):
        """The numeric LibreNMS alert id of a native or full alert id."""
        text = str(native_id).strip()
        if text.startswith(self.name + ":"):
            text = text[len(self.name) + 1:]
        if not text.isdigit():
            raise ActionFailed(f"'{text}' is not a LibreNMS alert id (log lines cannot be acknowledged)")
        return int(text)

    def _write(self, path, body, verb, alert_id):
        """Send one alert write and check LibreNMS's answer."""
        try:
            payload = self.http().json("PUT", path, json=body)
        except AuthFailed as exc:
            if "HTTP 403" in str(exc):
                raise AuthFailed(f"LibreNMS refused to {verb} alert {alert_id}: the token's user is not an "
                                 "admin (HTTP 403)") from None
            raise AuthFailed(f"LibreNMS refused to {verb} alert {alert_id}: token rejected (HTTP 401)") from None
        except BadResponse as exc:
            raise ActionFailed(f"LibreNMS could not {verb} alert {alert_id}: {exc}") from None
        message = str(payload.get("message") or "")[:160] if isinstance(payload, dict) else ""
        if not isinstance(payload, dict) or payload.get("status") != "ok":
            raise ActionFailed(f"LibreNMS could not {verb} alert {alert_id}: {message or 'unexpected answer'}")
        if message.lower().startswith("no alert"):  # LibreNMS answers 200 "No Alert by that ID"
            raise ActionFailed(f"LibreNMS has no alert {alert_id}")
        return message
