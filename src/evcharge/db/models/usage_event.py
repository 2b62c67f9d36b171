from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from evcharge.db.base import Base
from evcharge.db.types import UtcDateTime


class UsageEventRow(Base):
    """One API call, recorded durably for metering. `unit_price` is exact (billed money)."""

    __tablename__ = "usage_events"
    __table_args__ = (
        Index("ix_usage_events_key_time", "api_key_id", "created_at"),
        Index("ix_usage_events_time", "created_at"),
        UniqueConstraint("event_id", name="uq_usage_events_event_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Null when no valid key was presented (403s are recorded too, against no key).
    api_key_id: Mapped[int | None] = mapped_column(ForeignKey("api_keys.id"))
    endpoint: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(8))
    status: Mapped[int] = mapped_column(Integer)
    chargeable: Mapped[bool] = mapped_column(Boolean)
    unit_price: Mapped[Decimal] = mapped_column(Numeric(12, 4))
    currency: Mapped[str] = mapped_column(String(3))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # Ours, unique: a batch written twice counts once. Null on events from before 0004.
    event_id: Mapped[str | None] = mapped_column(String(32))
    # The caller's X-Request-Id (or ours), to find a call in the logs and the bill.
    request_id: Mapped[str | None] = mapped_column(String(64))
