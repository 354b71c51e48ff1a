"""
Operations Command Center - Notify Messages

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: The text of one message about an incident: a title short
    enough for a phone (at most 80 characters) and a plain-text body naming
    the root, the members (counted, the first few named), how long it has
    lasted and the link to its timeline (``OPS_CENTER_PUBLIC_URL`` +
    ``/ops/incidents#<id>``). Vendor text is sent as text, never as markup.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

TITLE_MAX = 80
NAMED = 5
PREFIX = {"opened": "OPEN", "escalated": "WORSE", "resolved": "RESOLVED", "reminder": "STILL OPEN",
          "test": "TEST"}
RANK = {"critical": 0, "warning": 1, "info": 2}


def duration(seconds):
    """A span for people: ``45 s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h``.

    Args:
        seconds: The span.

    Returns:
        str: The text.
    """
    s = max(0, int(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60} min"
    return f"{s // 86400} d {s % 86400 // 3600} h"


def short(text, limit=TITLE_MAX):
    """One line of at most ``limit`` characters (an ellipsis marks a cut).

    Args:
        text: Any text.
        limit: The maximum length.

    Returns:
        str: The line.
    """
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[:limit - 1].rstrip() + "…"


def link(public_url, incident_id):
    """The incident's timeline address.

    Args:
        public_url: ``OPS_CENTER_PUBLIC_URL`` (may be empty).
        incident_id: The incident.

    Returns:
        str: ``<public>/ops/incidents#<id>``.
    """
    return f"{(public_url or '').rstrip('/')}/ops/incidents#{incident_id}"


def compose(kind, inc, members, public_url, now, note=""):
    """Title and body of one message.

    Args:
        kind: opened, escalated, resolved, reminder.
        inc: The ``OpsIncident``.
        members: Its ``OpsEvent`` rows.
        public_url: ``OPS_CENTER_PUBLIC_URL``.
        now: The current time.
        note: An extra line (maintenance, merged).

    Returns:
        tuple: (title, body), both plain text.
    """
    title = short(f"{PREFIX.get(kind, kind.upper())} {inc.severity}: {inc.title}")
    ordered = sorted(members, key=lambda m: (m.relation != "root", m.state != "firing",
                                             RANK.get(m.severity, 3), m.id or 0))
    named = [short(f"{m.source}: {m.title}" + (" (resolved)" if m.state != "firing" else ""), 120)
             for m in ordered[:NAMED]]
    more = len(ordered) - len(named)
    end = inc.resolved_at if kind == "resolved" and inc.resolved_at else now
    lasted = duration((end - inc.opened_at).total_seconds())
    lines = [short(inc.title, 300), "",
             f"Root: {inc.root_name} ({inc.root_kind})",
             f"Severity: {inc.severity}",
             f"Members: {len(ordered)}"]
    lines += [f"  - {n}" for n in named] + ([f"  - and {more} more"] if more > 0 else [])
    lines.append(f"Resolved after {lasted}" if kind == "resolved"
                 else f"Open for {lasted} (since {inc.opened_at.strftime('%Y-%m-%d %H:%M')} UTC)")
    if note:
        lines.append(note)
    lines.append(f"Timeline: {link(public_url, inc.id)}")
    return title, "\n".join(lines)
