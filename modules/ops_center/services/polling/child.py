"""
Operations Command Center - Watcher Child Process

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The watcher in a child process of a web process
    (``OPS_CENTER_WATCHER=child``), so its fetches, SNMP crypto and parsing run
    on their own interpreter and never hold the web process's GIL. ``spawn``
    starts ``python -m`` this module with the parent's module settings on
    stdin; the child builds a minimal app on the same database (the module's
    own ``init_app`` over bare Flask-SQLAlchemy, Flask-Login and CSRF objects,
    so every module-wide setting applies exactly as in the parent) and runs the
    watcher loop until its stdin closes — which also happens when the parent
    dies, however it dies — or it gets SIGTERM; then it releases the lease.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import json
import logging
import os
import secrets
import signal
import subprocess
import sys
import threading

PREFIXES = ("OPS_CENTER_", "LIBRENMS_", "SQLALCHEMY_")


def portable_config(app):
    """The parent's settings the child needs, as JSON-safe values (callables and the like stay behind).

    Args:
        app: The parent's Flask app.

    Returns:
        dict: Config key -> value.
    """
    config = {}
    for key, value in app.config.items():
        if key.startswith(PREFIXES):
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                continue
            config[key] = value
    return config


def spawn(app):
    """Start a watcher child process for this app.

    Args:
        app: The parent's Flask app.

    Returns:
        subprocess.Popen: The child; its stdin stays open until the parent stops it.
    """
    payload = {"config": portable_config(app), "instance_path": app.instance_path}
    paths = [p or os.getcwd() for p in sys.path]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(dict.fromkeys(paths)))
    proc = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            env=env, cwd=os.getcwd())
    proc.stdin.write((json.dumps(payload) + "\n").encode())
    proc.stdin.flush()
    return proc


def build_app(payload):
    """The child's app: the parent's settings on a bare Flask app with the module plugged in.

    Args:
        payload: ``{"config", "instance_path"}`` from ``spawn``.

    Returns:
        Flask: The app (its watcher setting forced off: the child runs the loop itself).
    """
    from flask import Flask
    from flask_login import LoginManager
    from flask_sqlalchemy import SQLAlchemy
    from flask_wtf import CSRFProtect

    from ... import init_app

    app = Flask("ops_center_watcher", instance_path=payload["instance_path"])
    app.config.update(payload["config"])
    app.config.update(SECRET_KEY=secrets.token_hex(16), OPS_CENTER_WATCHER="off")
    SQLAlchemy().init_app(app)
    LoginManager().init_app(app)
    CSRFProtect(app)
    init_app(app)
    return app


def main():
    """Run the watcher loop of a child process until stdin closes.

    Returns:
        int: Exit code.
    """
    logging.basicConfig(level=logging.WARNING,
                        format="ops_center watcher (pid %(process)d) %(levelname)s %(name)s: %(message)s")
    line = sys.stdin.readline()
    if not line:
        return 0  # the parent went away before it said anything
    from ...state import get_state
    from .watcher import Watcher

    app = build_app(json.loads(line))
    watcher = Watcher(app, "child")

    def _until_eof():
        sys.stdin.read()  # returns when the parent closes the pipe or dies
        watcher.stop()

    threading.Thread(target=_until_eof, name="ops-watcher-parent", daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_args: watcher.stop())
    watcher.run()
    get_state(app).close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
