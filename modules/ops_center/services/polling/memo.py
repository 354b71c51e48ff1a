"""
Operations Command Center - Snapshot Memo

Version: 1.1.0
Last Modified: 2026-12-02
Author: Billas
Description: Keeps the last merged snapshot (and its JSON text) for about a
    second, so many browsers polling at once share one merge instead of each
    re-reading and re-serialising the cache. When it runs out, one request
    rebuilds it while the others keep getting the previous one (single
    flight: in a big lab a merge takes tens of milliseconds, and fifty
    pollers must not all pay it at once). Control actions clear it, so an
    operator always sees the result of what they just did: with nothing to
    fall back on, requests wait for the rebuild, and a merge that started
    before the clear is never kept.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-02): Single-flight rebuild serving the previous entry meanwhile; a clear outranks a running merge
"""

import json
import threading

from ...integrations.kit import clock
from ...state import get_state


class SnapshotMemo:
    """A tiny, thread-safe, per-process memo of the last snapshot."""

    def __init__(self):
        self._lock = threading.Lock()
        self._build = threading.Lock()
        self._entry = None
        self._generation = 0  # bumped by clear(): a merge begun before it is not kept

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

    def get_or_build(self, max_age, build):
        """The memoised (snapshot, text), rebuilt by one caller at a time when older than ``max_age``.

        Args:
            max_age: Seconds.
            build: A function returning a fresh snapshot.

        Returns:
            tuple: (snapshot dict, JSON text); while another request rebuilds, the previous entry.
        """
        hit = self.get(max_age)
        if hit is not None:
            return hit
        previous = self._entry
        if not self._build.acquire(blocking=previous is None):
            return previous[1], previous[2]  # someone is merging: the entry of a moment ago will do
        try:
            hit = self.get(max_age)  # built by the request we waited for
            if hit is not None:
                return hit
            generation = self._generation
            snapshot = build()
            return snapshot, self.put(snapshot, generation)
        finally:
            self._build.release()

    def put(self, snapshot, generation=None):
        """Remember a snapshot and serialise it once.

        Args:
            snapshot: The merged snapshot (treated as read-only from now on).
            generation: The generation its merge began in; a clear since then means it is not kept.

        Returns:
            str: Its JSON text.
        """
        text = json.dumps(snapshot, separators=(",", ":"))
        with self._lock:
            if generation is None or generation == self._generation:
                self._entry = (clock.monotonic(), snapshot, text)
        return text

    def clear(self):
        """Forget the memo (after a control action or a settings change).

        Returns:
            None
        """
        with self._lock:
            self._entry = None
            self._generation += 1


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
