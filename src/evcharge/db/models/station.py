from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from evcharge.db.base import Base, utcnow
from evcharge.db.types import JsonType, UtcDateTime

# The stations no search lists: merged into another (duplicate_of) or no longer operational
# (searches also count a NULL status as operational, and `<>` is not true for NULL). Plain SQL
# with its literal, so that the query (station_removals.py) repeats the partial index's WHERE
# term exactly: both planners prove a partial index usable by matching it, not a bound value.
UNLISTED = "duplicate_of IS NOT NULL OR status <> 'operational'"


class StationRow(Base):
    """A charging station (location); its charge points, grouped by (plug, power), are JSON."""

    __tablename__ = "stations"
    # Searches filter and page in SQL (migration 0008): operator and country filters read
    # their index in id order; box, radius and text searches use each backend's own index
    # (SQLite: the R*Tree `stations_rtree` and FTS5 `stations_fts`, kept in sync by triggers;
    # PostgreSQL: GiST on point(longitude, latitude) and pg_trgm GIN), made by the migration.
    __table_args__ = (
        Index("ix_stations_operator_id_id", "operator_id", "id"),
        Index("ix_stations_country_id", "country", "id"),
        Index("ix_stations_updated_at", "updated_at"),
        # Partial (migration 0010): merged-away rows only, so that no search reads it.
        Index(
            "ix_stations_duplicate_of",
            "duplicate_of",
            sqlite_where=text("duplicate_of IS NOT NULL"),
            postgresql_where=text("duplicate_of IS NOT NULL"),
        ),
        # Partial (migration 0018): the rows that left the lists only, in the removed feed's
        # page order, carrying what it reads (db/repositories/station_removals.py).
        Index(
            "ix_stations_unlisted",
            "updated_at",
            "id",
            "duplicate_of",
            "status",
            sqlite_where=text(UNLISTED),
            postgresql_where=text(UNLISTED),
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source: Mapped[str] = mapped_column(String(40))
    source_key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(String(500))
    latitude: Mapped[float] = mapped_column(Float)
    longitude: Mapped[float] = mapped_column(Float)
    country: Mapped[str] = mapped_column(String(2))
    operator_id: Mapped[str] = mapped_column(ForeignKey("companies.id"))
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    free_parking: Mapped[bool | None] = mapped_column(Boolean)
    free_charging: Mapped[bool | None] = mapped_column(Boolean)
    parking_type: Mapped[str | None] = mapped_column(String(40))
    facilities: Mapped[list[str]] = mapped_column(JsonType)
    charge_points: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    # Highest charge-point power, kept for the power filters.
    max_power_kw: Mapped[float] = mapped_column(Float, index=True)
    status: Mapped[str] = mapped_column(String(24), default="operational")
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The station this row was merged into (migration 0010, core/station_matching.py): searches
    # show canonical rows only (NULL). On SQLite the foreign key is a trigger.
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("stations.id", ondelete="SET NULL"))
    # A digest of the station as an import wrote it (migration 0013, station_writes.py); NULL
    # once another writer changes it.
    content_hash: Mapped[str | None] = mapped_column(String(32))


class StationEvseRow(Base):
    """EVSE id -> station, so `/v1/charging_stations/{id}` also finds a station by EVSE id."""

    __tablename__ = "station_evse_ids"

    evse_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    station_id: Mapped[str] = mapped_column(
        ForeignKey("stations.id", ondelete="CASCADE"), index=True
    )


class StationEvseClaimRow(Base):
    """An EVSE id that a station's source lists but another station holds (station_evse_ids
    keeps the first): the evidence that the two are one station (migration 0010)."""

    __tablename__ = "station_evse_claims"

    station_id: Mapped[str] = mapped_column(
        ForeignKey("stations.id", ondelete="CASCADE"), primary_key=True
    )
    evse_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
