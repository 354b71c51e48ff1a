"""
Operations Command Center - Inbox Views

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: What the incident routes ask of the inbox, each call taking the
    session and the clock itself, so routes stay thin and never touch a model:
    incidents, one incident's timeline, events, and maintenance windows.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (session and clock moved out of routes/incidents.py)
"""

from ...models.base import session, utcnow
from ..audit import actor_name
from . import maintenance, queries, timeline


def incidents(state, limit):
    """Incidents, open ones first.

    Args:
        state: open, acknowledged, resolved or None for all.
        limit: Maximum rows.

    Returns:
        list[dict]: The incidents.
    """
    return queries.list_incidents(session(), state, limit)


def incident(incident_id, window):
    """One incident with its members and timeline.

    Args:
        incident_id: The incident id.
        window: Seconds of context around it.

    Returns:
        dict: incident, members, timeline, axis.
    """
    return timeline.detail(session(), incident_id, window, utcnow())


def events(source, severity, state, entity, q, incident_id, limit):
    """Events with filters and a search.

    Args:
        source: Instance name or None.
        severity: Severity or None.
        state: firing, resolved or None.
        entity: Entity or None.
        q: Search text or None.
        incident_id: Only this incident's members, or None.
        limit: Maximum rows.

    Returns:
        dict: events and total.
    """
    return queries.list_events(session(), source, severity, state, entity, q, incident_id, limit)


def windows():
    """Maintenance windows open now or ended within a day.

    Returns:
        list[dict]: The windows.
    """
    return maintenance.recent(session(), utcnow())


def start_window(scope_kind, scope, minutes, note):
    """Open a maintenance window now, as whoever acts (audited by the maintenance service).

    Args:
        scope_kind: entity or source.
        scope: The entity or source.
        minutes: Length.
        note: Operator note.

    Returns:
        dict: The window.
    """
    return maintenance.create(session(), scope_kind, scope, minutes, note, actor_name(), utcnow())


def end_window(window_id):
    """End a maintenance window now.

    Args:
        window_id: The window id.

    Returns:
        dict: The window.
    """
    return maintenance.end(session(), window_id, utcnow())
