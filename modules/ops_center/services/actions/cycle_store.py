"""
Operations Command Center - Power-Cycle Records

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: Where a power cycle keeps what it needs without a table of its
    own: ``ops_cache`` rows. A host's proof options from its topology links
    (``cycle-opts:<host entity>``: check_port, check_address, deadline), and
    each running or finished cycle (``cycle:<id>``: its steps with their
    times and the verdict), which ``GET /ops/api/cycles/<id>`` reads. A
    cycle's plan (which host an outlet powers, its switch port, how the host is
    checked) and the outlet an incident's root offers are read from the links.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-02): Cycle records through cache_items
"""

import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ...models.base import session, utcnow
from ...models.cache import OpsCache
from ...models.events import OpsLink
from ..errors import NotFound
from ..polling import cache_items
from .cycle_verdict import as_seen

KEEP_S, OPTION_KEYS = 7 * 24 * 3600, ("check_port", "check_address", "deadline")  # records stay a week


def save_options(host, table):
    """Keep a host's power-cycle proof options (in the caller's transaction; the caller commits).

    Args:
        host: The host entity (``host:pve01``); other entities are ignored.
        table: The link table as checked by ``links_toml.parse_link``.

    Returns:
        None
    """
    options = {k: table[k] for k in OPTION_KEYS if k in (table or {})}
    if not options or not str(host).startswith("host:"):
        return
    db, key = session(), f"cycle-opts:{host}"[:255]
    old = db.execute(select(OpsCache).where(OpsCache.cache_key == key)).scalar_one_or_none()
    merged = {**(old.cached_data if old is not None and isinstance(old.cached_data, dict) else {}), **options}
    until = utcnow() + timedelta(days=36500)
    if old is not None:
        db.execute(update(OpsCache).where(OpsCache.cache_key == key).values(cached_data=merged, expires_at=until))
    else:
        db.add(OpsCache(cache_key=key, integration_name="topology", data_type="cycle_options", cached_data=merged,
                        expires_at=until, hit_count=0))
    db.flush()


def options(host):
    """A host's power-cycle proof options.

    Args:
        host: The host entity.

    Returns:
        dict: check_port, check_address, deadline (those declared).
    """
    row = session().execute(select(OpsCache.cached_data).where(OpsCache.cache_key == f"cycle-opts:{host}"[:255])) \
        .scalar_one_or_none()
    return row if isinstance(row, dict) else {}


def powered_host(pdu, number):
    """The host an outlet powers (a power link outlet -> host), or None.

    Args:
        pdu: PDU instance name.
        number: Outlet number.

    Returns:
        str | None: The host entity.
    """
    return session().execute(select(OpsLink.downstream).where(
        OpsLink.upstream == f"outlet:{pdu}:{int(number)}", OpsLink.kind == "power",
        OpsLink.downstream.like("host:%")).order_by(OpsLink.id)).scalars().first()


def mapped_hosts(pdu):
    """Every outlet of a PDU that powers a mapped host.

    Args:
        pdu: PDU instance name.

    Returns:
        dict: outlet number -> host name (without ``host:``).
    """
    prefix = f"outlet:{pdu}:"
    rows = session().execute(select(OpsLink.upstream, OpsLink.downstream).where(
        OpsLink.upstream.like(prefix + "%"), OpsLink.kind == "power", OpsLink.downstream.like("host:%")))
    return {int(up[len(prefix):]): down[5:] for up, down in rows if up[len(prefix):].isdigit()}


def offer(entity):
    """The outlet to cycle for an incident's root: a host (the outlet powering it) or an outlet powering a host.

    Args:
        entity: ``host:pve01`` or ``outlet:pdu-1:5``.

    Returns:
        dict: pdu, outlet, host.

    Raises:
        NotFound: Nothing to cycle for that entity.
    """
    text = str(entity or "")[:160]
    kind, _, rest = text.partition(":")
    if kind == "host":
        up = session().execute(select(OpsLink.upstream).where(
            OpsLink.downstream == text.lower(), OpsLink.kind == "power", OpsLink.upstream.like("outlet:%"))
            .order_by(OpsLink.id)).scalars().first()
        pdu, _, number = (up or "").split(":", 1)[-1].rpartition(":")
        if up and number.isdigit():
            return {"pdu": pdu, "outlet": int(number), "host": rest.lower()}
    elif kind == "outlet" and rest.rpartition(":")[2].isdigit():
        pdu, _, number = rest.rpartition(":")
        host = powered_host(pdu, int(number))
        if host is not None:
            return {"pdu": pdu, "outlet": int(number), "host": host.split(":", 1)[1]}
    raise NotFound(f"nothing to power-cycle for '{text[:60]}': link an outlet to the host first")


def plan(pdu, number, host):
    """What a cycle of one outlet proves, and how.

    Args:
        pdu: PDU instance name.
        number: Outlet number.
        host: The host entity it powers.

    Returns:
        dict: host, port (``zyxel-1:12`` or None), check (``{"address", "port"}`` or None), deadline.
    """
    port = session().execute(select(OpsLink.upstream).where(
        OpsLink.downstream == host, OpsLink.kind == "network", OpsLink.upstream.like("port:%"))
        .order_by(OpsLink.id)).scalars().first()
    opts = options(host)
    name = host.split(":", 1)[1]
    check = {"address": opts.get("check_address") or name, "port": opts["check_port"]} \
        if opts.get("check_port") else None
    deadline = float(opts.get("deadline") or current_app.config["OPS_CENTER_CYCLE_DEADLINE"])
    return {"pdu": pdu, "outlet": int(number), "host": name, "port": port.split(":", 1)[1] if port else None,
            "check": check, "deadline": deadline}


def create(doc):
    """Store a new cycle record and commit.

    Args:
        doc: The cycle's JSON document (an ``id`` is added).

    Returns:
        str: The cycle id.
    """
    cycle_id = secrets.token_hex(8)
    save(cycle_id, {**doc, "id": cycle_id})
    return cycle_id


def save(cycle_id, doc):
    """Replace a cycle record and commit.

    Args:
        cycle_id: Its id.
        doc: Its JSON document.

    Returns:
        None
    """
    cache_items.put_item(f"cycle:{cycle_id}", "cycle", "cycle", doc, KEEP_S)


def load(cycle_id):
    """A cycle record.

    Args:
        cycle_id: Its id (hex).

    Returns:
        dict: The document.

    Raises:
        NotFound: No such cycle (or it is older than a week).
    """
    text = str(cycle_id)[:32]
    doc = cache_items.get_item(f"cycle:{text}") if text.isalnum() else None
    if not isinstance(doc, dict):
        raise NotFound(f"no power cycle '{text}'")
    return as_seen(doc, utcnow())
