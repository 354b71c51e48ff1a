"""
Operations Command Center - Systems CLI

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``flask ops-center systems import|list|test|disable|enable|remove``.
    Every failure is one clear line (no traceback); secrets are never printed.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import json
from functools import wraps

import click
from flask import current_app
from flask.cli import with_appcontext

from .services.admin import manage, types
from .services.admin import store as system_admin
from .services.errors import expected_errors


def one_line_errors(func):
    """The CLI's one mapping of the module's errors to a one-line error (exit status 1).

    Args:
        func: A command callback.

    Returns:
        callable: The wrapped callback.
    """
    @wraps(func)
    def _wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except expected_errors() as exc:
            raise click.ClickException(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__) from None
    return _wrapper


@click.group("systems")
def systems_cli():
    """Configure the monitored systems (stored Fernet-encrypted)."""


@systems_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
@one_line_errors
def import_cmd(path):
    """Import (create or update by name) systems from a TOML file.

    Args:
        path: The TOML file with [[system]] (and optional [[wan]]) tables.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{path}: cannot read it as UTF-8 text ({exc.__class__.__name__})") from None
    created, updated = manage.import_file(text)
    click.echo(f"imported {len(created) + len(updated)} system(s): {len(created)} created, {len(updated)} updated")
    for name in created:
        click.echo(f"  + {name}")
    for name in updated:
        click.echo(f"  ~ {name}")


@systems_cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (secrets masked).")
@with_appcontext
@one_line_errors
def list_cmd(as_json):
    """List stored systems with secrets masked.

    Args:
        as_json: Print JSON instead of a table.
    """
    systems = system_admin.list_systems()
    if as_json:
        click.echo(json.dumps(systems, indent=2))
        return
    _echo_broken()
    if not systems:
        click.echo("no systems stored (the dashboard shows demo data)")
    for item in systems:
        state = "active" if item["active"] else "disabled"
        status = "never fetched" if not item["fetched_at"] else ("ok" if item["ok"] else f"ERROR {item['error']}")
        click.echo(f"{item['name']:<18} {item['type']:<12} {state:<9} last used {item['last_used'] or '-':<26} "
                   f"{status}")
        if item["decrypt_error"]:
            click.echo(f"    UNREADABLE: {item['decrypt_error']}")
        for key, value in sorted(item["settings"].items()):
            click.echo(f"    {key} = {json.dumps(value)}")


@systems_cli.command("types")
@with_appcontext
@one_line_errors
def types_cmd():
    """List the system types this installation can configure, and any that failed to load."""
    for item in types.types(current_app):
        click.echo(f"{item['type']:<14} {item['label']:<22} feeds {', '.join(item['feeds']):<40} "
                   f"actions {', '.join(item['actions']) or '-'}")
    _echo_broken()


def _echo_broken():
    """Say loudly which integration packages failed to load."""
    for item in types.broken_packages():
        click.echo(f"BROKEN {item['name']}: {item['error']}", err=True)


@systems_cli.command("test")
@click.argument("name")
@with_appcontext
@one_line_errors
def test_cmd(name):
    """Run one live fetch of a stored system and print ok/latency or the error.

    Args:
        name: Instance name.
    """
    result = manage.test_stored(name)
    if result["ok"]:
        click.echo(f"ok {name} in {result['latency_ms']:.0f} ms — {result['message']}")
        return
    raise click.ClickException(f"{name}: {result['error_kind']}: {result['message']} "
                               f"(after {result['latency_ms']:.0f} ms)")


@systems_cli.command("disable")
@click.argument("name")
@with_appcontext
@one_line_errors
def disable_cmd(name):
    """Stop polling a system (its settings stay stored).

    Args:
        name: Instance name.
    """
    manage.set_active(name, False)
    click.echo(f"disabled {name}")


@systems_cli.command("enable")
@click.argument("name")
@with_appcontext
@one_line_errors
def enable_cmd(name):
    """Poll a disabled system again.

    Args:
        name: Instance name.
    """
    manage.set_active(name, True)
    click.echo(f"enabled {name}")


@systems_cli.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
@one_line_errors
def remove_cmd(name, yes):
    """Delete a stored system and its cached data.

    Args:
        name: Instance name.
        yes: Skip the confirmation prompt.
    """
    if not yes:
        click.confirm(f"Remove system {name} and its stored credentials?", abort=True)
    manage.remove(name)
    click.echo(f"removed {name}")
