"""
Operations Command Center - Refresh Job

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: One instance's refresh, as a fetch-pool job: fetch, store the
    envelope (its next refresh falls one TTL after this one started, so a
    watcher samples every TTL), record the history — values, or down markers
    when the fetch failed — and, once per process and mode, see to the demo
    history. Shared by the watcher (``start_due``, each cycle), the
    stale-while-revalidate fallback (whose cross-process claim runs here too,
    off the read path) and a forced refresh.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (moved out of aggregator.py; down markers, demo history)
- 1.1.0 (2026-12-02): ``start_due`` takes the instances to look at (a watcher's claimed share) and reads
  only the expiry times of the rest
"""

import logging

from ...models.base import utcnow
from ...state import get_state
from . import cache_store, demo_history, metrics
from .envelope import fetch_envelope
from .instances import load_instances, touch_last_used, ttl_for

log = logging.getLogger("modules.ops_center.services.polling.aggregator")


def in_context(app, fn, *args):
    """Run ``fn(*args)`` in an app context (a pool job); errors are logged, never raised.

    Args:
        app: The Flask app.
        fn: The function.
        *args: Its arguments.

    Returns:
        object: What ``fn`` returned, or None after an error.
    """
    try:
        with app.app_context():
            return fn(*args)
    except Exception:  # noqa: BLE001 - a background job must not die silently
        log.exception("background job %s failed", getattr(fn, "__name__", fn))
        return None


def claim_and_run(agg, app, instance, previous, lock, lease_s):
    """Stale-while-revalidate in the background: claim the expired row across processes, then refresh it.

    Args:
        agg: The ``Aggregator``.
        app: The Flask app.
        instance: The instance.
        previous: Its cached envelope.
        lock: Its single-flight lock (held; released here or by ``run``).
        lease_s: Seconds the claim holds the row before another process may try.

    Returns:
        dict | None: The new envelope, or None when another process claimed it first.
    """
    won = in_context(app, cache_store.claim, instance.name, lease_s)
    if not won:
        lock.release()
        return None
    return run(agg, app, instance, previous, lock, False)


def run(agg, app, instance, previous, lock, recheck):
    """Fetch one instance and store its envelope; runs in the fetch pool.

    Args:
        agg: The ``Aggregator`` (live integration objects, the pool).
        app: The Flask app (pushed as context for the database writes).
        instance: The instance.
        previous: Its previous envelope or None.
        lock: Its single-flight lock, released here.
        recheck: Skip the fetch when the cache turned fresh meanwhile.

    Returns:
        dict: The new envelope.
    """
    try:
        with app.app_context():
            started = utcnow()
            fresh = cache_store.load([instance.name]).get(instance.name)
            if recheck and fresh and fresh[1] and fresh[1] > started:
                return fresh[0]  # another thread or process refreshed it while we waited
            envelope = fetch_envelope(agg.integration, instance, previous)
            cache_store.store(instance.name, instance.type, envelope, ttl_for(app, instance), started=started)
            if not instance.demo:
                touch_last_used(instance.name)
            if envelope["error"] is None:
                metrics.record(envelope["data"])
            else:
                metrics.record_failure(envelope["data"])  # the graphs say "source down", not just "gap"
            if get_state(app).demo_history_mode is not instance.demo:
                agg.submit(in_context, app, demo_history.ensure, app, instance.demo)  # seeding waits for no one
            return envelope
    finally:
        lock.release()


def start_due(agg, app, instances=None):
    """The watcher's work each cycle: start refreshing every instance whose TTL ran out; never waits.

    Args:
        agg: The ``Aggregator``.
        app: The Flask app (an app context is active).
        instances: The instances to look at (default: every configured one).

    Returns:
        list[str]: The instances whose refresh started now (not those still being fetched).
    """
    instances = load_instances() if instances is None else instances
    now, started = utcnow(), []
    until = cache_store.expiries([i.name for i in instances])  # only the due envelopes are read below
    due = [i for i in instances if until.get(i.name) is None or until[i.name] <= now]
    cached = cache_store.load([i.name for i in due])
    for inst in due:
        entry = cached.get(inst.name)
        lock = agg.lock_for(inst.name)
        if lock.acquire(blocking=False):  # else its last fetch still runs
            agg.submit(run, agg, app, inst, entry[0] if entry else None, lock, False)
            started.append(inst.name)
    return started
