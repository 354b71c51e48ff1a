"""
Operations Command Center - Protocol Fakes

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: Loopback servers that speak each system's real wire format
    (HTTP, SNMP, RouterOS API, SSH), reused by the tests and the benchmarks.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""
