"""
Operations Command Center - Network Policy

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Where the module may connect. An operator account must not be able
    to turn the dashboard into a scanner of the server's own loopback services
    or cloud metadata addresses, so every connection (HTTP, SNMP, SSH,
    RouterOS) and every save or test of a system checks its address against
    ``OPS_CENTER_ALLOWED_NETWORKS`` (default: the private ranges 10/8,
    172.16/12, 192.168/16 and fc00::/7 — not loopback, not link-local) or a
    host name pattern in ``OPS_CENTER_ALLOWED_HOSTS`` (default
    ``*.firewalla.net``, the Firewalla MSP cloud). A host name is resolved and
    every address it resolves to must be allowed. Hostmon database files must
    lie under ``OPS_CENTER_FILE_ROOTS``.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import fnmatch
import ipaddress
import os
import socket
import threading

from .errors import ConfigError, Unreachable

DEFAULT_NETWORKS = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7"
DEFAULT_HOSTS = "*.firewalla.net"
_POLICY = {"networks": [ipaddress.ip_network(n) for n in DEFAULT_NETWORKS.split(",")],
           "hosts": DEFAULT_HOSTS.split(","), "roots": []}
_LOCK = threading.Lock()


def configure(networks=DEFAULT_NETWORKS, hosts=DEFAULT_HOSTS, file_roots=""):
    """Set the policy (``init_app`` does, from the app's config).

    Args:
        networks: Comma-separated CIDR networks, or ``*`` for any address.
        hosts: Comma-separated host name patterns (``*.example.net``).
        file_roots: Folders (``os.pathsep``-separated) under which database files may be read.

    Returns:
        None

    Raises:
        ConfigError: A malformed network.
    """
    try:
        nets = [ipaddress.ip_network(n.strip(), strict=False) for n in str(networks or "").split(",")
                if n.strip() and n.strip() != "*"]
    except ValueError as exc:
        raise ConfigError(f"OPS_CENTER_ALLOWED_NETWORKS: {exc}") from None
    if "*" in str(networks):
        nets = [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")]
    with _LOCK:
        _POLICY["networks"] = nets
        _POLICY["hosts"] = [h.strip().lower() for h in str(hosts or "").split(",") if h.strip()]
        _POLICY["roots"] = [os.path.realpath(p) for p in str(file_roots or "").split(os.pathsep) if p.strip()]


def address_allowed(address):
    """Whether one IP address lies in an allowed network.

    Args:
        address: An IPv4 or IPv6 address (text).

    Returns:
        bool: True when allowed.
    """
    try:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return any(ip in net for net in _POLICY["networks"])


def check_literal(host):
    """Refuse a literal IP address outside the policy (at save time; names are checked at connect).

    Args:
        host: Host name or address.

    Returns:
        None

    Raises:
        ConfigError: When ``host`` is an address outside the allowed networks.
    """
    text = str(host or "").strip().strip("[]")
    try:
        ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return
    if not address_allowed(text):
        raise ConfigError(f"address {text} is outside OPS_CENTER_ALLOWED_NETWORKS")


def check_host(host, port=0):
    """Refuse to connect to a host outside the policy.

    Args:
        host: Host name or address.
        port: The port (for resolution).

    Returns:
        None

    Raises:
        ConfigError: When the host (or an address it resolves to) is not allowed.
        Unreachable: When the name does not resolve.
    """
    name = str(host or "").strip().strip("[]").lower()
    if any(fnmatch.fnmatch(name, pattern) for pattern in _POLICY["hosts"]):
        return
    try:
        infos = socket.getaddrinfo(name, port or None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise Unreachable(f"cannot resolve host {name[:80]}") from None
    for info in infos:
        if not address_allowed(info[4][0]):
            raise ConfigError(f"host {name[:80]} ({info[4][0]}) is outside OPS_CENTER_ALLOWED_NETWORKS; "
                              "add its network there if the dashboard should reach it")


def check_file(path):
    """Refuse a database file outside ``OPS_CENTER_FILE_ROOTS``.

    Args:
        path: The file path as configured.

    Returns:
        str: The resolved path.

    Raises:
        ConfigError: When it lies outside every root (or no root is configured).
    """
    real = os.path.realpath(os.path.expanduser(str(path)))
    roots = _POLICY["roots"]
    if not any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
        raise ConfigError("db_path must lie under OPS_CENTER_FILE_ROOTS"
                          + (f" ({os.pathsep.join(roots)})" if roots else " (none is configured)"))
    return real
