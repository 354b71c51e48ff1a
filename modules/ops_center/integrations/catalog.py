"""
Operations Command Center - Integration Catalog

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Imports every integration module so each registers its type.
    Adding an integration is one file plus one name in ``MODULES``. A module
    that fails to import is recorded in ``BROKEN`` and its instances show the
    import error as their source error: one broken integration never takes
    the page down (the test suite asserts ``BROKEN`` stays empty).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import importlib
import logging

from .base import REGISTRY

log = logging.getLogger(__name__)
MODULES = ("mock", "librenms", "opnsense", "firewalla", "hostmon", "uptime_kuma", "apc_pdu", "mikrotik", "zyxel")
BROKEN: dict[str, str] = {}
_LOADED = set()


def load_all():
    """Import every integration module listed in ``MODULES`` (once).

    A module that is not written yet is skipped; one that raises on import
    is logged once and listed in ``BROKEN``.

    Returns:
        dict: The registry, type name -> class.
    """
    for name in MODULES:
        if name in _LOADED:
            continue
        try:
            importlib.import_module(f"{__package__}.{name}")
            BROKEN.pop(name, None)
        except ModuleNotFoundError as exc:
            if exc.name == f"{__package__}.{name}":
                continue
            _broken(name, exc)
            continue
        except Exception as exc:  # noqa: BLE001 - isolate a broken integration module
            _broken(name, exc)
            continue
        _LOADED.add(name)
    return REGISTRY


def _broken(name, exc):
    """Record (and log once) an integration module that failed to import."""
    if name not in BROKEN:
        log.error("integration module %s failed to import: %s: %s", name, exc.__class__.__name__, exc)
    BROKEN[name] = f"integration '{name}' failed to load ({exc.__class__.__name__}: {exc})"


def real_types(own_only=False):
    """The configurable (non-demo) integration types.

    Args:
        own_only: Only the types this module ships (not ones a host or a test registered).

    Returns:
        dict: type name -> class, sorted by name.
    """
    return {k: v for k, v in sorted(load_all().items())
            if not v.demo and (not own_only or v.__module__.startswith(__package__))}
