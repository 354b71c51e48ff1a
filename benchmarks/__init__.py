"""
Operations Command Center - Benchmarks Package

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: ``make bench``: the whole poll path against loopback fakes.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
