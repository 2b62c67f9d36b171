from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from evcharge.db.base import Base, utcnow
from evcharge.db.types import JsonType, UtcDateTime


class ApiKeyRow(Base):
    """An API key. Only its SHA-256 hash is stored; `lookup` is the public part used to find it."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    lookup: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    groups: Mapped[list[str]] = mapped_column(JsonType)
    sandbox: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # NULL: the configured default rate limit; no monthly quota of chargeable calls.
    rate_limit_per_min: Mapped[int | None] = mapped_column(Integer)
    quota_per_month: Mapped[int | None] = mapped_column(Integer)
