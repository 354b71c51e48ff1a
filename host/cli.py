"""
Operations Command Center - Host User CLI

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: ``flask user create | set-password | set-role | list`` and
    ``flask user ensure-admin`` (used by ``make run`` to create the first
    operator and print its password once). Passwords come from a hidden
    prompt at a terminal, ``--password``, or ``--password-stdin`` for scripts.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): set-password, set-role, list; --password-stdin; no prompt without a terminal
"""

import secrets
import sys

import click
from flask.cli import AppGroup

from extensions import db
from host.login_guard import unlock_account
from host.models import ROLES, User

MIN_PASSWORD = 8
_PASSWORD_OPTIONS = (
    click.option("--password", default=None,
                 help="The password (visible in the process list and shell history; scripts should "
                      "prefer --password-stdin)."),
    click.option("--password-stdin", "password_stdin", is_flag=True,
                 help="Read the password from the first line of standard input."),
)


def _password_options(func):
    """Add --password and --password-stdin to a command.

    Args:
        func: The command function.

    Returns:
        callable: The decorated function.
    """
    for option in reversed(_PASSWORD_OPTIONS):
        func = option(func)
    return func


def _interactive():
    """Whether a person can answer a prompt (stdin is a terminal).

    Returns:
        bool: True at a terminal.
    """
    return sys.stdin is not None and sys.stdin.isatty()


def read_password(password, password_stdin):
    """The new password from the option, stdin, or a hidden prompt.

    Args:
        password: Value of --password, or None.
        password_stdin: Whether --password-stdin was given.

    Returns:
        str: The password.

    Raises:
        click.UsageError: Both sources given.
        click.ClickException: No terminal to ask, or a password that is too short.
    """
    if password is not None and password_stdin:
        raise click.UsageError("give --password or --password-stdin, not both")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif password is None:
        if not _interactive():
            raise click.ClickException("no terminal to ask for the password: "
                                       "pass --password-stdin (or --password)")
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise click.ClickException(f"the password needs at least {MIN_PASSWORD} characters")
    return password


def _find(username):
    """The user with this name, or a one-line error.

    Args:
        username: Login name.

    Returns:
        User: The user.

    Raises:
        click.ClickException: No such user.
    """
    user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none()
    if user is None:
        raise click.ClickException(f"no user {username!r} (see: flask user list)")
    return user


# AppGroup runs every command inside the app context, also under the test runner.
@click.group("user", cls=AppGroup)
def user_cli():
    """Manage users of the host app."""


@user_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="operator", show_default=True)
@_password_options
def create_user(username, role, password, password_stdin):
    """Create a user (operator or viewer).

    Args:
        username: Login name.
        role: "operator" may act, "viewer" only reads.
        password: From --password; else --password-stdin or a prompt.
        password_stdin: Read the password from standard input.
    """
    username = username.strip()
    if not username or len(username) > 80:
        raise click.ClickException("the user name needs 1 to 80 characters")
    if db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none():
        raise click.ClickException(f"user {username!r} already exists")
    user = User(username=username, role=role)
    user.set_password(read_password(password, password_stdin))
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {username}")


@user_cli.command("set-password")
@click.argument("username")
@_password_options
def set_password(username, password, password_stdin):
    """Set a user's password; ends its sessions and lifts a login lock.

    Args:
        username: Login name.
        password: From --password; else --password-stdin or a prompt.
        password_stdin: Read the password from standard input.
    """
    user = _find(username)
    user.set_password(read_password(password, password_stdin))  # bumps session_version
    unlock_account(username)
    db.session.commit()
    click.echo(f"password of {username} changed; its sessions have ended")


@user_cli.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
def set_role(username, role):
    """Change a user's role; ends its sessions so the new role applies at once.

    Args:
        username: Login name.
        role: "operator" or "viewer".
    """
    user = _find(username)
    if user.role == role:
        click.echo(f"{username} is already {role}")
        return
    user.role = role  # bumps session_version
    db.session.commit()
    click.echo(f"{username} is now {role}; its sessions have ended")


@user_cli.command("list")
def list_users():
    """List users: name, role and creation time (never password hashes)."""
    users = db.session.execute(db.select(User).order_by(User.username)).scalars().all()
    if not users:
        click.echo("no users (create one: flask user create NAME)")
        return
    width = max(8, *(len(u.username) for u in users))
    click.echo(f"{'NAME':<{width}}  {'ROLE':<8}  CREATED (UTC)")
    for user in users:
        created = user.created_at.strftime("%Y-%m-%d %H:%M") if user.created_at else "-"
        click.echo(f"{user.username:<{width}}  {user.role:<8}  {created}")


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
    click.echo("It is shown only this once. Lost it? flask user set-password admin")
    click.echo("Add users with: flask user create NAME")
    click.echo("=" * 60)
