"""
Operations Command Center - Watcher

Version: 1.2.0
Last Modified: 2026-12-02
Author: Billas
Description: The pollers of a deployment. Every process that may host one
    runs this loop, each cycle (every ``OPS_CENTER_WATCHER_INTERVAL``
    seconds). The instances are split between all live watchers by claims
    (claims.py): each watcher starts a refresh of every instance it claims
    whose TTL ran out, through the aggregator's refresh path (fetch, cache,
    history) without waiting for it. One of them is also the *leader*,
    elected by a lease row: it renews the lease with its note (holder, last
    cycle), feeds the inbox and sends the notifications, which must happen
    once per deployment; the others only read the lease row and take it over
    once it expired — within the lease length after the leader died. The span
    without any watcher is recorded for the history's gaps. Hosted by a web
    process (a thread or a child process, watch_host.py) or by
    ``flask ops-center watch``, on this machine or another sharing the database.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (replaces the unelected `poller` loop)
- 1.1.0 (2026-12-01): Each cycle feeds the inbox (events, incidents) after starting the due refreshes
- 1.2.0 (2026-12-02): Several watchers split the instances by claims; the lease elects the leader (inbox, notify)
"""

import logging
import os
import secrets
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
from .claims import Claims
from .instances import load_instances

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
        self.claims = Claims(secrets.token_hex(12))
        self._stop = threading.Event()
        self._last_warning = ("", 0.0)

    @property
    def holding(self):
        """Whether this process leads (holds the lease), as of its last cycle.

        Returns:
            bool: True while elected.
        """
        return self.lease is not None

    def cycle(self):
        """One cycle: keep or take the lease, renew and rebalance the claims, start their due refreshes.

        Returns:
            bool: True while this process leads (holds the lease).
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
        leading = self._lead(now, hold)
        instances = load_instances()
        mine = self.claims.cycle([i.name for i in instances], hold, self._note(now))
        self.cycles += 1
        self.last_started = refresh.start_due(get_aggregator(self.app), self.app,
                                              [i for i in instances if i.name in mine])
        if leading:
            inbox.run_cycle(self.app)  # events and incidents from what landed since the last cycle; never raises
            notify.run_cycle(self.app)  # messages about the incidents (Apprise, from the outbox); never raises
        return leading

    def _lead(self, now, hold):
        """Keep the leader's lease, or take it when nobody holds it.

        Returns:
            bool: Whether this process leads this cycle.
        """
        if self.lease is None:
            return self._take(now, hold)
        if self.since != now and not self.lease.renew(hold, self._note(now)):
            log.warning("watcher lease lost by %s (another process took over)", self.holder)
            self.lease = self.since = None
            return False
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
        """Give the lease and the claims up at once (clean shutdown), so the others take over on their next cycle.

        Returns:
            None
        """
        try:
            with self.app.app_context():
                if self.lease is not None:
                    self.lease.release(0)
                if self.claims.mine or self.cycles:
                    self.claims.leave()
        except Exception:  # noqa: BLE001 - at exit the lease and the claims then simply expire
            log.warning("watcher lease not released; it expires by itself")
        self.lease = self.since = None


def _parse(iso):
    """An ISO time or None."""
    try:
        return datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
