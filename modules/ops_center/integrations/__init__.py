"""
Operations Command Center - Integrations Package

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: One integration class per system type, registered by type name in base.py.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
