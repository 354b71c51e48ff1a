"""
Operations Command Center - Host User CLI Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: ``flask user create | set-password | set-role | list`` without a
    terminal (``--password``, ``--password-stdin``), at a terminal (hidden
    prompt), and their effects: sessions end, a login lock is lifted, hashes
    are never printed.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import re

from extensions import db
from host import cli as user_cli_module
from host.models import User
from tests.conftest import PASSWORDS, csrf_from, login


def user(app, *args, input=None):
    """Run ``flask user ...`` and return the result."""
    return app.test_cli_runner().invoke(args=["user", *args], input=input)


def _row(app, name):
    with app.app_context():
        return db.session.execute(db.select(User).filter_by(username=name)).scalar_one_or_none()


def _can_log_in(app, name, password):
    client = app.test_client()
    token = csrf_from(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": name, "password": password,
                                       "csrf_token": token}).status_code == 302


def test_create_without_a_terminal_from_option_and_stdin(app):
    result = user(app, "create", "scripted", "--role", "viewer", "--password", "scripted-pass-1")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "created viewer scripted"
    result = user(app, "create", "piped", "--password-stdin", input="piped-pass-22\n")
    assert result.exit_code == 0, result.output
    assert _row(app, "scripted").role == "viewer" and _row(app, "piped").role == "operator"
    assert _can_log_in(app, "scripted", "scripted-pass-1")
    assert _can_log_in(app, "piped", "piped-pass-22"), "the newline is not part of the password"


def test_create_without_a_terminal_or_password_fails_clearly(app):
    result = user(app, "create", "nobody")
    assert result.exit_code == 1
    assert "no terminal to ask for the password" in result.output
    assert _row(app, "nobody") is None
    both = user(app, "create", "nobody", "--password", "abcdefgh1", "--password-stdin", input="x\n")
    assert both.exit_code == 2 and "not both" in both.output
    short = user(app, "create", "nobody", "--password", "short")
    assert short.exit_code == 1 and "at least 8 characters" in short.output
    assert user(app, "create", "op", "--password", "whatever-123").exit_code == 1, "duplicate name"


def test_prompt_at_a_terminal(app, monkeypatch):
    monkeypatch.setattr(user_cli_module, "_interactive", lambda: True)
    result = user(app, "create", "typed", input="typed-pass-33\ntyped-pass-33\n")
    assert result.exit_code == 0, result.output
    assert "typed-pass-33" not in result.output, "the prompt hides the password"
    assert _can_log_in(app, "typed", "typed-pass-33")


def test_set_password_ends_sessions_and_lifts_a_lock(app):
    client = app.test_client()
    login(client)
    locked = app.test_client()
    for _ in range(5):
        token = csrf_from(locked.get("/login").get_data(as_text=True))
        last = locked.post("/login", data={"username": "op", "password": "wrong-password", "csrf_token": token})
    assert last.status_code == 429
    result = user(app, "set-password", "op", "--password-stdin", input="recovered-pass-9\n")
    assert result.exit_code == 0, result.output
    assert "password of op changed" in result.output
    assert client.get("/").status_code == 302, "the old session has ended"
    assert not _can_log_in(app, "op", PASSWORDS["op"])
    assert _can_log_in(app, "op", "recovered-pass-9"), "the lock was lifted with the new password"
    assert _row(app, "op").session_version == 1


def test_set_password_of_an_unknown_user(app):
    result = user(app, "set-password", "ghost", "--password", "whatever-123")
    assert result.exit_code == 1 and "no user 'ghost'" in result.output


def test_set_role(app):
    client = app.test_client()
    login(client, "viewer")
    result = user(app, "set-role", "viewer", "operator")
    assert result.exit_code == 0 and "viewer is now operator" in result.output
    assert _row(app, "viewer").role == "operator"
    assert client.get("/").status_code == 302, "the session with the old role has ended"
    same = user(app, "set-role", "viewer", "operator")
    assert same.exit_code == 0 and "already operator" in same.output
    assert _row(app, "viewer").session_version == 1
    assert user(app, "set-role", "viewer", "admin").exit_code == 2, "unknown role"


def test_list_shows_names_roles_and_dates_never_hashes(app):
    result = user(app, "list")
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0].split() == ["NAME", "ROLE", "CREATED", "(UTC)"]
    assert [line.split()[:2] for line in lines[1:]] == [["op", "operator"], ["viewer", "viewer"]]
    assert all(re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", line) for line in lines[1:])
    hashes = [_row(app, n).password_hash for n in ("op", "viewer")]
    assert not any(h in result.output or h.split("$")[-1] in result.output for h in hashes)
    assert "scrypt" not in result.output and "$" not in result.output
