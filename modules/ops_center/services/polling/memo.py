"""
Operations Command Center - Snapshot Memo

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Keeps the last merged snapshot (and its JSON text) for about a
    second, so many browsers polling at once share one merge instead of each
    re-reading and re-serialising the cache. Control actions clear it, so an
    operator always sees the result of what they just did.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

import json
import threading

from ...integrations.kit import clock
from ...state import get_state


class SnapshotMemo:
    """A tiny, thread-safe, per-process memo of the last snapshot."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entry = None

    def get(self, max_age):
        """The memoised (snapshot, json text) if younger than ``max_age`` seconds.

        Args:
            max_age: Seconds.

        Returns:
            tuple | None: (snapshot dict, JSON text) or None.
        """
        entry = self._entry
        if entry is not None and clock.monotonic() - entry[0] <= max_age:
            return entry[1], entry[2]
        return None

    def put(self, snapshot):
        """Remember a snapshot and serialise it once.

        Args:
            snapshot: The merged snapshot (treated as read-only from now on).

        Returns:
            str: Its JSON text.
        """
        text = json.dumps(snapshot, separators=(",", ":"))
        with self._lock:
            self._entry = (clock.monotonic(), snapshot, text)
        return text

    def clear(self):
        """Forget the memo (after a control action or a settings change).

        Returns:
            None
        """
        with self._lock:
            self._entry = None


def get_memo(app):
    """The app's snapshot memo.

    Args:
        app: The Flask app.

    Returns:
        SnapshotMemo: Shared by every request of this process.
    """
    state = get_state(app)
    with state.lock:
        if state.memo is None:
            state.memo = SnapshotMemo()
    return state.memo
