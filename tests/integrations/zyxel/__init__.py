"""
Operations Command Center - zyxel Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The zyxel package: its pure parser on canned payloads, the integration against its
    loopback fake, its faults.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (tests follow the integration packages)
"""
