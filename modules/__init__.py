"""
Operations Command Center - Modules Package

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Namespace for the host's feature modules (ops_center lives here).

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
