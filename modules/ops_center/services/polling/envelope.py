"""
Operations Command Center - Cache Envelope

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The per-instance envelope stored in the cache: last good data,
    last error and its kind, timestamps, latency and integration memory; and
    the log-once rule for a source going down and recovering.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import logging

from ...integrations.base import IntegrationError, scrub
from ...integrations.kit import clock
from ...models.base import utcnow

log = logging.getLogger("modules.ops_center.services.polling.aggregator")


def make_envelope(data, error, latency_ms, previous, memory=None):
    """Build a cache envelope, carrying the last good data over a failure.

    Args:
        data: The fresh data dict, or None on failure.
        error: The ``IntegrationError`` or None.
        latency_ms: Fetch duration.
        previous: The previous envelope or None.
        memory: The integration's memory after the fetch.

    Returns:
        dict: The envelope.
    """
    now = utcnow().isoformat(timespec="seconds")
    previous = previous or {}
    return {
        "data": data if error is None else previous.get("data"),
        "error": None if error is None else str(error),
        "error_kind": None if error is None else error.kind,
        "fetched_at": now,
        "last_success_at": now if error is None else previous.get("last_success_at"),
        "latency_ms": round(latency_ms, 1),
        "memory": memory if memory is not None else previous.get("memory") or {},
    }


def log_transition(name, previous, envelope):
    """Log once when a source goes down and once when it recovers.

    Args:
        name: Instance name.
        previous: The previous envelope or None.
        envelope: The new envelope.

    Returns:
        None
    """
    if envelope["error"] and (previous is None or previous.get("error") is None):
        log.warning("source %s failed: %s: %s", name, envelope["error_kind"], envelope["error"])
    elif not envelope["error"] and previous is not None and previous.get("error"):
        log.info("source %s recovered", name)


def fetch_envelope(get_integration, instance, previous):
    """Run one integration fetch and build its envelope; never raises.

    Args:
        get_integration: ``fn(instance, previous) -> Integration`` (the live object).
        instance: The ``Instance``.
        previous: Its previous envelope or None.

    Returns:
        dict: The new envelope (last good data kept on failure, secrets scrubbed).
    """
    started = clock.monotonic()
    integration, error, data = None, None, None
    try:
        if instance.error:
            raise IntegrationError(instance.error)
        integration = get_integration(instance, previous)
        data = integration.fetch().to_dict()
    except IntegrationError as exc:
        error = exc
    except Exception as exc:  # noqa: BLE001 - a bug in one integration must not break the page
        log.exception("integration %s crashed", instance.name)
        error = IntegrationError(f"internal error: {exc.__class__.__name__}")
    if error is not None:
        error = error.__class__(scrub(error, integration.secret_values() if integration else []))
    envelope = make_envelope(data, error, (clock.monotonic() - started) * 1000, previous,
                             integration.memory if integration else None)
    log_transition(instance.name, previous, envelope)
    return envelope
