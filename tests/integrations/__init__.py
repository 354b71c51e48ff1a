"""
Operations Command Center - Integration Tests

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: One folder per integration package (and one for the protocol kit), as in modules/ops_center/integrations/.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (tests follow the integration packages)
"""
