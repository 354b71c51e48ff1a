"""
Operations Command Center - Cache Items

Version: 1.0.0
Last Modified: 2026-12-02
Author: Billas
Description: Generic cached values beside the instances' envelopes, in the
    same ``ops_cache`` table through the same upsert: graph images fetched
    from LibreNMS, power-cycle records. A read counts a hit in memory (written
    later by hits.py), never in the request.

CHANGELOG:
- 1.0.0 (2026-12-02): Moved out of cache_store.py
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ...models.base import session, utcnow
from ...models.cache import CORRUPT, OpsCache
from . import hits
from .cache_store import upsert


def get_item(key):
    """A fresh generic cache item (graph images and the like).

    Args:
        key: Full cache key.

    Returns:
        object | None: The cached JSON value while it has not expired.
    """
    row = session().execute(select(OpsCache).where(OpsCache.cache_key == key)).scalar_one_or_none()
    if row is None or row.expires_at is None or row.expires_at <= utcnow() or row.cached_data == CORRUPT:
        return None
    hits.counter(current_app).add([key])  # written with the next flush, never here
    return row.cached_data


def put_item(key, integration_name, data_type, value, ttl_seconds):
    """Store a generic cache item (insert or replace) and commit.

    Args:
        key: Full cache key.
        integration_name: Type of the instance it belongs to.
        data_type: What it is (``graph`` ...).
        value: A JSON value.
        ttl_seconds: Seconds it stays fresh.

    Returns:
        None
    """
    upsert(key, {"integration_name": integration_name, "data_type": data_type, "cached_data": value,
                  "expires_at": utcnow() + timedelta(seconds=ttl_seconds)})

