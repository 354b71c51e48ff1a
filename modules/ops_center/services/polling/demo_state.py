"""
Operations Command Center - Shared Demo State

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The demo PDU's outlet states in ``ops_cache`` rows
    (``demo:outlet:<n>``), installed in place of the demo integration's
    process-local store when this module is imported. Every process on the
    database — web servers, the watcher, a CLI ``poll`` — then sees the same
    outlets, so a poll elsewhere never switches a demo outlet back on. Without
    an app context (a bare unit test) the process-local store, which every
    switch also updates, answers.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from flask import has_app_context
from sqlalchemy import delete, select

from ...integrations.demo.outlets import INITIAL_OUTLETS, current_store, use_outlet_store
from ...models.base import session
from ...models.cache import OpsCache
from .nowait import upsert_row

PREFIX = "demo:outlet:"


class SharedOutlets:
    """Outlet states every process shares through the database.

    Args:
        local: The process-local store, used without an app context.
    """

    def __init__(self, local):
        self.local = local

    def states(self):
        """Every outlet's state (the initial state where no row says otherwise).

        Returns:
            dict: number -> True when on.
        """
        if not has_app_context():
            return self.local.states()
        states = dict(INITIAL_OUTLETS)
        rows = session().execute(select(OpsCache.cache_key, OpsCache.cached_data)
                                 .where(OpsCache.cache_key.like(PREFIX + "%"))).all()
        for key, data in rows:
            number = key[len(PREFIX):]
            if number.isdigit() and int(number) in states and isinstance(data, dict) \
                    and isinstance(data.get("on"), bool):
                states[int(number)] = data["on"]
        return states

    def set(self, number, on):
        """Switch one outlet, in its own transaction (the action's session stays untouched).

        The process-local store follows too, so code without an app context sees this process's switches.

        Args:
            number: Outlet number.
            on: True for on.

        Returns:
            None
        """
        self.local.set(number, on)
        if not has_app_context():
            return
        with session().get_bind().begin() as conn:
            upsert_row(conn, f"{PREFIX}{number}", {"integration_name": "demo", "data_type": "demo_state",
                                                    "cached_data": {"on": bool(on)}, "expires_at": None})

    def reset(self):
        """Back to the initial states.

        Returns:
            None
        """
        self.local.reset()
        if has_app_context():
            with session().get_bind().begin() as conn:
                conn.execute(delete(OpsCache).where(OpsCache.cache_key.like(PREFIX + "%")))


def install():
    """Put the shared store in place (once).

    Returns:
        SharedOutlets: The store in use.
    """
    if not isinstance(current_store(), SharedOutlets):
        use_outlet_store(SharedOutlets(current_store()))
    return current_store()


install()
