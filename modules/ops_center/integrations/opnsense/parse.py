"""
Operations Command Center - OPNsense Parsing

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Pure functions over OPNsense API payloads (rest-apis.md
    section 2): Suricata alert rows of ``query_alerts``, dpinger gateway
    status ("9.1 ms", "0.0 %", "~"), and WAN rates from two samples of the
    cumulative byte counters of ``diagnostics/traffic/interface``.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import hashlib
from datetime import UTC, datetime

from ..base import Alert, BadResponse
from ..kit.values import to_float, to_int

# dpinger status names (and the translated labels, for older releases) -> WAN status.
GATEWAY_STATUS = {"none": "up", "online": "up", "down": "down", "force_down": "down", "offline": "down",
                  "offline (forced)": "down", "loss": "degraded", "delay": "degraded", "delay+loss": "degraded",
                  "packetloss": "degraded", "latency": "degraded", "latency, packetloss": "degraded"}
SURICATA_SEVERITY = {1: "critical", 2: "warning"}


def measure(text):
    """The number of a dpinger reading ("9.1 ms", "0.0 %"); "~" means no data.

    Args:
        text: The reading.

    Returns:
        float | None: The number, or None for "~", empty or garbage.
    """
    return to_float(str(text if text is not None else "").replace("ms", "").replace("%", "").strip())


def gateway_status(item):
    """WAN status, latency (ms) and loss (%) of one gateway item.

    Args:
        item: One ``items[]`` entry of ``/api/routes/gateway/status``.

    Returns:
        tuple: (status up/down/degraded/unknown, latency_ms, loss_pct).
    """
    status = GATEWAY_STATUS.get(str(item.get("status") or "").strip().lower())
    if status is None:
        status = GATEWAY_STATUS.get(str(item.get("status_translated") or "").strip().lower(), "unknown")
    latency, loss = measure(item.get("delay")), measure(item.get("loss"))
    if status == "down":
        latency = None  # dpinger reports "0.0 ms" for a dead gateway: no reply is not zero latency
    return status, latency, loss


def parse_gateways(payload):
    """Gateway items by name.

    Args:
        payload: ``GET /api/routes/gateway/status`` answer.

    Returns:
        dict[str, dict]: Items by gateway name, in answer order (empty when the backend failed).

    Raises:
        BadResponse: When the answer is not the documented object.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("items", []), list):
        raise BadResponse("/api/routes/gateway/status: answer is not {items: [...]}")
    return {str(i["name"]): i for i in payload.get("items") or [] if isinstance(i, dict) and i.get("name")}


def _utc(text):
    """UTC ISO text of an EVE timestamp ("2026-08-22T13:59:58.123456+0000")."""
    try:
        stamp = datetime.fromisoformat(str(text))
    except (TypeError, ValueError):
        return None
    return (stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)).astimezone(UTC).isoformat(timespec="seconds")


def _severity(row):
    """Dashboard severity of an IDS row.

    The flattening script drops EVE's ``alert.severity``; it is read when a
    release keeps it (a raw ``alert`` object or an ``alert_severity`` key).
    Without it: an alert the IPS let through is a warning, a dropped one info.
    """
    raw = row.get("alert")
    value = raw.get("severity") if isinstance(raw, dict) else row.get("alert_severity", row.get("severity"))
    number = to_int(value)
    if number is not None and number >= 1:
        return SURICATA_SEVERITY.get(number, "info")
    return "info" if str(row.get("alert_action") or "").lower() == "blocked" else "warning"


def parse_ids_alerts(payload, name):
    """IPS alerts from a ``query_alerts`` answer (rows newest first).

    Args:
        payload: ``POST /api/ids/service/query_alerts`` answer.
        name: Instance name.

    Returns:
        list[Alert]: One per distinct alert (category ips).

    Raises:
        BadResponse: When the answer has no ``rows`` list (``[]`` is what a GET gets).
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("rows"), list):
        raise BadResponse("/api/ids/service/query_alerts: answer has no 'rows' list")
    alerts, seen = [], set()
    for row in payload["rows"]:
        if not isinstance(row, dict):
            continue
        raw = row.get("alert")
        signature = str((raw.get("signature") if isinstance(raw, dict) else raw) or "unknown signature")
        sid = row.get("alert_sid") or (raw.get("signature_id") if isinstance(raw, dict) else None) or ""
        src, dst = str(row.get("src_ip") or ""), str(row.get("dest_ip") or "")
        flow = str(row.get("flow_id") or "").strip()
        # One flow can raise several signatures: the flow id alone is not unique.
        native = f"{flow}-{sid}" if flow else hashlib.sha256(
            f"{row.get('timestamp')}|{signature}|{src}".encode()).hexdigest()[:16]
        if native in seen:
            continue
        seen.add(native)
        action = str(row.get("alert_action") or (raw.get("action") if isinstance(raw, dict) else "") or "?")
        src_port, dst_port = row.get("src_port"), row.get("dest_port")
        detail = (f"{src}{':' + str(src_port) if src_port not in (None, '') else ''} → "
                  f"{dst}{':' + str(dst_port) if dst_port not in (None, '') else ''} "
                  f"{row.get('proto') or ''} {action}; sid {sid or '?'} on {row.get('in_iface') or '?'}")
        alerts.append(Alert(f"{name}:{native}", name, "ips", _severity(row), signature[:300],
                            " ".join(detail.split()), src, _utc(row.get("timestamp"))))
    return alerts


def parse_traffic(payload):
    """Cumulative byte counters per interface.

    Args:
        payload: ``GET /api/diagnostics/traffic/interface`` answer.

    Returns:
        tuple: (sample time or None, {if key: {"name", "rx", "tx"}}).

    Raises:
        BadResponse: When ``interfaces`` is missing.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("interfaces"), dict):
        raise BadResponse("/api/diagnostics/traffic/interface: answer has no 'interfaces' object")
    counters = {}
    for key, info in payload["interfaces"].items():
        if isinstance(info, dict):
            counters[str(key)] = {"name": str(info.get("name") or key),
                                  "rx": to_int(info.get("bytes received")),
                                  "tx": to_int(info.get("bytes transmitted"))}
    return to_float(payload.get("time")), counters


def find_interface(counters, wanted):
    """The key of an interface given by key ("wan", "opt1") or description ("WAN").

    Args:
        counters: ``parse_traffic`` counters.
        wanted: Configured interface name.

    Returns:
        str | None: The interface key.
    """
    wanted = str(wanted).strip().lower()
    return next((k for k, v in counters.items() if wanted in (k.lower(), v["name"].lower())), None)
