"""
Operations Command Center - Host User CLI

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``flask user create`` and ``flask user ensure-admin`` (used by
    ``make run`` to create the first operator and print its password once).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import secrets

import click

from extensions import db
from host.models import ROLES, User


@click.group("user")
def user_cli():
    """Manage users of the host app."""


@user_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="operator", show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(username, role, password):
    """Create a user (operator or viewer).

    Args:
        username: Login name.
        role: "operator" may act, "viewer" only reads.
        password: Asked for interactively when not given.
    """
    if db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none():
        raise click.ClickException(f"user {username!r} already exists")
    user = User(username=username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {username}")


@user_cli.command("ensure-admin")
def ensure_admin():
    """Create the operator "admin" with a random password if no user exists."""
    if db.session.execute(db.select(User).limit(1)).first() is not None:
        return
    password = secrets.token_urlsafe(12)
    user = User(username="admin", role="operator")
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo("=" * 60)
    click.echo("First start: created operator 'admin' with password:")
    click.echo(f"    {password}")
    click.echo("It is shown only this once. Add users with: flask user create NAME")
    click.echo("=" * 60)
