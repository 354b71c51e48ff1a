"""
Operations Command Center - Integration Catalog

Version: 2.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Finds the integrations: every package beside this file (except
    ``kit``) and every package in the folders named by
    ``OPS_CENTER_INTEGRATION_PATHS`` is imported once and registers its class.
    Nothing is listed by hand, so a new system is one package. A package that
    fails to import is never skipped silently: it is logged once and listed in
    ``broken()``, which the settings page, ``systems types`` and
    ``systems list`` show, and asking for its type names the failure.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 2.0.0 (2026-12-01): Discovery of packages (built-in and plugin folders) instead of a hand-kept list
"""

import importlib
import importlib.machinery
import importlib.util
import logging
import os
import pkgutil
import sys
import threading

from .base import REGISTRY

log = logging.getLogger(__name__)
NOT_INTEGRATIONS = {"kit"}
PLUGIN_PACKAGE = "ops_center_plugins"
BROKEN: dict[str, str] = {}
_LOADED = set()
_PATHS: list[str] = []
_LOCK = threading.RLock()


def set_plugin_paths(paths):
    """Folders whose packages are integrations too (``OPS_CENTER_INTEGRATION_PATHS``).

    Args:
        paths: A list of folders, or text with folders separated by ``os.pathsep``.

    Returns:
        list[str]: The folders now searched.
    """
    if isinstance(paths, str):
        paths = [p for p in paths.split(os.pathsep) if p.strip()]
    with _LOCK:
        _PATHS[:] = [os.path.abspath(p) for p in (paths or [])]
        return list(_PATHS)


def _candidates():
    """(import name, folder or None) of every integration package to load."""
    here = os.path.dirname(__file__)
    found = [(f"{__package__}.{m.name}", None) for m in pkgutil.iter_modules([here])
             if m.ispkg and m.name not in NOT_INTEGRATIONS and not m.name.startswith("_")]
    for folder in _PATHS:
        found += [(f"{PLUGIN_PACKAGE}.{m.name}", os.path.join(folder, m.name))
                  for m in pkgutil.iter_modules([folder]) if m.ispkg and not m.name.startswith("_")]
    return found


def _import(name, folder):
    """Import a built-in package by name, or a plugin package from its folder."""
    if folder is None:
        return importlib.import_module(name)
    if PLUGIN_PACKAGE not in sys.modules:
        spec = importlib.machinery.ModuleSpec(PLUGIN_PACKAGE, None, is_package=True)
        parent = importlib.util.module_from_spec(spec)
        parent.__path__ = []
        sys.modules[PLUGIN_PACKAGE] = parent
    spec = importlib.util.spec_from_file_location(name, os.path.join(folder, "__init__.py"),
                                                  submodule_search_locations=[folder])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def load_all():
    """Import every integration package (once each) and return the registry.

    Returns:
        dict: The registry, type name -> class.
    """
    with _LOCK:
        for name, folder in _candidates():
            if name in _LOADED:
                continue
            try:
                _import(name, folder)
            except Exception as exc:  # noqa: BLE001 - one broken package must not hide the others
                short = name.rsplit(".", 1)[-1]
                if short not in BROKEN:
                    log.error("integration package %s failed to load: %s: %s", name, exc.__class__.__name__, exc)
                BROKEN[short] = f"integration '{short}' failed to load ({exc.__class__.__name__}: {exc})"
                continue
            BROKEN.pop(name.rsplit(".", 1)[-1], None)
            _LOADED.add(name)
    return REGISTRY


def broken():
    """The integration packages that failed to load, with the reason.

    Returns:
        dict: package name -> one-line reason.
    """
    load_all()
    return dict(sorted(BROKEN.items()))


def real_types(own_only=False):
    """The configurable (non-demo) integration types.

    Args:
        own_only: Only the types this module ships (not plugins, a host's or a test's).

    Returns:
        dict: type name -> class, sorted by name.
    """
    return {k: v for k, v in sorted(load_all().items())
            if not v.demo and (not own_only or v.__module__.startswith(__package__))}


def forget(type_name):
    """Remove a registered type (tests and plugins that are unloaded).

    Args:
        type_name: The type name.

    Returns:
        None
    """
    with _LOCK:
        cls = REGISTRY.pop(type_name, None)
        if cls is not None:
            _LOADED.discard(cls.__module__)
