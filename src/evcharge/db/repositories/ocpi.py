"""All SQL about OCPI: parties, pushed objects, and the Sender interface's pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, and_, cast, delete, func, or_, select
from sqlalchemy.orm import Session

from evcharge.core.network import Station, Tariff
from evcharge.db.base import utcnow
from evcharge.db.models import OcpiObjectRow, OcpiPartyRow, StationRow, TariffRow
from evcharge.db.repositories.network_mapping import to_station
from evcharge.db.repositories.tariff_mapping import to_tariff


@dataclass(frozen=True, slots=True)
class OcpiParty:
    id: int
    country_code: str
    party_id: str
    role: str
    name: str
    status: str
    peer_token: str | None
    peer_versions_url: str | None
    peer_endpoints: tuple[dict[str, Any], ...]
    peer_roles: tuple[dict[str, Any], ...]
    last_sync_at: datetime | None
    created_at: datetime

    @property
    def key(self) -> str:
        return f"{self.country_code}*{self.party_id}*{self.role}"


def _party(row: OcpiPartyRow) -> OcpiParty:
    return OcpiParty(
        id=row.id,
        country_code=row.country_code,
        party_id=row.party_id,
        role=row.role,
        name=row.name,
        status=row.status,
        peer_token=row.peer_token,
        peer_versions_url=row.peer_versions_url,
        peer_endpoints=tuple(row.peer_endpoints or ()),
        peer_roles=tuple(row.peer_roles or ()),
        last_sync_at=row.last_sync_at,
        created_at=row.created_at,
    )


class OcpiPartyRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, *, country_code: str, party_id: str, role: str, token_a_hash: str) -> OcpiParty:
        row = OcpiPartyRow(
            country_code=country_code, party_id=party_id, role=role, name="", status="pending",
            token_a_hash=token_a_hash, peer_endpoints=[], peer_roles=[], created_at=utcnow(),
            updated_at=utcnow(),
        )  # fmt: skip
        self.session.add(row)
        self.session.flush()
        return _party(row)

    def find(self, country_code: str, party_id: str, role: str | None = None) -> list[OcpiParty]:
        stmt = select(OcpiPartyRow).where(
            OcpiPartyRow.country_code == country_code, OcpiPartyRow.party_id == party_id
        )
        if role is not None:
            stmt = stmt.where(OcpiPartyRow.role == role)
        return [_party(r) for r in self.session.scalars(stmt.order_by(OcpiPartyRow.id))]

    def get(self, party_id: int) -> OcpiParty | None:
        row = self.session.get(OcpiPartyRow, party_id)
        return _party(row) if row else None

    def by_token_hash(self, token_hash: str) -> tuple[OcpiParty, str] | None:
        """The party presenting this token, and which it is: "A" (registration) or "C"."""
        row = self.session.scalar(
            select(OcpiPartyRow).where(
                or_(OcpiPartyRow.token_a_hash == token_hash, OcpiPartyRow.token_hash == token_hash)
            )
        )
        if row is None:
            return None
        return _party(row), "A" if row.token_a_hash == token_hash else "C"

    def all(self) -> list[OcpiParty]:
        stmt = select(OcpiPartyRow).order_by(
            OcpiPartyRow.country_code, OcpiPartyRow.party_id, OcpiPartyRow.role
        )
        return [_party(r) for r in self.session.scalars(stmt)]

    def update(self, party_id: int, **values: Any) -> OcpiParty:
        """Set columns of the party (tokens as hashes); unknown names are a bug."""
        row = self.session.get(OcpiPartyRow, party_id)
        assert row is not None
        for name, value in values.items():
            assert hasattr(row, name), name
            setattr(row, name, value)
        row.updated_at = utcnow()
        self.session.flush()
        return _party(row)

    def remove(self, party_id: int) -> bool:
        found = self.session.execute(delete(OcpiPartyRow).where(OcpiPartyRow.id == party_id))
        return bool(getattr(found, "rowcount", 0))


class OcpiObjectRepository:
    """Pushed Locations and Tariffs, whole, by (kind, country code, party id, id)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _row(self, kind: str, cc: str, pid: str, object_id: str) -> OcpiObjectRow | None:
        return self.session.scalar(
            select(OcpiObjectRow).where(
                OcpiObjectRow.kind == kind, OcpiObjectRow.country_code == cc,
                OcpiObjectRow.party_id == pid, OcpiObjectRow.object_id == object_id,
            )
        )  # fmt: skip

    def get(self, kind: str, cc: str, pid: str, object_id: str) -> dict[str, Any] | None:
        row = self._row(kind, cc, pid, object_id)
        return dict(row.document) if row else None

    def put(self, kind: str, cc: str, pid: str, object_id: str, document: dict[str, Any]) -> bool:
        """Store the document; True when it was not there before."""
        row = self._row(kind, cc, pid, object_id)
        if row is None:
            self.session.add(
                OcpiObjectRow(
                    kind=kind, country_code=cc, party_id=pid, object_id=object_id,
                    document=document, last_updated=utcnow(),
                )
            )  # fmt: skip
            self.session.flush()
            return True
        if row.document != document:
            row.document, row.last_updated = document, utcnow()
            self.session.flush()
        return False

    def delete(self, kind: str, cc: str, pid: str, object_id: str) -> bool:
        row = self._row(kind, cc, pid, object_id)
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True


