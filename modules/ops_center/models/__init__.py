"""
Operations Command Center - Models Package

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: SQLAlchemy models of the module: credentials, cache, audit log and alert acknowledgements.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
