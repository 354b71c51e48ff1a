"""
Operations Command Center - Watcher Hosts

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: How a web process hosts the watcher, as ``OPS_CENTER_WATCHER``
    says: ``child`` — a supervisor thread keeps one child process running
    the watcher loop (its fetches, SNMP crypto and parsing then never compete
    with requests for this interpreter), restarting it when it dies; ``thread``
    — the loop runs in a thread here; ``off`` — nothing (a separate
    ``flask ops-center watch`` process, or none). ``start`` is called by
    ``init_app`` and starts nothing in a CLI command other than ``flask run``.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

import logging
import subprocess
import threading

import click

from ...integrations.kit import clock
from ...state import get_state
from . import child, watch_state
from .watcher import Watcher

log = logging.getLogger(__name__)
QUICK_EXIT_S = 10.0  # a child that dies sooner than this is restarted with a growing delay


def serving():
    """Whether this process serves requests (not a CLI command such as ``flask db upgrade``).

    Returns:
        bool: True under a WSGI server (no click context) or ``flask run``.
    """
    ctx = click.get_current_context(silent=True)
    return ctx is None or ctx.info_name == "run"


class ThreadHost:
    """The watcher loop in a daemon thread of this process.

    Args:
        app: The Flask app.
    """

    def __init__(self, app):
        self.watcher = Watcher(app, "thread")
        self.thread = threading.Thread(target=self.watcher.run, name="ops-watcher", daemon=True)

    def start(self):
        """Start the loop.

        Returns:
            ThreadHost: self.
        """
        self.thread.start()
        return self

    def stop(self):
        """End the loop and release the lease.

        Returns:
            None
        """
        self.watcher.stop()
        if self.thread.is_alive():
            self.thread.join(timeout=5)


class ChildHost:
    """A supervisor thread that keeps one watcher child process running.

    Args:
        app: The Flask app.
    """

    def __init__(self, app):
        self.app = app
        self.proc = None
        self.restarts = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._supervise, name="ops-watcher-supervisor", daemon=True)

    def start(self):
        """Start the supervisor (it starts the child at once).

        Returns:
            ChildHost: self.
        """
        self.thread.start()
        return self

    def _supervise(self):
        """Start the child; when it dies, start another (sooner when it lived a while)."""
        delay = 1.0
        while not self._stop.is_set():
            started = clock.monotonic()
            try:
                self.proc = child.spawn(self.app)
            except OSError as exc:
                log.error("watcher child not started: %s", exc)
                self.proc = None
            while self.proc is not None and self.proc.poll() is None and not self._stop.is_set():
                self._stop.wait(0.5)
            if self._stop.is_set():
                return
            lived = clock.monotonic() - started
            delay = 1.0 if lived > QUICK_EXIT_S else min(60.0, delay * 2)
            self.restarts += 1
            log.warning("watcher child exited (code %s) after %.0f s; restarting in %.0f s",
                        self.proc.returncode if self.proc else None, lived, delay)
            self._stop.wait(delay)

    def stop(self):
        """Stop supervising and end the child (it releases the lease on its way out).

        Returns:
            None
        """
        self._stop.set()
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        try:
            proc.stdin.close()  # end of input: the child stops after its current cycle
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait(timeout=5)


def start(app):
    """Start this process's watcher host as configured (``init_app`` calls this).

    Args:
        app: The Flask app.

    Returns:
        ThreadHost | ChildHost | None: The host, or None when off or not serving.
    """
    how = watch_state.mode(app)
    state = get_state(app)
    if how == "off" or not serving() or state.watcher is not None:
        return None
    state.watcher = (ThreadHost(app) if how == "thread" else ChildHost(app)).start()
    return state.watcher
