"""
Operations Command Center - Command Line

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``flask ops-center ...`` commands; ``poll`` runs one parallel
    poll and prints the snapshot (the same JSON as /ops/api/summary).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from .services.aggregator import get_aggregator


@click.group("ops-center")
def ops_cli():
    """Operations Command Center commands."""


@ops_cli.command("poll")
@click.option("--json", "as_json", is_flag=True, help="Print the whole snapshot as JSON.")
@click.option("--cached", is_flag=True, help="Use fresh cached data instead of fetching every source.")
@with_appcontext
def poll(as_json, cached):
    """Poll every configured system once and print the result.

    Args:
        as_json: Print JSON instead of a table of sources.
        cached: Do not force a refetch of fresh sources.
    """
    snap = get_aggregator(current_app).snapshot(force=not cached)
    if as_json:
        click.echo(json.dumps(snap, indent=2, sort_keys=True))
        return
    click.echo(f"overall: {snap['overall']}{'  (DEMO)' if snap['demo'] else ''}")
    for src in snap["sources"]:
        state = "ok   " if src["ok"] else ("STALE" if src["stale"] and not src["error"] else "ERROR")
        line = f"  {state} {src['name']:<16} {src['type']:<14} {src['latency_ms'] or 0:>8.1f} ms"
        click.echo(line + (f"  {src['error_kind']}: {src['error']}" if src["error"] else ""))
