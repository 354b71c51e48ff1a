"""
Operations Command Center - Inbox Package

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: "Miss nothing" (DESIGN.md section 8), one folder per job:
    entities (the names of things), derive (sightings from each source's
    data), blind (blind spots), events (upsert by fingerprint, resolve,
    reopen), topology / graph / suggest / links_toml (the links and what is
    reachable), correlate / incidents (events into incidents with a root),
    acks / ack_kinds (normal and sticky acks through the action path),
    maintenance, queries (the read API) and pipeline (the watcher's one
    call, ``pipeline.run_cycle``).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""
