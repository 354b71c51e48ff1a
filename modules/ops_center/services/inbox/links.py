"""
Operations Command Center - Link Editing

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The topology as the page sees and edits it: the stored links
    with the suggestions the systems' names give (``view``, a read), and the
    operator's edits (``edit``): accept a suggestion, add a link, remove one.
    Each edit is checked like a ``[[link]]`` table, audited (``link.add``,
    ``link.remove``) and committed here.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from ...models.base import session, utcnow
from .. import audit
from ..errors import Invalid
from ..polling import cache_store
from ..polling.instances import load_instances
from . import topology
from .suggest import suggestions

OPS = ("accept", "add", "remove")


def view():
    """Every link and every suggestion not yet accepted (a read).

    Returns:
        dict: ``{"links": [...], "suggestions": [...]}``.
    """
    db = session()
    instances = load_instances()
    cached = cache_store.load([i.name for i in instances])
    envelopes = {name: env for name, (env, _exp) in cached.items()}
    rows = topology.all_links(db)
    switches = [n for n, e in topology.devices_of(instances).items() if e.startswith("switch:")]
    gateways = {name for name, env in envelopes.items()
                if any(w.get("status") in ("up", "down", "degraded") for w in ((env or {}).get("data") or {})
                       .get("wan") or [])}
    return {"links": [topology.link_dict(r) for r in rows],
            "suggestions": suggestions(envelopes, switches, gateways, {(r.upstream, r.downstream) for r in rows})}


def edit(body):
    """Accept a suggestion, add a link or remove one; audited and committed.

    Args:
        body: ``{"op": "accept"|"add", "link": {"outlet": "pdu-1:5", "host": "pve01"}}`` or
            ``{"op": "remove", "id": 3}``.

    Returns:
        dict: ``{"op", "link", "created"}``.

    Raises:
        Invalid: A bad op or link (one line naming the field). NotFound: removing an unknown link.
    """
    op = body.get("op")
    if op not in OPS:
        raise Invalid(f"op must be one of {', '.join(OPS)}", field="op")
    db, now, by = session(), utcnow(), audit.actor_name()
    if op == "remove":
        link_id = body.get("id")
        if isinstance(link_id, bool) or not isinstance(link_id, int):
            raise Invalid("id must be the number of a link", field="id")
        gone = topology.link_dict(topology.remove(db, link_id))
        audit.record("link.remove", f"{gone['upstream']} -> {gone['downstream']}", "ok", commit=False)
        db.commit()
        return {"op": op, "link": gone, "created": False}
    link = topology.check(body.get("link"), load_instances())
    row, created = topology.add(db, link, "suggested" if op == "accept" else "operator", by, now)
    audit.record("link.add", f"{row.upstream} -> {row.downstream}", "ok" if created else "unchanged",
                 requested=row.kind, commit=False)
    out = {"op": op, "link": topology.link_dict(row), "created": created}
    db.commit()
    return out
