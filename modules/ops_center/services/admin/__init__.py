"""
Operations Command Center - Admin Services

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: Administration: the stored systems (Fernet rows), their schema, TOML import and key
    rotation; owns its commits and audit rows.

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation (services split by job)
"""
