"""
Operations Command Center - Link Declarations

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: One ``[[link]]`` table (TOML import) or one link the page adds,
    checked the same way. A link names exactly two things, upstream first:

    - ``outlet = "pdu-1:5"`` + ``host = "pve01"`` (or ``switch = "zyxel-1"``): power
    - ``port = "zyxel-1:12"`` + ``host = "pve01"``: the host hangs on that port
    - ``uplink = "core:24"`` + ``port = "zyxel-1:48"``: zyxel-1 hangs on core's port 24 by its port 48
    - ``gateway = "opnsense"`` + ``wan = "WAN1"``: the WAN goes through that gateway

    Outlets, ports and switches name a configured system (a PDU, a switch)
    and a number; errors are one line naming the table and the field. A link
    to a host may also say how a power cycle proves the host came back:
    ``check_port = 22`` (a TCP connect; ``check_address`` when the host's
    name does not resolve) and ``deadline = 300`` (seconds).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-01): ``check_port``, ``check_address`` and ``deadline`` on a link to a host (power-cycle proof)
"""

import re

from ..errors import Invalid

PAIRS = {("host", "outlet"): "power", ("outlet", "switch"): "power", ("host", "port"): "network",
         ("port", "uplink"): "uplink", ("gateway", "wan"): "wan"}
UPSTREAM = {"outlet", "uplink", "gateway"}  # with port + host, the port is upstream
KEYS = ("outlet", "port", "uplink", "host", "switch", "gateway", "wan")
NAME = re.compile(r"^[\w.@ -]{1,100}$")
OPTIONS = ("check_port", "check_address", "deadline")
NEEDS = {"outlet": "pdus", "port": "switches", "uplink": "switches", "switch": "switches"}


class LinkError(Invalid):
    """A link that cannot be stored; the message is one line naming the table and field."""


def _entity(key, value, systems, where):
    if not isinstance(value, str) or not value.strip():
        raise LinkError(f"{where}: '{key}' must be a non-empty string")
    value = value.strip()
    if key in ("host", "gateway", "wan"):
        if not NAME.match(value):
            raise LinkError(f"{where}: '{key}' = {value[:40]!r} is not a plain name")
        return f"wan:{value}" if key == "wan" else f"host:{value.lower()}"
    system, _, number = value.rpartition(":") if key != "switch" else (value, "", "")
    if key != "switch" and (not system or not number.isdigit() or int(number) < 1):
        example = "pdu-1:5" if key == "outlet" else "zyxel-1:12"
        raise LinkError(f"{where}: '{key}' must look like \"<system>:<number>\", e.g. \"{example}\"")
    feeds = systems.get(system)
    if feeds is None:
        raise LinkError(f"{where}: '{key}' names unknown system '{system[:60]}'")
    if NEEDS[key] not in feeds:
        raise LinkError(f"{where}: '{key}' names '{system}', which reports no {NEEDS[key]}")
    if key == "switch":
        return f"switch:{system}"
    return f"{'outlet' if key == 'outlet' else 'port'}:{system}:{int(number)}"


def parse_link(table, systems, where="link"):
    """Check one link table.

    Args:
        table: The table (``{"outlet": "pdu-1:5", "host": "pve01"}``).
        systems: Known system name -> the snapshot sections it feeds.
        where: How errors name the table (``[[link]] #3``).

    Returns:
        tuple: (kind, upstream entity, downstream entity, the table as given).

    Raises:
        LinkError: One line naming the table and field.
    """
    if not isinstance(table, dict):
        raise LinkError(f"{where}: must be a table such as {{ outlet = \"pdu-1:5\", host = \"pve01\" }}")
    options = _options({k: v for k, v in table.items() if k in OPTIONS}, "host" in table, where)
    table = {k: v for k, v in table.items() if k not in OPTIONS}
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise LinkError(f"{where}: unknown field '{str(unknown[0])[:40]}' (use two of {', '.join(KEYS)})")
    pair = tuple(sorted(table))
    if pair not in PAIRS:
        raise LinkError(f"{where}: a link names two things: outlet + host|switch, port + host, uplink + port "
                        f"or gateway + wan (got {' + '.join(pair) or 'nothing'})")
    ups = [k for k in pair if k in UPSTREAM] or ["port"]
    down = next(k for k in pair if k != ups[0])
    upstream = _entity(ups[0], table[ups[0]], systems, where)
    downstream = _entity(down, table[down], systems, where)
    if upstream == downstream:
        raise LinkError(f"{where}: a link needs two different things")
    return PAIRS[pair], upstream, downstream, {**{k: str(v).strip() for k, v in table.items()}, **options}


def _options(options, has_host, where):
    """Check the power-cycle proof options of a link to a host."""
    if options and not has_host:
        raise LinkError(f"{where}: {', '.join(sorted(options))} belong on a link to a host")
    port, address, deadline = (options.get(k) for k in OPTIONS)
    if port is not None and (isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535):
        raise LinkError(f"{where}: 'check_port' must be a TCP port number (1-65535)")
    if address is not None and (not isinstance(address, str) or not NAME.match(address.strip())
                                or " " in address.strip()):
        raise LinkError(f"{where}: 'check_address' must be a host name or address")
    if deadline is not None and (isinstance(deadline, bool) or not isinstance(deadline, int | float)
                                 or not 1 <= deadline <= 3600):
        raise LinkError(f"{where}: 'deadline' must be seconds between 1 and 3600")
    return {k: v.strip() if isinstance(v, str) else v for k, v in options.items()}


def parse_links(tables, systems):
    """Check every ``[[link]]`` table of a file (duplicates count once).

    Args:
        tables: The ``link`` value of the TOML document.
        systems: Known system name -> sections it feeds.

    Returns:
        list[tuple]: ``parse_link`` results, in file order.

    Raises:
        LinkError: The first table at fault.
    """
    if not isinstance(tables, list):
        raise LinkError("'link' must be [[link]] tables")
    seen, out = set(), []
    for i, table in enumerate(tables, 1):
        link = parse_link(table, systems, f"[[link]] #{i}")
        if (link[1], link[2]) not in seen:
            seen.add((link[1], link[2]))
            out.append(link)
    return out
