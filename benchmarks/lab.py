"""
Operations Command Center - Benchmark Lab

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Starts every protocol fake on loopback with set latencies
    (OPNsense with two WAN gateways, LibreNMS, Hostmon, Firewalla, one
    24-outlet PDU, MikroTik, a 48-port Zyxel over SNMP and a 24-port Zyxel
    over SSH) and writes the TOML that points the dashboard at them.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import time

from tests.fakes import firewalla_fake, librenms_fake, opnsense_fake, snmp_agent, zyxel_ssh
from tests.fakes.hostmon_fake import HostmonHttpFake, series
from tests.fakes.routeros_fake import RouterOsFake

LATENCY = {"opnsense": 0.3, "librenms": 0.5, "hostmon": 0.2, "firewalla": 0.8, "mikrotik": 0.4, "zyxel-2": 0.6}
ROS_PASSWORD = "bench-ros-pass"


class Lab:
    """The running fakes and the TOML describing them.

    Args:
        latency: Per-fake answer latency in seconds (defaults: ``LATENCY``).
        history_days: Days of Hostmon check history the fake serves.
    """

    def __init__(self, latency=None, history_days=30):
        self.latency = dict(LATENCY, **(latency or {}))
        self.history_days = history_days
        self.fakes = {}

    def start(self):
        """Start every fake.

        Returns:
            Lab: self.
        """
        lat = self.latency
        now = time.time()
        days = self.history_days
        rows = (series("wan1", now, days=days, down=((6 * 3600, 6 * 3600 - 240),)) + series("wan2", now, days=days)
                + series("nas-01", now, days=days))
        self.fakes = {
            "opnsense": opnsense_fake.OpnsenseFake(latency=lat["opnsense"]).start(),
            "librenms": librenms_fake.LibrenmsFake(latency=lat["librenms"]).start(),
            "hostmon": HostmonHttpFake(rows=rows, latency=lat["hostmon"]).start(),
            "firewalla": firewalla_fake.FirewallaFake(latency=lat["firewalla"]).start(),
            "pdu-1": snmp_agent.SnmpAgent(tree="rpdu2", outlets=24, auto_advance=True).start(),
            "mikrotik": RouterOsFake(users={"admin": ROS_PASSWORD}, latency=lat["mikrotik"]).start(),
            "zyxel-1": snmp_agent.SnmpAgent(outlets=0, switch_ports=48, auto_advance=True).start(),
            "zyxel-2": zyxel_ssh.ZyxelSshFake(ports=24, slow=lat["zyxel-2"]).start(),
        }
        return self

    def stop(self):
        """Stop every fake.

        Returns:
            None
        """
        for fake in self.fakes.values():
            fake.stop()

    def toml(self, timeout=10.0):
        """The systems file for this lab.

        Args:
            timeout: Per-source timeout setting.

        Returns:
            str: TOML text.
        """
        f = self.fakes
        snmp = (f'snmp_user = "{snmp_agent.USER}"\nsnmp_auth_key = "{snmp_agent.AUTH_KEY}"\n'
                f'snmp_priv_key = "{snmp_agent.PRIV_KEY}"\nretries = 1\ntimeout = {min(timeout, 2.0)}\n')
        return f"""
[[system]]
type = "opnsense"
name = "opnsense"
url = "{f['opnsense'].url}"
api_key = "{opnsense_fake.API_KEY}"
api_secret = "{opnsense_fake.API_SECRET}"
timeout = {timeout}

[[system]]
type = "librenms"
name = "librenms"
url = "{f['librenms'].url}"
token = "{librenms_fake.ADMIN_TOKEN}"
timeout = {timeout}

[[system]]
type = "hostmon"
name = "hostmon"
url = "{f['hostmon'].url}/api/checks"
timeout = {timeout}

[[system]]
type = "firewalla"
name = "firewalla"
url = "{f['firewalla'].url}"
token = "{firewalla_fake.TOKEN}"
timeout = {timeout}

[[system]]
type = "apc_pdu"
name = "pdu-1"
host = "127.0.0.1"
port = {f['pdu-1'].port}
protected_outlets = [1, 2]
{snmp}
[[system]]
type = "mikrotik"
name = "mikrotik"
host = "127.0.0.1"
port = {f['mikrotik'].port}
username = "admin"
password = "{ROS_PASSWORD}"
timeout = {timeout}

[[system]]
type = "zyxel"
name = "zyxel-1"
host = "127.0.0.1"
port = {f['zyxel-1'].port}
{snmp}
[[system]]
type = "zyxel"
name = "zyxel-2"
host = "127.0.0.1"
mode = "ssh"
ssh_port = {f['zyxel-2'].port}
ssh_username = "{zyxel_ssh.USERNAME}"
ssh_password = "{zyxel_ssh.PASSWORD}"
timeout = {timeout}

[[wan]]
name = "WAN1"
status = {{ system = "opnsense", gateway = "WAN_DHCP" }}
throughput = {{ system = "opnsense", interface = "wan" }}
uptime = {{ system = "hostmon", target = "wan1" }}

[[wan]]
name = "WAN2"
status = {{ system = "opnsense", gateway = "WAN_LTE" }}
throughput = {{ system = "opnsense", interface = "LTE" }}
uptime = {{ system = "hostmon", target = "wan2" }}
"""
