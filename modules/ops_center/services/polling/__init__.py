"""
Operations Command Center - Polling Services

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Polling: the watcher's side of the flow — instances, fetches, envelopes, the cache,
    history and the merged snapshot (the read path).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (services split by job)
"""
