"""
Operations Command Center - Notify Target Validation

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Checks one notification target as a ``[[notify]]`` TOML table
    or a settings-form body: ``name``, ``url`` (an Apprise URL Apprise can
    load), ``min_severity``, optional ``sources`` / ``entities`` filters,
    ``quiet_hours`` ("22:00-07:00") and ``active``. Errors are one line naming
    the table and field and never repeat the URL.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import re

from ..errors import Invalid
from .redact import url_ok

SEVERITIES = ("info", "warning", "critical")
FIELDS = ("name", "url", "min_severity", "sources", "entities", "quiet_hours", "active")
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,62}$")
QUIET = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
MASK = "********"


class TargetInvalid(Invalid):
    """A target's table or form is wrong; the message names where."""


def _list(value, where, field):
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) and 0 < len(v) <= 160 for v in value if v):
        raise TargetInvalid(f"{where}: field '{field}' must be a list of names", field=field)
    return [v for v in value if v]


def check(table, where, stored_url=None):
    """Validate one target.

    Args:
        table: The ``[[notify]]`` table or form body.
        where: How errors name it (``[[notify]] #2 (phone)``, ``target``).
        stored_url: The stored URL when updating (an empty or masked ``url`` keeps it).

    Returns:
        dict: name, url, min_severity, sources, entities, quiet_hours, active.

    Raises:
        TargetInvalid: One line naming the place; the URL is never repeated.
    """
    if not isinstance(table, dict):
        raise TargetInvalid(f"{where}: must be a table with name = ... and url = ...")
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        raise TargetInvalid(f"{where}: unknown field '{str(unknown[0])[:40]}' (use {', '.join(FIELDS)})")
    name = table.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        raise TargetInvalid(f"{where}: field 'name' is required: lower-case letters, digits, '-', '_', '.'",
                            field="name")
    url = table.get("url")
    if url in (None, "", MASK) and stored_url:
        url = stored_url
    if not isinstance(url, str) or not url.strip():
        raise TargetInvalid(f"{where}: field 'url' is required (an Apprise URL, e.g. ntfys://ntfy.sh/topic)",
                            field="url")
    if len(url) > 2000 or not url_ok(url.strip()):
        scheme = url.split("://", 1)[0][:20] if "://" in url else "no scheme"
        raise TargetInvalid(f"{where}: field 'url' is not an Apprise URL Apprise can load ({scheme}://...)",
                            field="url")
    severity = table.get("min_severity", "warning")
    if severity not in SEVERITIES:
        raise TargetInvalid(f"{where}: field 'min_severity' must be one of {', '.join(SEVERITIES)}",
                            field="min_severity")
    quiet = table.get("quiet_hours") or ""
    if not isinstance(quiet, str) or (quiet and not QUIET.match(quiet)):
        raise TargetInvalid(f"{where}: field 'quiet_hours' must read HH:MM-HH:MM (e.g. 22:00-07:00)",
                            field="quiet_hours")
    active = table.get("active", True)
    if not isinstance(active, bool):
        raise TargetInvalid(f"{where}: field 'active' must be true or false", field="active")
    return {"name": name, "url": url.strip(), "min_severity": severity, "active": active, "quiet_hours": quiet,
            "sources": _list(table.get("sources"), where, "sources"),
            "entities": _list(table.get("entities"), where, "entities")}


def parse_tables(tables):
    """Validate every ``[[notify]]`` table of a file (all or nothing).

    Args:
        tables: The value of the document's ``notify`` key.

    Returns:
        list[dict]: The checked targets.

    Raises:
        TargetInvalid: At the first table at fault.
    """
    if not isinstance(tables, list):
        raise TargetInvalid("'notify' must be [[notify]] tables")
    out, seen = [], set()
    for i, table in enumerate(tables, 1):
        label = table.get("name") if isinstance(table, dict) and isinstance(table.get("name"), str) else None
        where = f"[[notify]] #{i}" + (f" ({label[:60]})" if label else "")
        clean = check(table, where)
        if clean["name"] in seen:
            raise TargetInvalid(f"{where}: duplicate name '{clean['name']}'")
        seen.add(clean["name"])
        out.append(clean)
    return out
