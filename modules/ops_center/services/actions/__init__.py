"""
Operations Command Center - Actions Services

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Actions: the action registry and dispatch (outlets, acknowledgements, graphs), leases
    and their checks; owns its commits and audit rows.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (services split by job)
"""
