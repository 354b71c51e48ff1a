"""
Operations Command Center - Aggregator

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Polls every system instance in parallel, each bounded by a
    timeout; caches each result in ``ops_cache`` with the owner's TTL classes
    (critical 30 s, status 60 s, config 5 min); keeps the last good data
    marked stale with the error when a fetch fails; and merges everything
    into the one snapshot. One upstream fetch per instance per TTL however
    many browsers poll (a per-instance lock makes refreshes single-flight).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): The fetch job moved to refresh.py (history down markers, demo history); reads never
  write: hit counts in memory, the stale-while-revalidate claim in the background job; the watcher's cycle
  (refresh.start_due), and no refresh from a read while a watcher is alive (a first view waits for its first fetch)
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor, wait

from flask import current_app

from ...integrations.base import Timeout
from ...models.base import utcnow
from ...state import get_state
from . import cache_store, demo_state, hits, nowait, refresh, watch_state  # noqa: F401  (demo_state: shared outlets)
from .envelope import make_envelope
from .instances import load_instances, ttl_for
from .live_objects import LiveObjects
from .merge import build_snapshot

log = logging.getLogger(__name__)
class Aggregator:
    """The process-wide fetch pool, live integration objects and refresh path; one per app."""

    def __init__(self, max_workers=16):
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="ops-fetch")
        self._locks = {}
        self.objects = LiveObjects()

    def lock_for(self, name):
        """The single-flight lock of one instance's fetch in this process.

        Args:
            name: Instance name.

        Returns:
            threading.Lock: Held while its fetch runs.
        """
        return self._locks.setdefault(name, threading.Lock())  # atomic in CPython: one lock per name

    def integration(self, instance, envelope=None):
        """The live integration object of an instance (see ``LiveObjects.get``).

        Args:
            instance: The ``Instance``.
            envelope: Its cached envelope, to restore memory into a new object.

        Returns:
            Integration: Shared with polling and control.
        """
        return self.objects.get(instance, envelope)

    def idle(self, name, timeout):
        """Wait until no fetch of an instance is running.

        Args:
            name: Instance name.
            timeout: Seconds to wait at most.

        Returns:
            bool: True when idle.
        """
        lock = self.lock_for(name)
        if lock.acquire(timeout=timeout):
            lock.release()
            return True
        return False

    def close(self):
        """Close every kept connection (app shutdown, tests).

        Returns:
            None
        """
        self.objects.close()

    def snapshot(self, force=False):
        """Return the merged snapshot; a read, except for what it must refresh.

        While a watcher is alive a snapshot only reads the cache (the watcher refreshes); with none alive,
        an expired source is served as it is and refreshed in the background (stale-while-revalidate), and
        a source never fetched is fetched now. ``force`` refetches regardless.

        Args:
            force: True to refresh every instance regardless of its TTL, or a
                collection of instance names to refresh just those.

        Returns:
            dict: The snapshot (DESIGN.md section 4).
        """
        app = current_app._get_current_object()
        instances = load_instances()
        cached = cache_store.load([i.name for i in instances])
        now = utcnow()
        watcher, seen = watch_state.read()
        forced = {i.name for i in instances} if force is True else set(force or ())
        due = [i for i in instances if i.name in forced or i.name not in cached or cached[i.name][1] is None
               or cached[i.name][1] <= now]
        self._count_hits(app, [cache_store.cache_key(i.name) for i in instances if i not in due])
        if watcher["alive"] or not app.config.get("OPS_CENTER_REFRESH_IN_WEB", True):
            due = [i for i in due if i.name in forced]  # the watcher keeps the cache fresh: reads only read
            cold = [i.name for i in instances if i.name not in cached and i.name not in forced]
            if cold and watcher["alive"]:  # just started or just added: its first fetch is the watcher's
                cached.update(cache_store.wait_for(cold, float(app.config["OPS_CENTER_FETCH_TIMEOUT"])
                                                   + 2 * watch_state.interval(app)))
        envelopes = {name: env for name, (env, _exp) in cached.items()}
        envelopes.update(self._refresh(app, due, envelopes, forced) if due else {})
        ttls = {i.name: ttl_for(app, i) for i in instances if not i.error}
        return build_snapshot(instances, envelopes, ttls, watcher, watch_state.expected(app, seen))

    def _count_hits(self, app, keys):
        """Count rows served from cache in memory; write the counts in the background (never on a read)."""
        if keys and hits.counter(app).add(keys):
            self._pool.submit(refresh.in_context, app, hits.flush, app)

    def _refresh(self, app, due, envelopes, forced=frozenset()):
        """Fetch due instances in parallel; wait at most the fetch timeout, and only for cold or forced ones.

        An expired row that has data is refreshed in the background (stale-while-revalidate): its
        cross-process claim is the job's first step, so a read never writes or waits on the write lock.

        Args:
            app: The Flask app.
            due: Instances to refresh.
            envelopes: Current envelopes by name.
            forced: Names to fetch (and wait for) even when fresh.

        Returns:
            dict: name -> envelope for instances that finished or failed.
        """
        deadline = float(app.config["OPS_CENTER_FETCH_TIMEOUT"])
        futures, results = {}, {}
        for inst in due:
            cold, force = inst.name not in envelopes, inst.name in forced
            lock = self.lock_for(inst.name)
            # Cold start: wait for a refresh already running elsewhere; warm: serve cached data.
            if not lock.acquire(timeout=deadline if cold else 0):
                continue
            if cold or force:
                futures[self._pool.submit(refresh.run, self, app, inst, envelopes.get(inst.name), lock,
                                          cold and not force)] = inst
            else:
                self._pool.submit(refresh.claim_and_run, self, app, inst, envelopes[inst.name], lock, deadline + 1)
        done, pending = wait(futures, timeout=deadline)
        for fut in done:
            results[futures[fut].name] = fut.result()
        for fut in pending:
            inst = futures[fut]
            if inst.name not in envelopes:
                # Stored, so later polls serve this error at once instead of waiting again; never waits itself.
                results[inst.name] = make_envelope(None, Timeout(f"no answer within {deadline:g} s"), 0, None)
                nowait.store(inst.name, inst.type, results[inst.name], ttl_for(app, inst))
        return results

    def submit(self, fn, *args):
        """Run a job in the fetch pool.

        Args:
            fn: The function.
            *args: Its arguments.

        Returns:
            Future: The job.
        """
        return self._pool.submit(fn, *args)


def get_aggregator(app):
    """The app's aggregator, created on first use.

    Args:
        app: The Flask app.

    Returns:
        Aggregator: The shared instance.
    """
    state = get_state(app)
    with state.lock:
        if state.aggregator is None:
            state.aggregator = Aggregator()
    return state.aggregator
