"""
Operations Command Center - System Types

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The catalogue of configurable system types as the settings form,
    the CLI (``systems types``, ``docs``) and the README see it: each type's
    fields, feeds, actions and cache TTL, and the integration packages that
    failed to load (listed, never skipped silently).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (describe/markdown_table moved here from schema.py)
"""

from ...integrations.catalog import broken, real_types
from ..polling.instances import ttl_seconds


def types(app):
    """Every configurable type with its form description and TTL.

    Args:
        app: The Flask app.

    Returns:
        list[dict]: ``describe(cls)`` plus ``ttl_s``, sorted by type name.
    """
    return [dict(describe(cls), ttl_s=ttl_seconds(app, cls)) for cls in real_types().values()]


def broken_packages():
    """The integration packages that failed to load.

    Returns:
        list[dict]: ``{"name", "error"}`` per package.
    """
    return [{"name": name, "error": error} for name, error in broken().items()]


def reference_markdown():
    """The README's systems reference: every shipped type's field table, from the declarations.

    Returns:
        str: Markdown.
    """
    return "\n".join(markdown_table(cls) for cls in real_types(own_only=True).values())


def describe(cls):
    """The form description of a type (no values).

    Args:
        cls: An integration class.

    Returns:
        dict: type, label, ttl_class and the fields as dicts.
    """
    return {"type": cls.type_name, "label": cls.label, "ttl_class": cls.ttl_class, "feeds": list(cls.FEEDS),
            "actions": sorted(cls.ACTIONS),
            "fields": [{"name": f.name, "kind": f.kind, "required": f.required, "default": f.default,
                        "secret": f.secret, "help": f.help, "choices": list(f.choices)} for f in cls.fields]}


def markdown_table(cls):
    """The README table of a type's fields.

    Args:
        cls: An integration class.

    Returns:
        str: Markdown.
    """
    lines = [f"#### `{cls.type_name}` — {cls.label}", "",
             f"Cache class: {cls.ttl_class}. Feeds: {', '.join(cls.FEEDS)}.", "",
             "| field | kind | required | default | secret | meaning |", "|---|---|---|---|---|---|"]
    for f in cls.fields:
        default = "" if f.default in (None, "") else f"`{f.default}`"
        choices = f" One of: {', '.join(map(str, f.choices))}." if f.choices else ""
        lines.append(f"| `{f.name}` | {f.kind} | {'yes' if f.required else 'no'} | {default} | "
                     f"{'yes' if f.secret else 'no'} | {f.help.replace('|', '/')}{choices} |")
    return "\n".join(lines) + "\n"
