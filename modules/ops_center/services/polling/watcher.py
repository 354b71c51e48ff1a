"""
Operations Command Center - Watcher

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: The one poller per deployment. Every process that may host it
    runs this loop; a lease row elects one holder. Each cycle (every
    ``OPS_CENTER_WATCHER_INTERVAL`` seconds) the holder renews the lease with
    its note (holder, last cycle) and starts a refresh of every instance whose
    TTL ran out, through the aggregator's refresh path (fetch, cache, history)
    without waiting for it; a standby only reads the lease row, and takes the
    lease over once it expired — within the lease length after the holder
    died. The span without a watcher is recorded for the history's gaps.
    Hosted by a web process (a thread or a child process, watch_host.py) or by
    ``flask ops-center watch``.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (replaces the unelected `poller` loop)
- 1.1.0 (2026-12-01): Each cycle feeds the inbox (events, incidents) after starting the due refreshes
"""

import logging
import os
import threading
from datetime import datetime

from sqlalchemy.exc import OperationalError

from ...integrations.kit import clock
from ...models.base import session, utcnow
from ..actions import leases
from ..inbox import pipeline as inbox
from ..notify import cycle as notify
from . import outages, refresh, watch_state
from .aggregator import get_aggregator

log = logging.getLogger(__name__)


class Watcher:
    """The watcher loop of one process.

    Args:
        app: The Flask app.
        role: How it is hosted: thread, child or watch (the CLI).
    """

    def __init__(self, app, role):
        self.app, self.role = app, role
        self.holder = f"{role} pid {os.getpid()}"
        self.lease = None
        self.since = None
        self.cycles = 0
        self.last_started = []
        self._stop = threading.Event()
        self._last_warning = ("", 0.0)

    @property
    def holding(self):
        """Whether this process holds the lease (as of its last cycle).

        Returns:
            bool: True while elected.
        """
        return self.lease is not None

    def cycle(self):
        """One cycle: keep or take the lease; when held, start the due refreshes.

        Returns:
            bool: True while this process holds the lease.
        """
        with self.app.app_context():
            try:
                return self._cycle()
            except OperationalError as exc:
                # The database is locked or gone for longer than its busy timeout: try again next cycle.
                session().rollback()
                self._warn(f"watcher cycle skipped: {exc.orig}")
                return self.holding

    def _warn(self, text):
        """Log a cycle problem once a minute at most (not every cycle while a database is missing)."""
        now = clock.monotonic()
        if text != self._last_warning[0] or now - self._last_warning[1] > 60:
            log.warning("%s", text)
            self._last_warning = (text, now)

    def _note(self, now):
        """The lease's note: who holds it and when it last cycled."""
        return {"holder": self.holder, "last_cycle_at": now.isoformat(timespec="milliseconds"),
                "since": (self.since or now).isoformat(timespec="seconds"), "cycles": self.cycles + 1}

    def _cycle(self):
        """``cycle`` inside an app context."""
        now = utcnow()
        hold = watch_state.hold(self.app)
        if self.lease is None and not self._take(now, hold):
            return False
        if self.lease is not None and self.since != now and not self.lease.renew(hold, self._note(now)):
            log.warning("watcher lease lost by %s (another process took over)", self.holder)
            self.lease = self.since = None
            return False
        self.cycles += 1
        self.last_started = refresh.start_due(get_aggregator(self.app), self.app)
        inbox.run_cycle(self.app)  # events and incidents from what landed since the last cycle; never raises
        notify.run_cycle(self.app)  # messages about the incidents (Apprise, from the outbox); never raises
        return True

    def _take(self, now, hold):
        """Take the lease when nobody holds it; record the span nobody watched."""
        previous = leases.peek(watch_state.KEY)
        if previous is not None and previous.held(now):
            return False  # a standby only reads: no write while another process holds the lease
        lease = leases.take(watch_state.KEY, hold, self._note(now))
        if lease is None:
            return False
        self.lease, self.since = lease, now
        last = _parse((previous.note if previous else {}).get("last_cycle_at"))
        if last is not None and (now - last).total_seconds() > 2.5 * watch_state.interval(self.app):
            outages.record(last, now)
        log.info("watcher: %s holds the lease (%s)", self.holder,
                 f"no watcher for {(now - last).total_seconds():.1f} s" if last else "first watcher here")
        return True

    def run(self):
        """Cycle until ``stop``; release the lease at the end.

        Returns:
            None
        """
        log.info("watcher %s started (cycle %.2f s)", self.holder, watch_state.interval(self.app))
        try:
            while not self._stop.is_set():
                started = clock.monotonic()
                try:
                    self.cycle()
                except Exception:  # noqa: BLE001 - the watcher outlives one bad cycle
                    log.exception("watcher cycle failed")
                elapsed = clock.monotonic() - started
                self._stop.wait(max(0.01, watch_state.interval(self.app) - elapsed))
        finally:
            self.release()

    def stop(self):
        """Ask ``run`` to end after the current cycle.

        Returns:
            None
        """
        self._stop.set()

    def release(self):
        """Give the lease up at once (clean shutdown), so a standby takes over on its next cycle.

        Returns:
            None
        """
        if self.lease is None:
            return
        try:
            with self.app.app_context():
                self.lease.release(0)
        except Exception:  # noqa: BLE001 - at exit the lease then simply expires
            log.warning("watcher lease not released; it expires by itself")
        self.lease = self.since = None


def _parse(iso):
    """An ISO time or None."""
    try:
        return datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
