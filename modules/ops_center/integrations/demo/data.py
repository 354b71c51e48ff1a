"""
Operations Command Center - Demo Data

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The static facts of the demo home lab (names, signatures,
    outlets, port layouts) that ``mock.py`` turns into drifting live-looking
    data. Addresses are documentation ranges (RFC 5737), never contacted.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

WANS = (
    # name, rx Mbps, tx Mbps, latency ms, 30-day uptime %
    ("WAN1", 487.0, 122.0, 9.1, 99.2),
    ("WAN2", 94.0, 18.0, 14.6, 99.8),
)

IPS_ALERTS = (
    # signature, severity, src, dst, action, minutes ago
    ("ET SCAN Potential SSH Scan OUTBOUND", "critical", "203.0.113.45:52113", "198.51.100.10:22", "blocked", 4),
    ("ET SCAN Suspicious inbound to mySQL port 3306", "warning", "192.0.2.77:40022", "198.51.100.10:3306",
     "blocked", 19),
    ("ET POLICY SSH session in progress on Unusual Port", "warning", "203.0.113.9:61001", "198.51.100.10:2222",
     "allowed", 47),
)

FIREWALLA_ALARMS = (
    # type name, severity, title, device, minutes ago
    ("ALARM_PORT_SCAN", "warning", "Port scan from 203.0.113.45 detected", "nas-01", 12),
)

LIBRENMS_ALERTS = (
    # rule, severity, host, minutes ago
    ("Port utilisation over 80%", "warning", "zyxel-1", 33),
)

SYSLOG_LINES = (
    # host, program, message, minutes ago
    ("opnsense", "filterlog", "WAN1 gateway latency back to normal (9.1 ms)", 2),
    ("proxmox-1", "pvedaemon", "starting backup job vzdump 101 to nas-01", 26),
    ("zyxel-1", "link", "Port 17 link up, 1000M full duplex", 41),
    ("nas-01", "smartd", "Device /dev/sdb, temperature 41 C, within limits", 58),
)

UPTIME_TARGETS = (
    # target, 24 h %, 30 d %
    ("WAN1", 99.72, 99.2),
    ("WAN2", 100.0, 99.8),
    ("nas-01", 100.0, 99.97),
    ("proxmox-1", 100.0, 99.99),
    ("librenms", 100.0, 100.0),
)

PDU_NAME = "PDU-1"
PDU_RATING = 15.0
PDU_OUTLETS = (
    # number, name, draw amps when on, initially on, protected
    (1, "OPNsense-FW", 0.6, True, True),
    (2, "Core-Switch", 0.9, True, True),
    (3, "Lab-Spare", 0.0, False, False),
    (4, "NAS-01", 1.4, True, False),
    (5, "Proxmox-1", 2.1, True, False),
    (6, "Proxmox-2", 1.9, True, False),
    (7, "LibreNMS", 0.4, True, False),
    (8, "Ops-Dashboard", 0.3, True, True),
    (9, "Zyxel-2", 0.4, True, False),
    (10, "Printer", 0.2, True, False),
)

SWITCHES = (
    # instance name, vendor, model, ports, down port numbers
    ("mikrotik", "MikroTik", "CRS326-24G-2S+", 24, (5, 9, 13, 19, 21, 22)),
    ("zyxel-1", "Zyxel", "GS1920-48HPv2", 48, (7, 8, 23, 24, 31, 39, 45, 46)),
    ("zyxel-2", "Zyxel", "XGS1930-28", 24, (11, 12, 20, 23)),
)

PORT_ALIASES = {1: "uplink-opnsense", 2: "proxmox-1", 3: "proxmox-2", 4: "nas-01", 24: "uplink-core"}
