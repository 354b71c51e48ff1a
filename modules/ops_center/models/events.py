"""
Operations Command Center - Inbox Models

Version: 1.0.0
Last Modified: 2026-12-01
Author: Billas
Description: The "miss nothing" tables (DESIGN.md section 8): ``ops_events``
    (every alert and derived state change, one row per fingerprint, with its
    sightings, firing/resolved state, ack and incident), ``ops_incidents``
    (correlated events with a named root), ``ops_links`` (the topology:
    outlet -> host, port -> host, port -> port, gateway -> WAN) and
    ``ops_maintenance`` (windows over entities or sources with an end time).

CHANGELOG:
- 1.0.0 (2026-12-01): Initial implementation
"""

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import OpsBase, UtcDateTime


class OpsEvent(OpsBase):
    """One event, upserted by its fingerprint; ``count`` is how often a fetch saw it."""

    __tablename__ = "ops_events"
    __table_args__ = (Index("ix_ops_events_state_source", "state", "source"),
                      Index("ix_ops_events_incident", "incident_id"),
                      Index("ix_ops_events_last_seen", "last_seen"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(255), unique=True, nullable=False)
    source: Mapped[str] = mapped_column(String(100), nullable=False)
    category: Mapped[str] = mapped_column(String(40), nullable=False)
    severity: Mapped[str] = mapped_column(String(20), nullable=False)
    entity: Mapped[str | None] = mapped_column(String(160))
    condition: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(255), nullable=False)
    detail: Mapped[str | None] = mapped_column(Text)
    first_seen = mapped_column(UtcDateTime, nullable=False)
    opened_at = mapped_column(UtcDateTime, nullable=False)
    last_seen = mapped_column(UtcDateTime, nullable=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    state: Mapped[str] = mapped_column(String(10), nullable=False)
    resolved_at = mapped_column(UtcDateTime)
    ack_kind: Mapped[str | None] = mapped_column(String(10))
    ack_by: Mapped[str | None] = mapped_column(String(80))
    ack_at = mapped_column(UtcDateTime)
    ack_note: Mapped[str | None] = mapped_column(Text)
    incident_id: Mapped[int | None] = mapped_column(Integer)
    relation: Mapped[str | None] = mapped_column(String(12))
    maintenance_id: Mapped[int | None] = mapped_column(Integer)


class OpsIncident(OpsBase):
    """Events that share topology (or an entity, or a source burst) within a window, with their root."""

    __tablename__ = "ops_incidents"
    __table_args__ = (Index("ix_ops_incidents_state_key", "state", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), nullable=False)
    state: Mapped[str] = mapped_column(String(15), nullable=False)
    severity: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(255), nullable=False)
    root_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    root_ref: Mapped[str] = mapped_column(String(160), nullable=False)
    root_name: Mapped[str] = mapped_column(String(160), nullable=False)
    opened_at = mapped_column(UtcDateTime, nullable=False)
    updated_at = mapped_column(UtcDateTime, nullable=False)
    last_event_at = mapped_column(UtcDateTime, nullable=False)
    resolved_at = mapped_column(UtcDateTime)
    merged_into: Mapped[int | None] = mapped_column(Integer)
    members: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    sources: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    in_maintenance: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class OpsLink(OpsBase):
    """One dependency: ``downstream`` needs ``upstream`` (power, network, uplink or wan)."""

    __tablename__ = "ops_links"
    __table_args__ = (UniqueConstraint("upstream", "downstream", name="ux_ops_links_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    upstream: Mapped[str] = mapped_column(String(160), nullable=False)
    downstream: Mapped[str] = mapped_column(String(160), nullable=False)
    origin: Mapped[str] = mapped_column(String(20), nullable=False)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at = mapped_column(UtcDateTime, nullable=False)


class OpsMaintenance(OpsBase):
    """A maintenance window over an entity or a source; events inside it are marked, never hidden."""

    __tablename__ = "ops_maintenance"
    __table_args__ = (Index("ix_ops_maintenance_ends", "ends_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scope_kind: Mapped[str] = mapped_column(String(10), nullable=False)
    scope: Mapped[str] = mapped_column(String(160), nullable=False)
    starts_at = mapped_column(UtcDateTime, nullable=False)
    ends_at = mapped_column(UtcDateTime, nullable=False)
    created_by: Mapped[str | None] = mapped_column(String(80))
    created_at = mapped_column(UtcDateTime, nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