@dataclass(frozen=True, slots=True)
class Window:
    """A Sender list's request: last update in [date_from, date_to), `limit` from `offset`."""

    date_from: datetime | None
    date_to: datetime | None
    offset: int
    limit: int


def _in_window(stmt: Select[Any], column: Any, w: Window) -> Select[Any]:
    if w.date_from is not None:
        stmt = stmt.where(column >= w.date_from)
    if w.date_to is not None:
        stmt = stmt.where(column < w.date_to)
    return stmt


def stations_page(session: Session, w: Window) -> tuple[list[tuple[Station, datetime]], int]:
    """Every station (operational or not: OCPI says what an EVSE's status is) in the window,
    oldest update first, with its last update; and how many the window holds. A station
    merged into another is no Location of its own: its canonical station is the one listed.

    The page's ids come first, from the (updated_at, id) index alone, and only then their
    rows: an OFFSET over whole rows would read every row it skips. So the merged-away ids
    are left out by id, a set read once from their partial index (`NOT IN`, hashed), and
    counted apart through that index: the window's count less its merged-away rows."""
    merged = StationRow.duplicate_of.is_not(None)
    counted = select(func.count()).select_from(StationRow)
    total = session.scalar(_in_window(counted, StationRow.updated_at, w)) or 0
    total -= session.scalar(_in_window(counted.where(merged), StationRow.updated_at, w)) or 0
    listed = StationRow.id.not_in(select(StationRow.id).where(merged))
    ids = list(session.scalars(
        _in_window(select(StationRow.id).where(listed), StationRow.updated_at, w)
        .order_by(StationRow.updated_at, StationRow.id).offset(w.offset).limit(w.limit)
    ))  # fmt: skip
    rows = {r.id: r for r in session.scalars(select(StationRow).where(StationRow.id.in_(ids)))}
    return [(to_station(rows[i]), rows[i].updated_at) for i in ids if i in rows], total


def station_with_update(
    session: Session, station_id: str
) -> tuple[Station, datetime, str | None] | None:
    """The station, its last update and the id of the station it was merged into (None when
    it is canonical)."""
    row = session.get(StationRow, station_id)
    return (to_station(row), row.updated_at, row.duplicate_of) if row else None


def ocpi_tariffs_page(session: Session, w: Window) -> tuple[list[tuple[Tariff, datetime]], int]:
    """Tariffs held as OCPI Tariffs (imported, pushed or pulled), as `stations_page`."""
    # A tariff of our own model holds JSON null there, not SQL NULL: both mean "not OCPI".
    ocpi = and_(TariffRow.ocpi.is_not(None), cast(TariffRow.ocpi, String) != "null")
    base = _in_window(select(TariffRow).where(ocpi), TariffRow.updated_at, w)
    counted = _in_window(
        select(func.count()).select_from(TariffRow).where(ocpi), TariffRow.updated_at, w
    )
    rows = session.scalars(
        base.order_by(TariffRow.updated_at, TariffRow.id).offset(w.offset).limit(w.limit)
    )
    return [(to_tariff(r), r.updated_at) for r in rows], session.scalar(counted) or 0


def ocpi_tariff(session: Session, tariff_id: str) -> tuple[Tariff, datetime] | None:
    row = session.get(TariffRow, tariff_id)
    return (to_tariff(row), row.updated_at) if row is not None and row.ocpi is not None else None
