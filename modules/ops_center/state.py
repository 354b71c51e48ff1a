"""
Operations Command Center - Module State

Version: 1.1.0
Last Modified: 2026-12-01
Author: Billas
Description: Everything the module keeps per app lives in one object,
    ``app.extensions["ops_center"]``: the aggregator (its fetch pool and live
    integration objects), the snapshot memo, the Fernet key ring and counters.
    ``init_app`` creates it; ``close`` stops the watcher and releases pools and
    connections at exit.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (was a loose dict filled by each service)
- 1.1.0 (2026-12-01): The watcher host, the read path's hit counts, the demo-history check
"""

import threading


class OpsState:
    """The module's per-app state.

    Attributes:
        aggregator: The ``Aggregator`` (created on first use).
        memo: The ``SnapshotMemo`` (created on first use).
        fernet: The ``MultiFernet`` key ring (rebuilt after a key rotation).
        anonymous_refusals: Writes refused before login in this process.
        watcher: The watcher host of this process (thread or child), or None.
        hits: The read path's cache-hit counts, written later and never waited for.
        demo_history_mode: The mode (demo or not) this process last checked the demo history for.
    """

    def __init__(self):
        self.aggregator = None
        self.memo = None
        self.fernet = None
        self.anonymous_refusals = 0
        self.watcher = None
        self.hits = None
        self.demo_history_mode = None
        self.lock = threading.Lock()

    def close(self):
        """Stop the watcher, then release the fetch pool and every kept connection.

        Returns:
            None
        """
        if self.watcher is not None:
            self.watcher.stop()
        if self.aggregator is not None:
            self.aggregator.close()


def get_state(app):
    """The module state of an app (created when missing, e.g. a bare test app).

    Args:
        app: The Flask app.

    Returns:
        OpsState: The state.
    """
    state = app.extensions.get("ops_center")
    if not isinstance(state, OpsState):
        state = app.extensions["ops_center"] = OpsState()
    return state
