"""
Operations Command Center - Command Line

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: ``flask ops-center ...``: ``poll`` runs one parallel poll and
    prints the snapshot (the same JSON as /ops/api/summary); ``watch`` runs
    the deployment's watcher in this process (``poller`` is its old name); ``rotate-key``
    re-encrypts stored systems with the newest key; ``docs`` prints the
    systems reference for the README; ``systems`` lives in cli_systems.py.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): ``watch`` (lease-elected watcher) replaces ``poller`` (kept as an alias); ``poll`` prints
  the headline's reasons
- 1.2.0 (2026-12-01): ``incidents`` (cli_incidents.py)
- 1.3.0 (2026-12-02): ``watch --once`` beside running watchers refreshes its claimed share
"""

import json
import signal

import click
from flask import current_app
from flask.cli import with_appcontext

from .cli_incidents import incidents_cli
from .cli_notify import notify_cli
from .cli_systems import one_line_errors, systems_cli
from .services import audit
from .services.admin import types
from .services.admin.keys import prepend_key_file, rotate_keys
from .services.polling import watch_state
from .services.polling.aggregator import get_aggregator
from .services.polling.service import current_snapshot
from .services.polling.watcher import Watcher
from .state import get_state


@click.group("ops-center")
def ops_cli():
    """Operations Command Center commands."""


ops_cli.add_command(systems_cli)
ops_cli.add_command(incidents_cli)
ops_cli.add_command(notify_cli)


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
    snap = current_snapshot(force=not cached)[0]
    if as_json:
        click.echo(json.dumps(snap, indent=2, sort_keys=True))
        return
    click.echo(f"overall: {snap['overall']}{'  (DEMO)' if snap['demo'] else ''}")
    for reason in snap["overall_reasons"]:
        click.echo(f"  - {reason}")
    for src in snap["sources"]:
        state = "ok   " if src["ok"] else ("STALE" if src["stale"] and not src["error"] else "ERROR")
        line = f"  {state} {src['name']:<16} {src['type']:<14} {src['latency_ms'] or 0:>8.1f} ms"
        click.echo(line + (f"  {src['error_kind']}: {src['error']}" if src["error"] else ""))


@ops_cli.command("watch")
@click.option("--once", is_flag=True, help="One cycle: take the lease if free, refresh what is due, wait, release.")
@click.option("--interval", type=float, default=None, help="Seconds between cycles (OPS_CENTER_WATCHER_INTERVAL).")
@with_appcontext
def watch(once, interval):
    """Run the deployment's watcher in this process (beside web servers started with OPS_CENTER_WATCHER=off).

    Several may run: one holds the lease and polls, the others stand by and take over when it dies.

    Args:
        once: One cycle only (waits for the fetches it started).
        interval: Seconds between cycles, instead of the setting.
    """
    app = current_app._get_current_object()
    if interval:
        app.config["OPS_CENTER_WATCHER_INTERVAL"] = interval
    watcher = Watcher(app, "watch")
    if once:
        watcher.cycle()
        if not watcher.last_started and not watcher.holding:
            watcher.release()
            click.echo("the other watchers hold every due source; nothing refreshed here")
            return
        agg = get_aggregator(app)
        for name in watcher.last_started:
            agg.idle(name, float(app.config["OPS_CENTER_FETCH_TIMEOUT"]) + 1)
        watcher.release()
        snap = agg.snapshot()
        click.echo(f"refreshed {len(watcher.last_started)} source(s); overall: {snap['overall']}")
        return
    signal.signal(signal.SIGTERM, lambda *_args: watcher.stop())
    click.echo(f"{watcher.holder}: watching every {watch_state.interval(app):g} s (Ctrl+C stops)")
    try:
        watcher.run()
    except KeyboardInterrupt:
        watcher.release()
    finally:
        get_state(app).close()
    click.echo("watcher stopped")


ops_cli.add_command(watch, "poller")  # the name of the unelected poller this replaces


@ops_cli.command("rotate-key")
@click.option("--generate", is_flag=True, help="First put a new key in front of the instance key file.")
@with_appcontext
@one_line_errors
def rotate_key(generate):
    """Re-encrypt every stored system with the newest key.

    Args:
        generate: Create a new key in the key file before rotating.
    """
    if generate:
        click.echo(f"new key added to {prepend_key_file(current_app)}")
    count = rotate_keys(current_app)
    audit.record("keys.rotate", f"{count} system(s)", "ok", requested="generate" if generate else None)
    click.echo(f"re-encrypted {count} stored secret row(s) (systems and notification targets) with the newest key; "
               "older keys may now be removed")


START, END = "<!-- systems-start -->", "<!-- systems-end -->"


def systems_reference():
    """The README's systems reference (see ``services/admin/types.py``).

    Returns:
        str: Markdown.
    """
    return types.reference_markdown()


@ops_cli.command("docs")
@click.option("--write", "path", default=None, help="Replace the generated part of this README instead of printing.")
def docs(path):
    """Print (or write into README.md) the systems reference.

    Args:
        path: README to update between the systems-start/-end markers.
    """
    text = systems_reference()
    if not path:
        click.echo(text)
        return
    with open(path, encoding="utf-8") as handle:
        readme = handle.read()
    if START not in readme or END not in readme:
        raise click.ClickException(f"{path} has no {START} ... {END} markers")
    head, rest = readme.split(START, 1)
    readme = head + START + "\n" + text + rest[rest.index(END):]
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(readme)
    click.echo(f"updated the systems reference in {path}")


@ops_cli.command("audit")
@click.option("--since", default=None, help="ISO-8601 time (UTC when no offset), e.g. 2026-11-01 or 2026-11-26T08:00.")
@click.option("--limit", default=200, show_default=True, help="Maximum rows.")
@with_appcontext
@one_line_errors
def audit_cmd(since, limit):
    """Print the control audit log, newest first.

    Args:
        since: Only rows at or after this time.
        limit: Maximum rows.
    """
    rows = audit.recent(audit.parse_since(since), limit)
    if not rows:
        click.echo("no audit rows")
    for r in rows:
        click.echo(f"{r['created_at']}  {r['username'] or '-':<10} {r['source_ip'] or '-':<15} {r['action']:<14} "
                   f"{r['target']:<30} {r['before'] or '-'} -> {r['requested'] or '-'} -> {r['after'] or '-'}  "
                   f"{r['result']}" + (f"  ({r['error']})" if r["error"] else ""))
