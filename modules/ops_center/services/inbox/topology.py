"""
Operations Command Center - Topology

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The links of ``ops_links`` (declared in TOML, added or accepted
    on the page) and the dependency graph built from them: which systems are
    switches and PDUs (their ``source:`` element depends on the device), and
    the names the page shows (outlet names, port aliases). Adding and removing
    are the caller's to audit and commit.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
- 1.1.0 (2026-12-01): ``add`` keeps a link's power-cycle proof options (``cycle_store.save_options``)
"""

from sqlalchemy import delete, select

from ...integrations.base import feed_section
from ...models.events import OpsLink
from ..errors import NotFound
from . import entities as E
from .graph import Graph
from .links_toml import parse_link


def systems_of(instances):
    """Each instance's fed sections, for validating links.

    Args:
        instances: ``Instance`` list (a misconfigured one counts with its type's feeds).

    Returns:
        dict: name -> set of sections.
    """
    out = {}
    for inst in instances:
        try:
            out[inst.name] = {feed_section(f) for f in inst.cls.FEEDS}
        except Exception:  # noqa: BLE001 - a type that no longer loads feeds nothing
            out[inst.name] = set()
    return out


def all_links(db):
    """Every stored link.

    Args:
        db: The session.

    Returns:
        list[OpsLink]: By id.
    """
    return list(db.execute(select(OpsLink).order_by(OpsLink.id)).scalars())


def link_dict(row):
    """A link as the API shows it.

    Args:
        row: An ``OpsLink``.

    Returns:
        dict: id, kind, upstream, downstream, origin, created_by, created_at.
    """
    return {"id": row.id, "kind": row.kind, "upstream": row.upstream, "downstream": row.downstream,
            "origin": row.origin, "created_by": row.created_by,
            "created_at": row.created_at.isoformat(timespec="seconds")}


def add(db, link, origin, by, now):
    """Store one checked link unless the same pair exists.

    Args:
        db: The session.
        link: ``parse_link``'s result.
        origin: toml, operator or suggested.
        by: Who added it.
        now: The current time.

    Returns:
        tuple: (``OpsLink``, created: bool).
    """
    kind, upstream, downstream, table = link
    from ..actions.cycle_store import save_options

    save_options(downstream, table)
    row = db.execute(select(OpsLink).where(OpsLink.upstream == upstream, OpsLink.downstream == downstream)) \
        .scalar_one_or_none()
    if row is not None:
        return row, False
    row = OpsLink(kind=kind, upstream=upstream, downstream=downstream, origin=origin, created_by=by, created_at=now)
    db.add(row)
    db.flush()
    return row, True


def check(table, instances):
    """Check a link the page sends, against the configured systems.

    Args:
        table: ``{"outlet": "pdu-1:5", "host": "pve01"}`` ...
        instances: The ``Instance`` list.

    Returns:
        tuple: ``parse_link``'s result.
    """
    return parse_link(table, systems_of(instances), "link")


def remove(db, link_id):
    """Delete one link.

    Args:
        db: The session.
        link_id: Its id.

    Returns:
        OpsLink: The removed row (detached).

    Raises:
        NotFound: No such link.
    """
    row = db.get(OpsLink, link_id)
    if row is None:
        raise NotFound(f"no link {link_id}")
    db.execute(delete(OpsLink).where(OpsLink.id == link_id))
    return row


def devices_of(instances):
    """The entity each switch or PDU instance reads.

    Args:
        instances: ``Instance`` list.

    Returns:
        dict: name -> ``switch:<name>`` / ``pdu:<name>``.
    """
    out = {}
    for name, feeds in systems_of(instances).items():
        if "switches" in feeds:
            out[name] = f"switch:{name}"
        elif "pdus" in feeds:
            out[name] = f"pdu:{name}"
    return out


def namer_for(instances, envelopes):
    """The ``Namer`` of the current systems: device names, WANs, outlet names and port aliases.

    Args:
        instances: ``Instance`` list.
        envelopes: name -> envelope (their last good data).

    Returns:
        entities.Namer: The namer.
    """
    devices = devices_of(instances)
    wans, outlets, aliases = set(), {}, {}
    for env in envelopes.values():
        data = (env or {}).get("data") or {}
        wans.update(w["name"] for w in data.get("wan") or [])
        for pdu in data.get("pdus") or []:
            outlets.update({E.outlet(pdu["source"], o["number"]): o.get("name") for o in pdu.get("outlets") or []})
        for sw in data.get("switches") or []:
            aliases.update({E.port(sw["source"], p["index"]): p.get("alias") for p in sw.get("ports") or []
                            if p.get("alias")})
    return E.Namer([n for n, e in devices.items() if e.startswith("switch:")],
                   [n for n, e in devices.items() if e.startswith("pdu:")], wans, outlets, aliases)


def current_namer(instances):
    """The ``Namer`` of the systems as the cache knows them now (a read).

    Args:
        instances: ``Instance`` list.

    Returns:
        entities.Namer: The namer.
    """
    from ..polling import cache_store

    cached = cache_store.load([i.name for i in instances])
    return namer_for(instances, {name: env for name, (env, _exp) in cached.items()})


def build_graph(db, instances):
    """The dependency graph of the stored links.

    Args:
        db: The session.
        instances: ``Instance`` list.

    Returns:
        Graph: The graph.
    """
    return Graph([(r.kind, r.upstream, r.downstream) for r in all_links(db)], devices_of(instances))
