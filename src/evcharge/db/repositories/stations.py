"""All SQL about charging stations."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, delete, func, literal, or_, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from evcharge.core.network import Station
from evcharge.db.base import utcnow
from evcharge.db.models import StationEvseRow, StationRow
from evcharge.db.repositories.locking import changed_one, insert_unless_present
from evcharge.db.repositories.network_mapping import station_columns, to_station
from evcharge.db.repositories.upsert import UpsertOutcome, upsert_by_source_key


@dataclass(frozen=True, slots=True)
class StationQuery:
    """Search criteria; None means "no constraint". The box is inclusive (degrees)."""

    lat_min: float | None = None
    lat_max: float | None = None
    lng_min: float | None = None
    lng_max: float | None = None
    ids: Sequence[str] | None = None
    operator_ids: Sequence[str] | None = None
    countries: Sequence[str] | None = None
    power_gte_kw: float | None = None
    text: str | None = None  # in the name or address, ignoring case


class StationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert(self, station: Station, *, source: str, source_key: str) -> UpsertOutcome:
        values = {**station_columns(station), "source": source}
        row, outcome = upsert_by_source_key(self.session, StationRow, source_key, values)
        if outcome is not UpsertOutcome.UNCHANGED:
            self.index_evses(row.id, station)
        return outcome

    def index_evses(self, station_id: str, station: Station) -> None:
        self.session.execute(delete(StationEvseRow).where(StationEvseRow.station_id == station_id))
        evses = {e for cp in station.charge_points for e in cp.evse_ids}
        self.session.add_all(StationEvseRow(evse_id=e, station_id=station_id) for e in evses)
        self.session.flush()

    def evse_holders(self, evse_ids: Collection[str], *, other_than: str) -> dict[str, str]:
        """EVSE id -> source key of the station holding it, for those of `evse_ids` that a
        station other than `other_than` holds (an EVSE id names one station: index_evses
        would fail on it)."""
        if not evse_ids:
            return {}
        rows = self.session.execute(
            select(StationEvseRow.evse_id, StationRow.source_key)
            .join(StationRow, StationRow.id == StationEvseRow.station_id)
            .where(StationEvseRow.evse_id.in_(evse_ids), StationEvseRow.station_id != other_than)
        )
        return {row.evse_id: row.source_key for row in rows}

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
        rows = self.session.scalars(
            _where(select(StationRow), query).order_by(StationRow.id).offset(offset).limit(limit)
        )
        return [to_station(r) for r in rows]

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(StationRow)) or 0


def _where(stmt: Select[StationRow], q: StationQuery) -> Select[StationRow]:
    conditions = [
        StationRow.latitude >= q.lat_min if q.lat_min is not None else None,
        StationRow.latitude <= q.lat_max if q.lat_max is not None else None,
        StationRow.longitude >= q.lng_min if q.lng_min is not None else None,
        StationRow.longitude <= q.lng_max if q.lng_max is not None else None,
        StationRow.id.in_(q.ids) if q.ids is not None else None,
        StationRow.operator_id.in_(q.operator_ids) if q.operator_ids is not None else None,
        StationRow.country.in_(q.countries) if q.countries is not None else None,
        StationRow.max_power_kw >= q.power_gte_kw if q.power_gte_kw is not None else None,
        _contains_text(q.text) if q.text is not None else None,
    ]
    return stmt.where(*[c for c in conditions if c is not None]).where(
        or_(StationRow.status == "operational", StationRow.status.is_(None))
    )


def _contains_text(text: str) -> ColumnElement[bool]:
    # Both sides lowered by the database itself, so that its idea of case applies to both (SQLite
    # folds ASCII only); LIKE's wildcards in the text are escaped to stay literal.
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    pattern = func.lower(literal(f"%{escaped}%"))
    return or_(
        func.lower(StationRow.name).like(pattern, escape="/"),
        func.lower(StationRow.address).like(pattern, escape="/"),
    )


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
