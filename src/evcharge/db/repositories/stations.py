"""All SQL about charging stations; a search's statement is built by station_search.py."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, delete, func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from evcharge.core.network import Station
from evcharge.db.base import utcnow
from evcharge.db.models import StationEvseRow, StationRow
from evcharge.db.repositories.locking import changed_one, insert_unless_present
from evcharge.db.repositories.network_mapping import station_columns, to_station
from evcharge.db.repositories.station_search import (
    StationListing,
    StationQuery,
    listing_statement,
    search_statement,
)
from evcharge.db.repositories.station_writes import (
    EvseHolder,
    StationWrite,
    evse_holders,
    upsert_many,
)
from evcharge.db.repositories.upsert import UpsertOutcome

__all__ = [
    "EvseHolder",
    "StationListing",
    "StationQuery",
    "StationRepository",
    "StationWrite",
    "claim_evses",
    "create",
    "update",
]


# Below this many stations updated since a time, SQLite sorts them rather than scan in id order.
FEW_UPDATED = 20_000


class StationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert(self, station: Station, *, source: str, source_key: str) -> UpsertOutcome:
        return self.upsert_many([StationWrite(station, source, source_key)])[0]

    def upsert_many(self, writes: Sequence[StationWrite]) -> list[UpsertOutcome]:
        """Each station inserted, updated or left as it is (station_writes.upsert_many)."""
        return upsert_many(self.session, writes)

    def evse_holders(self, evse_ids: Collection[str]) -> dict[str, EvseHolder]:
        """EVSE id -> the station holding it, for those of `evse_ids` that a station holds (an
        EVSE id names one station: a second station's write of it would fail)."""
        return evse_holders(self.session, evse_ids)

    def get(self, id_or_evse: str) -> Station | None:
        row = self.session.get(StationRow, id_or_evse)
        if row is None:
            evse = self.session.get(StationEvseRow, id_or_evse)
            row = self.session.get(StationRow, evse.station_id) if evse else None
        return to_station(row) if row else None

    def by_ids(self, ids: Sequence[str]) -> list[Station]:
        rows = self.session.scalars(select(StationRow).where(StationRow.id.in_(ids)))
        return [to_station(r) for r in rows]

    def search(self, query: StationQuery, *, offset: int, limit: int) -> list[Station]:
        """Stations matching `query`, in a stable order; `limit` rows from `offset`."""
        return [
            to_station(cast(StationRow, s)) for s in self.find(query, offset=offset, limit=limit)
        ]

    def find(self, query: StationQuery, *, offset: int, limit: int) -> list[StationListing]:
        """Stations matching `query`, `limit` rows from `offset`: nearest first (then by id)
        for a circle; on SQLite, a text search in storage (rowid) order, which its index
        gives without sorting; otherwise by id."""
        # Through the session's Core connection: the ORM's handling of each row (its loading
        # of a select of columns) cost a sixth of a box page of 400 at a million stations.
        rows = self.session.connection().execute(self.statement(query, offset=offset, limit=limit))
        # Plain tuples with the row's values under their names: neither ORM objects nor Row
        # attribute lookups (each cost most of an export page of 1,000).
        make = StationListing._make
        return [make(row) for row in rows]

    def listing(self, id_or_evse: str) -> StationListing | None:
        """The station with this id, else the one with this EVSE id, as a search lists it
        (whatever its status); for a row merged into another station, that canonical station;
        None when there is none."""
        found = self.session.execute(listing_statement(id_or_evse)).first()
        return StationListing._make(found) if found is not None else None

    def statement(
        self, query: StationQuery, *, offset: int, limit: int
    ) -> Select[*tuple[Any, ...]]:
        """The statement `find` runs (EXPLAIN reads it too)."""
        dialect = self.session.get_bind().dialect.name
        recent = dialect == "sqlite" and self._few_updated_since(query.updated_since)
        return search_statement(query, dialect, offset=offset, limit=limit, by_updated_at=recent)

    def _few_updated_since(self, since: datetime | None) -> bool:
        """Whether under FEW_UPDATED stations changed since `since` (reading at most that many
        entries of its index). SQLite keeps no statistics to tell a recent `since` (few rows:
        read the updated_at index, then sort) from an old one (most rows: read in id order);
        PostgreSQL's planner has them."""
        if since is None:
            return False
        recent = select(StationRow.id).where(StationRow.updated_at >= since).limit(FEW_UPDATED)
        count = self.session.scalar(select(func.count()).select_from(recent.subquery()))
        return (count or 0) < FEW_UPDATED

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(StationRow)) or 0


def create(session: Session, station: Station) -> bool:
    """Insert a manually maintained station at version 1; False when its id already exists."""
    values = {**station_columns(station), "source": "manual", "version": 1}
    return insert_unless_present(
        session, StationRow, {**values, "source_key": f"manual:{station.id}"}
    )


def update(session: Session, station: Station, *, version: int) -> bool:
    """Write a manual station as `version` only where it is stored at `version - 1`, in one
    statement; False when it is not (missing, or another writer got there first)."""
    values = {k: v for k, v in station_columns(station).items() if k != "id"}
    stmt = (
        sql_update(StationRow)
        .where(StationRow.id == station.id, StationRow.version == version - 1)
        .values(**values, source="manual", version=version, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return changed_one(session.execute(stmt))


def claim_evses(session: Session, station: Station) -> list[str]:
    """Index a manual station's EVSE ids as its own; the ids another station holds, which are
    left out. Each claim is an INSERT that must not find the id, so of two writers racing for
    one id exactly one gets it (a check before the write would let both pass)."""
    session.execute(delete(StationEvseRow).where(StationEvseRow.station_id == station.id))
    taken = []
    for evse in dict.fromkeys(e for cp in station.charge_points for e in cp.evse_ids):
        row = {"evse_id": evse, "station_id": station.id}
        if not insert_unless_present(session, StationEvseRow, row):
            taken.append(evse)
    return taken
