from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evcharge.db.base import Base, utcnow
from evcharge.db.models.brand import BrandRow
from evcharge.db.types import JsonType, UtcDateTime


class VehicleRow(Base):
    """One vehicle variant. Nested facts (curve, AC table, V2X per market) are JSON documents."""

    __tablename__ = "vehicles"
    __table_args__ = (UniqueConstraint("source", "source_key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    evdb_vehicle_id: Mapped[int] = mapped_column(Integer, unique=True)
    # Where the record came from (curated, open-ev-data, open-ev-data-dataset) and its id there:
    # imports upsert on this pair, so a second import of the same file changes nothing.
    source: Mapped[str] = mapped_column(String(40))
    source_key: Mapped[str] = mapped_column(String(200))
    brand_id: Mapped[str] = mapped_column(ForeignKey("vehicle_brands.id"), index=True)
    model: Mapped[str] = mapped_column(String(120))
    variant: Mapped[str] = mapped_column(String(200))
    release_year: Mapped[int | None] = mapped_column(Integer)
    vehicle_type: Mapped[str] = mapped_column(String(16), index=True)
    ev_type: Mapped[str] = mapped_column(String(8))
    usable_battery_size_kwh: Mapped[float] = mapped_column(Float)
    ac_phases: Mapped[int] = mapped_column(Integer)
    ac_ports: Mapped[list[str]] = mapped_column(JsonType)
    ac_max_power_kw: Mapped[float] = mapped_column(Float)
    ac_power_per_charging_point_kw: Mapped[dict[str, float]] = mapped_column(JsonType)
    dc_ports: Mapped[list[str]] = mapped_column(JsonType)
    dc_max_power_kw: Mapped[float | None] = mapped_column(Float)
    dc_charging_curve: Mapped[list[list[float]]] = mapped_column(JsonType)
    dc_default_charging_curve: Mapped[bool] = mapped_column(Boolean)
    energy_consumption_kwh_per_100km: Mapped[float | None] = mapped_column(Float)
    markets: Mapped[list[str]] = mapped_column(JsonType)
    bidirectional: Mapped[dict[str, Any]] = mapped_column(JsonType)
    # The record's own source URLs, then those of the records attached to it
    # (VehicleAttachmentRow); `own_sources` keeps the first part to rebuild the whole.
    sources: Mapped[list[str]] = mapped_column(JsonType)
    own_sources: Mapped[list[str] | None] = mapped_column(JsonType)
    curve_provenance: Mapped[str] = mapped_column(String(24), server_default="measured")
    # The maker's published DC charge time (core.vehicles.ReferenceCharge), when known.
    reference_charge: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    brand: Mapped[BrandRow] = relationship(lazy="joined")
