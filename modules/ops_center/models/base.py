"""
Operations Command Center - Model Base

Version: 1.0.0
Last Modified: 2026-11-26
Author: Billas
Description: The declarative base of the module's tables and the session
    accessor. The module keeps its own metadata and borrows the host's
    Flask-SQLAlchemy session at run time, so it drops into any host that uses
    Flask-SQLAlchemy without importing the host's ``db`` object.

CHANGELOG:
- 1.0.0 (2026-11-26): Initial implementation
"""

from datetime import UTC

from flask import current_app
from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy.orm import DeclarativeBase

from ..integrations.kit import clock


class UtcDateTime(TypeDecorator):
    """A DateTime that always hands back timezone-aware UTC values.

    SQLite drops the timezone; this puts it back so comparisons with
    the clock's aware UTC time never mix naive and aware values.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        """Store as naive UTC.

        Args:
            value: A datetime or None.
            dialect: The SQL dialect.

        Returns:
            datetime | None: Naive UTC value.
        """
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        """Read back as aware UTC.

        Args:
            value: A naive datetime or None.
            dialect: The SQL dialect.

        Returns:
            datetime | None: Aware UTC value.
        """
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class OpsBase(DeclarativeBase):
    """Declarative base for every ops_center table."""


def utcnow():
    """Current time, aware, in UTC.

    Returns:
        datetime: Now.
    """
    return clock.now()


def session():
    """The host's Flask-SQLAlchemy scoped session.

    Returns:
        sqlalchemy.orm.scoped_session: The session bound to the host's engine.
    """
    return current_app.extensions["sqlalchemy"].session
