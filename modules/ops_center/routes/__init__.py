"""
Operations Command Center - Routes Package

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Route modules attach their views to the module blueprint;
    ``common`` holds the JSON error shape and the access checks.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
