from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from evcharge.db.base import Base, utcnow
from evcharge.db.types import JsonType, UtcDateTime


class TariffRow(Base):
    """A tariff. Its price components (restrictions + segments) are one JSON document, compiled
    into core types when loaded; money fields are exact."""

    __tablename__ = "tariffs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source_key: Mapped[str] = mapped_column(String(120), unique=True)
    emp_id: Mapped[str] = mapped_column(ForeignKey("companies.id"), index=True)
    cpo_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    monthly_fee: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    yearly_service_fee: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    monthly_min_sales: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    is_flat_rate: Mapped[bool] = mapped_column(Boolean)
    is_direct_payment: Mapped[bool] = mapped_column(Boolean)
    is_card_payment: Mapped[bool] = mapped_column(Boolean)
    provider_customer_only: Mapped[bool] = mapped_column(Boolean)
    url: Mapped[str] = mapped_column(String(500))
    supported_countries: Mapped[list[str]] = mapped_column(JsonType)
    vehicle_brands: Mapped[list[str]] = mapped_column(JsonType)
    tags: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    no_price_policy: Mapped[str] = mapped_column(String(16))
    no_price_reason: Mapped[str] = mapped_column(String(40))
    prices: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    prices_as_of: Mapped[date | None] = mapped_column(Date)
    # The OCPI 2.2.1 Tariff this tariff was imported from, whole (migration 0003).
    ocpi: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)
    sources: Mapped[list[str]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
