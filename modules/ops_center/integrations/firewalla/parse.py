"""
Operations Command Center - Firewalla Parsing

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Pure functions over Firewalla MSP API v2 payloads (rest-apis.md
    section 3): alarm pages (``type`` as number or string, ``_type`` names),
    the severity each alarm type gets on the dashboard, and boxes (online
    state as a source-health alert).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from ..base import Alert, BadResponse
from ..kit.values import epoch_iso, to_int

ALARM_TYPES = {1: "Security Activity", 2: "Abnormal Upload", 3: "Large Bandwidth Usage", 4: "Monthly Data Plan",
               5: "New Device", 6: "Device Back Online", 7: "Device Offline", 8: "Video Activity",
               9: "Gaming Activity", 10: "Porn Activity", 11: "VPN Activity", 12: "VPN Connection Restored",
               13: "VPN Connection Error", 14: "Open Port", 15: "Internet Connectivity Update", 16: "Large Upload"}
# Box-side ``_type`` names (undocumented, seen in real answers), for alarms whose ``type`` is missing.
INTERNAL_TYPES = {"ALARM_INTEL": 1, "ALARM_BRO_NOTICE": 1, "ALARM_SURICATA_NOTICE": 1, "ALARM_CUSTOMIZED_SECURITY": 1,
                  "ALARM_LARGE_UPLOAD": 2, "ALARM_ABNORMAL_BANDWIDTH_USAGE": 3, "ALARM_OVER_DATA_PLAN_USAGE": 4,
                  "ALARM_NEW_DEVICE": 5, "ALARM_DEVICE_BACK_ONLINE": 6, "ALARM_DEVICE_OFFLINE": 7,
                  "ALARM_VIDEO": 8, "ALARM_GAME": 9, "ALARM_PORN": 10, "ALARM_VPN_CLIENT_CONNECTION": 11,
                  "ALARM_VPN_RESTORE": 12, "ALARM_VPN_DISCONNECT": 13, "ALARM_UPNP": 14, "ALARM_OPENPORT": 14,
                  "ALARM_DUAL_WAN": 15}
# Severity per type (the API carries none). Critical: a hit on threat intelligence (1). Warning: what may
# be exfiltration, exposure or an outage (abnormal/large upload, open port, VPN error, connectivity change,
# a device offline, an unknown device joining). Info: activity reports and recoveries.
SEVERITY = {1: "critical", 2: "warning", 5: "warning", 7: "warning", 13: "warning", 14: "warning",
            15: "warning", 16: "warning"}
LABEL_TYPES = {v.lower(): k for k, v in ALARM_TYPES.items()}


def alarm_type(alarm):
    """The numeric type of an alarm (``type`` as 5 or "5", a label, or ``_type``).

    Args:
        alarm: One alarm object.

    Returns:
        int | None: Type 1-16, or None when unknown.
    """
    raw = alarm.get("type")
    number = to_int(raw)
    if number is None and isinstance(raw, str):
        number = LABEL_TYPES.get(raw.strip().lower())
    if number is None:
        number = INTERNAL_TYPES.get(str(alarm.get("_type") or "").upper())
    return number


def alarm_page(payload):
    """Results and next cursor of one ``GET /v2/alarms`` page.

    Args:
        payload: Decoded answer.

    Returns:
        tuple: (list of alarm dicts, next cursor or None).

    Raises:
        BadResponse: When ``results`` is missing.
    """
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise BadResponse("/v2/alarms: answer has no 'results' list")
    cursor = payload.get("next_cursor")
    return [a for a in payload["results"] if isinstance(a, dict)], (str(cursor) if cursor else None)


def parse_alarm(alarm, name, box_names):
    """One active alarm as a security alert.

    Args:
        alarm: Alarm object (``gid``, ``aid``, ``type``, ``message``...).
        name: Instance name.
        box_names: Box name by gid (host when the alarm names no device).

    Returns:
        Alert | None: The alert; None for an archived alarm or one without ids.
    """
    gid, aid = str(alarm.get("gid") or "").strip(), to_int(alarm.get("aid"))
    if not gid or aid is None or to_int(alarm.get("status"), 1) == 2:
        return None
    number = alarm_type(alarm)
    title = ALARM_TYPES.get(number) or f"Alarm type {alarm.get('type') or alarm.get('_type') or '?'}"
    device = alarm.get("device") if isinstance(alarm.get("device"), dict) else {}
    remote = alarm.get("remote") if isinstance(alarm.get("remote"), dict) else {}
    detail = str(alarm.get("message") or "").strip()
    if remote.get("domain") or remote.get("ip"):
        where = " ".join(str(v) for v in (remote.get("domain") or remote.get("ip"), remote.get("region")) if v)
        detail += f" [{alarm.get('direction') or 'remote'} {where}]"
    host = str(device.get("name") or device.get("ip") or box_names.get(gid) or gid)
    return Alert(f"{name}:{gid}:{aid}", name, "security", SEVERITY.get(number, "info"), title, detail[:400].strip(),
                 host, epoch_iso(alarm.get("ts")), ack_supported=True)


def parse_boxes(payload, only_gid=""):
    """The boxes of the account (optionally one).

    Args:
        payload: ``GET /v2/boxes`` answer (a plain array).
        only_gid: Keep only this box when set.

    Returns:
        list[dict]: Boxes with at least ``gid``.

    Raises:
        BadResponse: When the answer is not an array.
    """
    if not isinstance(payload, list):
        raise BadResponse("/v2/boxes: answer is not a JSON array")
    boxes = [b for b in payload if isinstance(b, dict) and b.get("gid")]
    return [b for b in boxes if str(b["gid"]) == only_gid] if only_gid else boxes


def box_alerts(boxes, name):
    """A critical alert per offline box.

    Args:
        boxes: ``parse_boxes`` output.
        name: Instance name.

    Returns:
        list[Alert]: One per box whose ``online`` is false.
    """
    alerts = []
    for box in boxes:
        online = box.get("online")
        if online is True or str(online).lower() in ("true", "1"):
            continue
        gid, label = str(box["gid"]), str(box.get("name") or box["gid"])
        seen = epoch_iso(box.get("lastSeen"))
        alerts.append(Alert(f"{name}:box-{gid}", name, "security", "critical", f"Firewalla box {label} offline",
                            f"MSP reports the box offline{', last seen ' + seen if seen else ''}"
                            f" ({box.get('model') or 'model ?'}, {box.get('publicIP') or 'no public IP'})",
                            label, seen))
    return alerts
