"""
Operations Command Center - Notify Command

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: ``flask ops-center notify list [--json] | test NAME | import
    FILE``: the notification targets (URLs masked, with their health and
    queue), a test message sent at once (the CLI is no request; the page
    queues it for the watcher) and the ``[[notify]]`` tables of a TOML file,
    all or nothing. Every failure is one line; no URL is ever printed.

CHANGELOG:
- 1.0.0 (2026-12-02): Initial implementation
"""

import json

import click
from flask.cli import with_appcontext

from .cli_systems import one_line_errors
from .services.notify import manage, targets


@click.group("notify")
def notify_cli():
    """Notification targets (Apprise URLs, stored Fernet-encrypted)."""


@notify_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (URLs masked).")
@with_appcontext
@one_line_errors
def list_cmd(as_json):
    """List the targets, URLs masked, with failures and queued messages.

    Args:
        as_json: Print JSON instead of a table.
    """
    items = targets.list_targets()
    if as_json:
        click.echo(json.dumps(items, indent=2))
        return
    if not items:
        click.echo("no notification targets (flask ops-center notify import FILE.toml; README \"Notifications\")")
    for t in items:
        state = ("FAILING" if t["failing"] else "active") if t["active"] else "disabled"
        click.echo(f"{t['name']:<18} {t['url']:<22} {state:<9} min {t['min_severity']:<8} "
                   f"queued {t['queued']:<3} last sent {t['last_sent_at'] or '-'}")
        for key in ("sources", "entities"):
            if t[key]:
                click.echo(f"    {key} = {', '.join(t[key])}")
        if t["quiet_hours"]:
            click.echo(f"    quiet_hours = {t['quiet_hours']}")
        if t["last_error"]:
            click.echo(f"    last error ({t['failures']} in a row): {t['last_error']}")


@notify_cli.command("test")
@click.argument("name")
@with_appcontext
@one_line_errors
def test_cmd(name):
    """Send a test message to a target now and say whether it arrived.

    Args:
        name: Target name.
    """
    result = manage.test(name, now_send=True)
    if not result["ok"]:
        raise click.ClickException(f"{name}: test message failed: {result['error']}")
    click.echo(f"{name}: test message sent")


@notify_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
@one_line_errors
def import_cmd(path):
    """Import (create or update by name) the [[notify]] tables of a TOML file.

    Args:
        path: The TOML file.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot read it as UTF-8 text ({exc.__class__.__name__})") from None
    created, updated = manage.import_file(text)
    click.echo(f"imported {len(created) + len(updated)} target(s): {len(created)} created, {len(updated)} updated")
    for name in created:
        click.echo(f"  + {name}")
    for name in updated:
        click.echo(f"  ~ {name}")
