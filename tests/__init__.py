"""
Operations Command Center - Test Package

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The test suite: unit, API, fakes on loopback and browser tests.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
