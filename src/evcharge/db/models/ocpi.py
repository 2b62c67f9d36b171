"""OCPI 2.2.1 parties (the platforms we exchange with) and the objects they push to us."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from evcharge.db.base import Base, utcnow
from evcharge.db.models.station import StationRow
from evcharge.db.models.tariff import TariffRow
from evcharge.db.types import JsonType, UtcDateTime


class OcpiPartyRow(Base):
    """One party (country code, party id, role). Tokens it presents to us are stored as SHA-256
    hashes only, like API keys: `token_a_hash` (registration, credentials only) and
    `token_hash` (every module, after registration). `peer_token` is the token we present to
    it: a credential of theirs we must send, so it is kept as given."""

    __tablename__ = "ocpi_parties"
    __table_args__ = (UniqueConstraint("country_code", "party_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    country_code: Mapped[str] = mapped_column(String(2))
    party_id: Mapped[str] = mapped_column(String(3))
    role: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(100), default="")
    # pending (token A issued), registered, unregistered
    status: Mapped[str] = mapped_column(String(16))
    token_a_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    peer_token: Mapped[str | None] = mapped_column(String(255))
    peer_versions_url: Mapped[str | None] = mapped_column(String(500))
    peer_endpoints: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    peer_roles: Mapped[list[dict[str, Any]]] = mapped_column(JsonType)
    # The moment the last `evcharge ocpi sync` started: the next asks for what changed since.
    last_sync_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class OcpiObjectRow(Base):
    """A Location or Tariff a CPO pushed (or we pulled) whole, as last received: PATCH merges
    into it, and the Receiver's GET answers it."""

    __tablename__ = "ocpi_objects"
    __table_args__ = (UniqueConstraint("kind", "country_code", "party_id", "object_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))
    country_code: Mapped[str] = mapped_column(String(2))
    party_id: Mapped[str] = mapped_column(String(3))
    object_id: Mapped[str] = mapped_column(String(36))
    document: Mapped[dict[str, Any]] = mapped_column(JsonType)
    last_updated: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


# The Sender's lists page in (last update, id) order (date_from/date_to, offset), by index.
Index("ix_tariffs_updated_at", TariffRow.updated_at, TariffRow.id)
Index("ix_stations_updated_at_id", StationRow.updated_at, StationRow.id)
