"""
Operations Command Center - Inbox Memory

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: What the inbox pipeline remembers between cycles, kept in one
    ``ops_cache`` row (``inbox:state``) and written in the same transaction as
    the events: each source's last fetch seen and its failures in a row, the
    outlet states of the previous fetch, the last run and the last
    correlation. A new process on the same database resumes exactly there —
    a fetch already counted is never counted again, nothing is lost.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from sqlalchemy import select

from ...models.cache import CORRUPT, OpsCache

KEY = "inbox:state"


def load(db):
    """The pipeline's memory.

    Args:
        db: The session.

    Returns:
        tuple: (memory dict: ``sources``, ``outlets``, ``blind``, ``last_run``, ``last_correlated``; its row or None).
    """
    row = db.execute(select(OpsCache).where(OpsCache.cache_key == KEY)).scalar_one_or_none()
    data = row.cached_data if row is not None and isinstance(row.cached_data, dict) else {}
    if data is CORRUPT or data.get("__corrupt__"):
        data = {}
    return ({"sources": dict(data.get("sources") or {}), "outlets": dict(data.get("outlets") or {}),
             "blind": list(data.get("blind") or []), "last_run": data.get("last_run"),
             "last_correlated": data.get("last_correlated")}, row)


def save(db, row, memory):
    """Stage the memory for the pipeline's commit.

    Args:
        db: The session.
        row: The row ``load`` returned (None: created now).
        memory: The memory dict.

    Returns:
        None
    """
    if row is None:
        db.add(OpsCache(cache_key=KEY, integration_name="inbox", data_type="inbox", cached_data=dict(memory),
                        hit_count=0))
    else:
        row.cached_data = dict(memory)  # a new dict: the JSON column sees the change
