from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from evcharge.db.base import Base, utcnow
from evcharge.db.types import JsonType, UtcDateTime

# A CPO accepts the customers of these EMPs (roaming).
supported_emps = Table(
    "company_supported_emps",
    Base.metadata,
    Column("cpo_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
    Column("emp_id", ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True),
)


class CompanyRow(Base):
    """A charge point operator (CPO), an e-mobility provider (EMP), or both."""

    __tablename__ = "companies"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source_key: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    url: Mapped[str] = mapped_column(String(500))
    is_cpo: Mapped[bool] = mapped_column(Boolean)
    is_emp: Mapped[bool] = mapped_column(Boolean)
    countries: Mapped[list[str]] = mapped_column(JsonType)
    evse_operator_ids: Mapped[list[str]] = mapped_column(JsonType)
    sources: Mapped[list[str]] = mapped_column(JsonType)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)

    supported_emps: Mapped[list[CompanyRow]] = relationship(
        secondary=supported_emps,
        primaryjoin=lambda: CompanyRow.id == supported_emps.c.cpo_id,
        secondaryjoin=lambda: CompanyRow.id == supported_emps.c.emp_id,
        lazy="selectin",
    )
