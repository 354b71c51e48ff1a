"""
Operations Command Center - Integration Catalog

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Imports every integration module so each registers its type.
    Adding an integration is one file plus one name in ``MODULES``.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import importlib

from .base import REGISTRY

MODULES = ("mock", "librenms", "opnsense", "firewalla", "hostmon", "uptime_kuma", "apc_pdu", "mikrotik", "zyxel")


def load_all():
    """Import every integration module listed in ``MODULES``.

    A module that is not written yet is skipped; an import error inside a
    module that exists is raised (a broken integration must be noticed).

    Returns:
        dict: The registry, type name -> class.
    """
    for name in MODULES:
        try:
            importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
    return REGISTRY


def real_types():
    """The configurable (non-demo) integration types.

    Returns:
        dict: type name -> class, sorted by name.
    """
    return {k: v for k, v in sorted(load_all().items()) if not v.demo and not k.startswith("test_")}
