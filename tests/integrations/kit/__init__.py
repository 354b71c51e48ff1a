"""
Operations Command Center - Protocol Kit Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The shared kit: the SNMP session against a real agent, uptime bars.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (tests follow the integration packages)
"""
