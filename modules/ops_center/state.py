"""
Operations Command Center - Module State

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Everything the module keeps per app lives in one object,
    ``app.extensions["ops_center"]``: the aggregator (its fetch pool and live
    integration objects), the snapshot memo, the Fernet key ring and counters.
    ``init_app`` creates it; ``close`` releases pools and connections at exit.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (was a loose dict filled by each service)
"""

import threading


class OpsState:
    """The module's per-app state.

    Attributes:
        aggregator: The ``Aggregator`` (created on first use).
        memo: The ``SnapshotMemo`` (created on first use).
        fernet: The ``MultiFernet`` key ring (rebuilt after a key rotation).
        anonymous_refusals: Writes refused before login in this process.
    """

    def __init__(self):
        self.aggregator = None
        self.memo = None
        self.fernet = None
        self.anonymous_refusals = 0
        self.lock = threading.Lock()

    def close(self):
        """Release the fetch pool and every kept connection.

        Returns:
            None
        """
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
