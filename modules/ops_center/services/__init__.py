"""
Operations Command Center - Services Package

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Services between routes and integrations: aggregation, caching, system store.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
