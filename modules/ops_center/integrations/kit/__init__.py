"""
Operations Command Center - Protocol Kit

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: What every integration shares: the HTTP client builder, the SNMP
    session, the SSH runner, the RouterOS client, the counter-to-rate helper,
    the one value parser, the one time helper and clock, and the error kinds.
    The kit imports nothing from Flask, the models or the services.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""
