"""
Operations Command Center - TOML Import

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: ``flask ops-center systems import FILE.toml``: one
    ``[[system]]`` table per instance (``type``, ``name``, then that type's
    fields), optional ``[[wan]]`` tables naming which instance and key feed
    each WAN, and optional ``[[link]]`` tables (the topology, see
    services/inbox/links_toml.py) and ``[[notify]]`` targets
    (services/notify/config.py). Everything is validated first; errors name
    the table and field; nothing is half-imported.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): ``[[link]]`` tables (a file of links alone is fine), stored with the systems or not at all
- 1.2.0 (2026-12-02): ``[[notify]]`` tables (notification targets), checked first, stored with the rest or not at all
"""

import tomllib

from ...integrations.base import IntegrationError, get_integration_class
from ...integrations.catalog import load_all
from ...models.base import session, utcnow
from ..errors import Invalid
from ..inbox import links_toml, topology
from ..notify import config as notify_config
from ..notify import manage as notify_manage
from .schema import ValidationError
from .store import upsert_system

WAN_ROLES = ("status", "throughput", "uptime")


class ImportFailed(Invalid):
    """The file cannot be imported; the message is one line naming the place."""


def _wan_settings(wans, systems):
    """Fold ``[[wan]]`` tables into the map fields of the instances they name.

    Each role (status, throughput, uptime) is an inline table naming a system
    and one key, e.g. ``status = { system = "opnsense", gateway = "WAN_DHCP" }``.
    The system's type declares in ``wan_fields`` which map field that key fills.

    Args:
        wans: The ``[[wan]]`` tables.
        systems: name -> system table (modified in place).

    Returns:
        None
    """
    seen = set()
    if not isinstance(wans, list):
        raise ImportFailed("'wan' must be [[wan]] tables")
    for i, wan in enumerate(wans, 1):
        where = f"[[wan]] #{i}"
        if not isinstance(wan, dict):
            raise ImportFailed(f"{where}: must be a table ([[wan]] with name = ... and roles)")
        name = wan.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ImportFailed(f"{where}: field 'name' is required")
        if name in seen:
            raise ImportFailed(f"{where} ({name}): duplicate WAN name")
        seen.add(name)
        unknown = sorted(set(wan) - {"name", *WAN_ROLES})
        if unknown:
            raise ImportFailed(f"{where} ({name}): unknown field '{unknown[0]}' (use {', '.join(WAN_ROLES)})")
        for role in WAN_ROLES:
            feed = wan.get(role)
            if feed is None:
                continue
            if not isinstance(feed, dict) or "system" not in feed or len(feed) != 2:
                raise ImportFailed(f"{where} ({name}): '{role}' must be {{ system = \"<name>\", <key> = <value> }}")
            target = systems.get(feed["system"])
            if target is None:
                raise ImportFailed(f"{where} ({name}): '{role}' names unknown system '{feed['system']}'")
            key, value = next((k, v) for k, v in feed.items() if k != "system")
            wan_fields = get_integration_class(target["type"]).wan_fields
            if key not in wan_fields:
                keys = ", ".join(wan_fields) or "none"
                raise ImportFailed(f"{where} ({name}): type '{target['type']}' has no WAN key '{key}' "
                                   f"(it accepts: {keys})")
            target.setdefault(wan_fields[key], {})[name] = str(value)


def parse_systems(text):
    """Parse and check a TOML document.

    Args:
        text: The TOML text.

    Returns:
        list[dict]: The system tables with WAN maps folded in.

    Raises:
        ImportFailed: With one line naming the table and field.
    """
    return _parse(text)[0]


def _parse(text):
    """(system tables, the raw ``link`` value) of a checked document."""
    load_all()
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportFailed(f"malformed TOML: {exc}") from None
    unknown = sorted(set(doc) - {"system", "wan", "link", "notify"})
    if unknown:
        raise ImportFailed(f"unknown top-level key '{unknown[0]}' (use [[system]], [[wan]], [[link]] and [[notify]] "
                           "tables)")
    tables = doc.get("system", [])
    if not isinstance(tables, list) or not (tables or doc.get("link") or doc.get("notify")):
        raise ImportFailed("no [[system]] table found")
    systems = {}
    for i, table in enumerate(tables, 1):
        if not isinstance(table, dict):
            raise ImportFailed(f"[[system]] #{i}: must be a table ([[system]] with type = ... and name = ...)")
        where = f"[[system]] #{i}" + (f" ({table.get('name')})" if isinstance(table.get("name"), str) else "")
        for key in ("type", "name"):
            if not isinstance(table.get(key), str) or not table[key]:
                raise ImportFailed(f"{where}: field '{key}' is required")
        try:
            get_integration_class(table["type"])
        except IntegrationError as exc:
            raise ImportFailed(f"{where}: {exc}") from None
        if table["name"] in systems:
            raise ImportFailed(f"{where}: duplicate name '{table['name']}'")
        systems[table["name"]] = dict(table, _where=where)
    _wan_settings(doc.get("wan", []), systems)
    return list(systems.values()), doc.get("link", []), notify_config.parse_tables(doc.get("notify", []))


def _links(raw, tables):
    """Check the [[link]] tables against the file's systems and the configured ones."""
    if not raw:
        return []
    from ..polling.instances import load_instances

    known = topology.systems_of(load_instances())
    known.update(topology.systems_of([_Declared(t["name"], t["type"]) for t in tables]))
    try:
        return links_toml.parse_links(raw, known)
    except links_toml.LinkError as exc:
        raise ImportFailed(str(exc)) from None


class _Declared:
    """A system of the file, as far as link checks need it (its name and type)."""

    def __init__(self, name, type_name):
        self.name, self.cls = name, get_integration_class(type_name)


def import_systems(text):
    """Validate every table, then store them all in one transaction.

    Args:
        text: The TOML text.

    Returns:
        tuple: (created names, updated names).

    Raises:
        ImportFailed: Nothing is written when any table is wrong.
    """
    tables, raw_links, notify = _parse(text)
    links = _links(raw_links, tables)
    created, updated = [], []
    db = session()
    try:
        for table in tables:
            settings = {k: v for k, v in table.items() if k not in ("type", "name", "active", "_where")}
            try:
                _row, is_new = upsert_system(table["type"], table["name"], settings,
                                             active=bool(table.get("active", True)))
            except ValidationError as exc:
                raise ImportFailed(f"{table['_where']}: {exc}") from None
            (created if is_new else updated).append(table["name"])
        for link in links:
            topology.add(db, link, "toml", "import", utcnow())
        notify_manage.store_all(notify, commit=False)
        db.commit()
    except BaseException:
        db.rollback()
        raise
    return created, updated
