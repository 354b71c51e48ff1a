"""
Operations Command Center - Host Hardening

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: App-wide protections of the stand-in host: security headers on
    the host's own pages (the module's headers on /ops still win), a 413 for
    streamed request bodies over ``MAX_CONTENT_LENGTH``, and owner-only modes
    for the instance folder and the SQLite files (database, WAL, shared
    memory), which hold password hashes and encrypted credentials.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import logging
import os
import stat

from flask import abort, request
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

HOST_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; "
            "form-action 'self'")
HEADERS = {
    "Content-Security-Policy": HOST_CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def security_headers(response):
    """Add the host's security headers where a blueprint set none.

    Flask runs a blueprint's after_request before the app's, so with
    ``setdefault`` the module's own CSP on /ops is kept as it is.

    Args:
        response: The outgoing response.

    Returns:
        Response: The same response.
    """
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def refuse_streamed_oversize():
    """Answer 413 to a chunked body that reaches ``MAX_CONTENT_LENGTH``.

    Werkzeug refuses a too large Content-Length by itself, but a chunked body
    is only cut at the limit and then parsed truncated (a CSRF 400, or a
    silently shortened form). Reading it here, at most the limit, caches it
    for the form and JSON parsers and turns "too large" into a plain 413.

    Returns:
        None: Aborts with 413 when the body is too large.
    """
    limit = request.max_content_length
    if not limit or request.content_length is not None:
        return None
    if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return None
    if len(request.get_data(cache=True)) >= limit:
        abort(413)
    return None


def _owner_only(path, mode):
    """Remove group/other permissions from an existing file or folder.

    Args:
        path: File or folder.
        mode: Wanted mode (0o700 or 0o600).

    Returns:
        None
    """
    try:
        current = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return
    if current != mode:
        try:
            os.chmod(path, mode)
        except OSError as exc:  # e.g. a file of another user: warn, never stop the app
            log.warning("cannot restrict %s to %o: %s", path, mode, exc)


def sqlite_path(app):
    """The SQLite database file of the app, if it uses one.

    Args:
        app: The Flask app (its URI already set).

    Returns:
        str | None: Absolute path; None for other databases or in-memory ones.
    """
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:" \
            or url.database.startswith("file:"):
        return None
    # Flask-SQLAlchemy resolves a relative SQLite path against the instance folder.
    return url.database if os.path.isabs(url.database) else os.path.join(app.instance_path, url.database)


def protect_files(app):
    """Make the instance folder 0700 and the SQLite files 0600.

    A new database file is created empty with mode 0600 before SQLite opens
    it, so it is never readable by others even for a moment; SQLite gives its
    WAL and shared-memory files the database file's mode. Files of an older
    install (0644 in a 0755 folder) are tightened on start.

    Args:
        app: The Flask app (URI and instance path set).

    Returns:
        None
    """
    os.makedirs(app.instance_path, mode=0o700, exist_ok=True)
    _owner_only(app.instance_path, 0o700)
    path = sqlite_path(app)
    if path is None:
        return
    if not os.path.exists(path):
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process created it first; tightened below
        except OSError as exc:  # a missing folder: SQLite reports it clearly on first use
            log.warning("cannot create %s: %s", path, exc)
    for suffix in SQLITE_SUFFIXES:
        _owner_only(path + suffix, 0o600)


def init_app(app):
    """Register the header and body checks.

    Call before ``CSRFProtect.init_app``: before_request functions run in
    registration order, and the body check must run before CSRF parses it.

    Args:
        app: The Flask app.

    Returns:
        None
    """
    app.before_request(refuse_streamed_oversize)
    app.after_request(security_headers)
