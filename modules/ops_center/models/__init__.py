"""
Operations Command Center - Models Package

Version: 1.3.0
Last Modified: 2026-12-02
Author: Billas
Description: SQLAlchemy models of the module: credentials, cache, audit log, alert acknowledgements and
    metrics, all on the module's own ``OpsBase``. Importing the package registers every table, so a host's
    Alembic ``env.py`` (autogenerate) and ``ops_center.create_tables`` need one import.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
- 1.1.0 (2026-12-01): Importing the package registers every table
- 1.2.0 (2026-12-01): The inbox tables (events, incidents, links, maintenance)
- 1.3.0 (2026-12-02): The notification tables (targets, outbox, per-incident memory)
"""

from . import alerts, audit, cache, credentials, events, metrics, notify  # noqa: F401  (each registers its table)
from .base import OpsBase  # noqa: F401
