from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from evcharge.db.base import Base


class CatalogueVersionRow(Base):
    """A counter per catalogue kind (companies, tariffs, stations, vehicles) that database
    triggers bump on every write to its tables (migration 0007); the in-memory catalogue
    compares them."""

    __tablename__ = "catalogue_versions"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger)
