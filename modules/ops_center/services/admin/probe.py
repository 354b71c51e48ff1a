"""
Operations Command Center - Connection Test

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: "Test connection": one live fetch of a system's settings with a
    deadline, in a small pool of its own so a hanging upstream never holds a
    request thread past the deadline. Reports ok with what came back, or the
    error class and message with secrets scrubbed.

CHANGELOG:
- 1.0.0 (2026-12-01): Split out of the stored-systems module
"""

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from flask import current_app

from ...integrations.base import IntegrationError, get_integration_class, scrub
from ...integrations.catalog import load_all
from ...integrations.kit import clock

_TEST_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="ops-test")


def test_connection(type_name, name, settings, timeout=None):
    """One live fetch with a deadline, for "Test connection" and the CLI.

    Args:
        type_name: Registered type name.
        name: Instance name.
        settings: Validated settings (secrets included).
        timeout: Seconds to wait (default OPS_CENTER_FETCH_TIMEOUT).

    Returns:
        dict: ok, latency_ms, error_kind, message (secrets scrubbed).
    """
    load_all()
    cls = get_integration_class(type_name)
    integration = cls(name, settings)
    timeout = float(timeout or current_app.config["OPS_CENTER_FETCH_TIMEOUT"])
    started = clock.monotonic()
    future = _TEST_POOL.submit(integration.test_connection)
    try:
        data = future.result(timeout=timeout)
        counts = {k: len(v) for k, v in data.to_dict().items() if v}
        message = "ok: " + (", ".join(f"{n} {k}" for k, n in counts.items()) or "connected, no data")
        result = {"ok": True, "error_kind": None, "message": message}
    except FutureTimeout:
        result = {"ok": False, "error_kind": "timeout", "message": f"no answer within {timeout:g} s"}
    except IntegrationError as exc:
        result = {"ok": False, "error_kind": exc.kind, "message": scrub(exc, integration.secret_values())}
    except Exception as exc:  # noqa: BLE001 - report, never crash the settings page
        result = {"ok": False, "error_kind": "error", "message": f"internal error: {exc.__class__.__name__}"}
    finally:
        if future.done():
            integration.close()
    result["latency_ms"] = round((clock.monotonic() - started) * 1000, 1)
    return result
