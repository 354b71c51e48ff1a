"""
Operations Command Center - LibreNMS Parsing

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Pure functions over LibreNMS API v0 payloads (rest-apis.md
    section 1): alerts, eventlog/syslog rows, availability, port rates. Older
    installs send every value as a string, so numbers go through ``to_int``/
    ``to_float``; these value helpers are shared by the other REST parsers.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC, datetime

from ..base import Alert, BadResponse
from ..kit.values import as_map, epoch_iso, to_float, to_int  # noqa: F401 (re-exported)

# Alert states (LibreNMS\Enum\AlertState); 0 (clear) is never asked for.
ALERT_STATES = {1: "active", 2: "acknowledged", 3: "worse", 4: "better", 5: "changed"}
OPEN_STATES = "1,2,3,4,5"
THIRTY_DAYS_S = 2592000
# Syslog level names (syslog-ng $LEVEL) and numbers (rsyslog %syslogseverity%).
SYSLOG_LEVELS = {"emerg": 0, "panic": 0, "alert": 1, "crit": 2, "critical": 2, "err": 3, "error": 3,
                 "warning": 4, "warn": 4, "notice": 5, "info": 6, "informational": 6, "debug": 7}
MAX_TEXT = 300

# --------------------------------------------------------------------------- shared value helpers


def local_iso(text, tz):
    """UTC ISO text of a LibreNMS timestamp.

    Raw rows carry ``YYYY-MM-DD HH:MM:SS`` in the server's zone; Eloquent
    rows carry ISO-8601 with ``Z``.

    Args:
        text: The timestamp text; tz: the server's ``ZoneInfo``.

    Returns:
        str | None: ISO-8601 UTC, or None when unparsable.
    """
    if not text:
        return None
    try:
        stamp = datetime.fromisoformat(str(text).strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=tz)
    return stamp.astimezone(UTC).isoformat(timespec="seconds")


def result_list(payload, key, path):
    """The list under ``key`` of a LibreNMS success envelope.

    Args:
        payload: Decoded JSON; key: result name (``alerts``, ``logs``); path: for the error message.

    Returns:
        list[dict]: The rows; BadResponse when the envelope is an error or lacks the list.
    """
    if not isinstance(payload, dict):
        raise BadResponse(f"{path}: expected a JSON object, got {type(payload).__name__}")
    if payload.get("status") == "error":
        raise BadResponse(f"{path}: LibreNMS error: {str(payload.get('message'))[:120]}")
    rows = payload.get(key)
    if isinstance(rows, dict):  # /ports/:id answers an object on some versions
        rows = [rows]
    if not isinstance(rows, list):
        raise BadResponse(f"{path}: answer has no '{key}' list")
    return [r for r in rows if isinstance(r, dict)]


def id_map(payload, key, id_key, name_keys):
    """Id -> name of a LibreNMS list (rules by id, hostnames by device_id).

    Args:
        payload: Decoded answer; key: its result name; id_key: the id column;
            name_keys: columns to take the name from, first non-empty wins.

    Returns:
        dict[str, str]: Names by id (as text).
    """
    result = {}
    for row in result_list(payload, key, f"/{key}"):
        ident = to_int(row.get(id_key))
        if ident is not None:
            result[str(ident)] = next((str(row[k]) for k in name_keys if row.get(k)), "")
    return result


def parse_alerts(rows, name, rules, hosts, tz):
    """Monitoring alerts from ``GET /alerts`` rows.

    Args:
        rows: Alert rows (``result_list`` output).
        name: Instance name (id prefix and source).
        rules: Rule names by id.
        hosts: Hostnames by device id (used when a row has no hostname).
        tz: The server's ``ZoneInfo``.

    Returns:
        list[Alert]: One per row with a numeric id.
    """
    alerts = []
    for row in rows:
        alert_id = to_int(row.get("id"))
        if alert_id is None:
            continue
        state = to_int(row.get("state"), 1)
        rule_id = str(to_int(row.get("rule_id")))
        title = rules.get(rule_id) or f"rule {rule_id}"
        host = str(row.get("hostname") or hosts.get(str(to_int(row.get("device_id")))) or "")
        detail = f"Rule '{title}' on {host or 'device ' + str(row.get('device_id'))}: " \
                 f"{ALERT_STATES.get(state, 'state ' + str(state))}"
        notes = [n.strip() for n in str(row.get("note") or "").splitlines() if n.strip()]
        if notes:  # ack notes accumulate, one line each: show the newest
            detail += f" ({notes[-1][:MAX_TEXT]})"
        severity = str(row.get("severity") or "").lower()
        alerts.append(Alert(f"{name}:{alert_id}", name, "monitoring",
                            severity if severity in ("critical", "warning") else "info",
                            title, detail, host, local_iso(row.get("timestamp"), tz),
                            acknowledged=state == 2, ack_supported=True))
    return alerts


def _syslog_severity(row):
    """critical (emerg/alert/crit), warning (err/warning) or info, from priority else level."""
    for key in ("priority", "level"):
        value = str(row.get(key) if row.get(key) is not None else "").strip().lower()
        number = SYSLOG_LEVELS.get(value, to_int(value))
        if number is not None and 0 <= number <= 7:
            return "critical" if number <= 2 else "warning" if number <= 4 else "info"
    return "info"


def parse_log_rows(rows, kind, tz):
    """Compact, JSON-safe log lines (kept in integration memory).

    Args:
        rows: ``logs`` rows of ``/logs/eventlog`` or ``/logs/syslog``.
        kind: ``eventlog`` or ``syslog``.
        tz: The server's ``ZoneInfo``.

    Returns:
        list[dict]: ``{id, ts, host, title, detail, severity}`` per row with an id.
    """
    lines = []
    for row in rows:
        if kind == "syslog":
            line_id = to_int(row.get("seq"))
            program = str(row.get("program") or row.get("tag") or "").strip()
            msg = str(row.get("msg") or "").strip()
            title = f"{program}: {msg}" if program else msg
            detail = f"syslog {row.get('facility') or '?'}.{row.get('priority') or row.get('level') or '?'}"
            severity, stamp = _syslog_severity(row), row.get("timestamp")
        else:
            line_id = to_int(row.get("event_id"))
            title = str(row.get("message") or "").strip()
            detail = f"eventlog {row.get('type') or 'event'}"
            # eventlog severity 0 unknown .. 4 warning, 5 error: both as syslog err/warning
            severity = "warning" if to_int(row.get("severity"), 0) >= 4 else "info"
            stamp = row.get("datetime")
        if line_id is None:
            continue
        lines.append({"id": line_id, "ts": local_iso(stamp, tz), "severity": severity,
                      "host": str(row.get("hostname") or row.get("sysName") or ""),
                      "title": title[:MAX_TEXT], "detail": detail})
    return lines


def log_alerts(lines, name, limit):
    """The newest ``limit`` log lines of both logs as syslog-category alerts.

    Args:
        lines: ``(kind, line)`` pairs; name: instance name; limit: how many to keep.

    Returns:
        list[Alert]: Newest first.
    """
    ordered = sorted(lines, key=lambda kl: (kl[1]["ts"] or "", kl[1]["id"]), reverse=True)[:max(0, limit)]
    return [Alert(f"{name}:{kind}-{line['id']}", name, "syslog", line["severity"], line["title"],
                  line["detail"], line["host"], line["ts"]) for kind, line in ordered]


def parse_availability(payload, device):
    """30-day availability percentage of a device.

    Args:
        payload: ``GET /devices/:device/availability`` answer.
        device: Device id or hostname, for the error message.

    Returns:
        float | None: Percent 0-100, None when LibreNMS has no 30-day figure.
    """
    for row in result_list(payload, "availability", f"/devices/{device}/availability"):
        if to_int(row.get("duration")) == THIRTY_DAYS_S:
            pct = to_float(row.get("availability_perc"))
            return None if pct is None else round(pct, 3)
    return None


def parse_port(payload, port_id):
    """WAN throughput and link state of a port.

    ``ifInOctets_rate``/``ifOutOctets_rate`` are bytes/s averaged over the
    last poll: x8 gives bits/s.

    Args:
        payload: ``GET /ports/:port_id`` answer; port_id: the port id, for the error message.

    Returns:
        tuple: (rx_mbps, tx_mbps, ifOperStatus text); BadResponse when the port is absent.
    """
    rows = result_list(payload, "port", f"/ports/{port_id}")
    if not rows:
        raise BadResponse(f"/ports/{port_id}: LibreNMS has no port {port_id}")
    row = rows[0]

    def _mbps(key):
        rate = to_float(row.get(key))
        return None if rate is None or rate < 0 else round(rate * 8 / 1e6, 3)

    return _mbps("ifInOctets_rate"), _mbps("ifOutOctets_rate"), str(row.get("ifOperStatus") or "").lower()
