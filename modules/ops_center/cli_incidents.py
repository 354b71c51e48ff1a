"""
Operations Command Center - Incidents Command

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``flask ops-center incidents [--state open|acknowledged|resolved]
    [--json] [--events ID]``: the incidents the inbox correlated (open ones
    first, each with its root, members and systems), or one incident's member
    events. The same reads as ``GET /ops/api/incidents``.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import json

import click
from flask.cli import with_appcontext

from .cli_systems import one_line_errors
from .models.base import session
from .services.inbox import queries


@click.command("incidents")
@click.option("--state", type=click.Choice(queries.INCIDENT_STATES), default=None, help="Only incidents in this state.")
@click.option("--limit", default=50, show_default=True, help="At most this many incidents.")
@click.option("--events", "incident", type=int, default=None, help="List the member events of this incident instead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the API's shape).")
@with_appcontext
@one_line_errors
def incidents_cli(state, limit, incident, as_json):
    """List incidents (open first) or one incident's events.

    Args:
        state: Incident state filter.
        limit: Maximum incidents.
        incident: An incident id whose events to list.
        as_json: Print JSON.
    """
    if incident is not None:
        rows = queries.list_events(session(), incident=incident, limit=1000)["events"]
        if as_json:
            click.echo(json.dumps(rows, indent=2))
            return
        for e in rows:
            click.echo(f"{e['first_seen']}  {e['state']:<8} {e['severity']:<8} {(e['relation'] or '-'):<11} "
                       f"{e['source']:<14} {e['title']}  [{e['entity'] or '-'}] x{e['count']}")
        if not rows:
            click.echo(f"incident {incident} has no events")
        return
    rows = queries.list_incidents(session(), state, limit)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    if not rows:
        click.echo("no incidents")
    for i in rows:
        flags = " MAINTENANCE" if i["in_maintenance"] else ""
        click.echo(f"#{i['id']:<5} {i['state']:<12} {i['severity']:<8} {i['title']}{flags}")
        click.echo(f"       root {i['root']['name']} · {i['members']} event(s) from {', '.join(i['sources'])} · "
                   f"opened {i['opened_at']}" + (f" · resolved {i['resolved_at']}" if i["resolved_at"] else ""))
