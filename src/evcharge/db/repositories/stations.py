"""All SQL about charging stations.

Every search filters, sorts and pages in SQL, each on an index (migration 0008): boxes and radii
on SQLite's R*Tree or PostgreSQL's GiST index on point(longitude, latitude), text on SQLite's
FTS5 trigram index or PostgreSQL's pg_trgm, ids, operators and countries on B-trees in id order.
Each answer is at most `limit` rows, however many match.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any
from typing import cast as cast_

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Float,
    Select,
    bindparam,
    cast,
    column,
    delete,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
)
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import TextClause

from evcharge.core.geo import EARTH_RADIUS_M, bounding_box
from evcharge.core.network import Station
from evcharge.db.base import utcnow
from evcharge.db.models import StationEvseRow, StationRow
from evcharge.db.repositories.locking import changed_one, insert_unless_present
from evcharge.db.repositories.network_mapping import station_columns, to_station
from evcharge.db.repositories.upsert import UpsertOutcome, upsert_by_source_key
from evcharge.db.types import UtcDateTime


@dataclass(frozen=True, slots=True)
class StationQuery:
    """Search criteria; None means "no constraint". The box is inclusive (degrees)."""

    lat_min: float | None = None
    lat_max: float | None = None
    lng_min: float | None = None
    lng_max: float | None = None
    circle: tuple[float, float, float] | None = None  # lat, lng, radius_m: nearest first
    ids: Sequence[str] | None = None
    operator_ids: Sequence[str] | None = None
    countries: Sequence[str] | None = None
    # Some one charge point has one of `plugs` and a power in [power_gte_kw, power_lte_kw].
    plugs: Sequence[str] | None = None
    power_gte_kw: float | None = None
    power_lte_kw: float | None = None
    text: str | None = None  # in the name or address, ignoring case
    updated_since: datetime | None = None
    after_id: str | None = None  # keyset paging: only ids after this one (id order)


@dataclass(frozen=True, slots=True)
class Found:
    station: Station
    distance_m: float | None  # from the circle's centre, for a radius search


# SQLite's search indexes (virtual tables of migration 0008), joined on the stations' rowid.
_RTREE = table("stations_rtree", column("id"), column("min_lat"), column("max_lat"))
_RTREE_LNG: tuple[ColumnClause[float], ColumnClause[float]] = (
    column("min_lng", Float),
    column("max_lng", Float),
)
_FTS = table("stations_fts", column("rowid"))
_ROWID: ColumnClause[int] = literal_column("stations.rowid")
# What to_station reads (not the timestamps, whose parsing costs as much again).
_STATION_COLUMNS = [
    StationRow.id,
    StationRow.name,
    StationRow.address,
    StationRow.latitude,
    StationRow.longitude,
    StationRow.country,
    StationRow.operator_id,
    StationRow.charge_points,
    StationRow.is_sample,
    StationRow.free_parking,
    StationRow.free_charging,
    StationRow.parking_type,
    StationRow.facilities,
    StationRow.source,
    StationRow.version,
]
# Trigram index: a shorter text has no trigram, and is matched by scanning.
MIN_INDEXED_TEXT = 3
# Below this many stations updated since a time, SQLite sorts them rather than scan in id order.
FEW_UPDATED = 20_000


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
        return [found.station for found in self.find(query, offset=offset, limit=limit)]

    def find(self, query: StationQuery, *, offset: int, limit: int) -> list[Found]:
        """Stations matching `query`, `limit` rows from `offset`: nearest first (then by id)
        for a circle; on SQLite, a text search in storage (rowid) order, which its index
        gives without sorting; otherwise by id."""
        rows = self.session.execute(self.statement(query, offset=offset, limit=limit))
        # Plain objects with the columns to_station reads, under the same names: neither ORM
        # objects nor Row attribute lookups (each cost most of an export page of 1,000).
        found = []
        for values in rows.mappings():
            view = SimpleNamespace(**values)
            found.append(Found(to_station(cast_(StationRow, view)), view.distance_m))
        if query.circle is None:
            return [Found(f.station, None) for f in found]
        return found

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


def search_statement(
    q: StationQuery, dialect: str, *, offset: int, limit: int, by_updated_at: bool = False
) -> Select[*tuple[Any, ...]]:
    """The search as one statement; `by_updated_at` makes SQLite read the updated_at index
    (for a `since` few stations match)."""
    sqlite = dialect == "sqlite"
    conditions: list[ColumnElement[bool] | TextClause] = [*_conditions(q, sqlite, by_updated_at)]
    if by_updated_at and q.updated_since is not None:
        # SQLite's way to say "few rows pass this": it then reads the updated_at index.
        since = bindparam("since", q.updated_since, type_=UtcDateTime())
        conditions.append(
            text("likelihood(stations.updated_at >= :since, 0.001)").bindparams(since)
        )
    distance: ColumnElement[float] = literal(0.0, Float)
    order: list[ColumnElement[Any]] = [StationRow.id.expression]
    if q.circle is not None:
        distance = _haversine_m(*q.circle[:2])
        conditions.append(distance <= q.circle[2])
        order = [distance, StationRow.id.expression]
    row_number = _ROWID if sqlite else literal(0)
    stmt = select(StationRow.id, distance.label("distance_m"), row_number.label("row_number"))
    box = _box(q)
    if box is not None:
        conditions.extend(_exact_box(*box))
        if sqlite:
            stmt = stmt.join(_RTREE, _RTREE.c.id == _ROWID)
            conditions.extend(_rtree_box(*box))
        else:
            conditions.append(_gist_box(*box))
    if q.text is not None:
        if sqlite and len(q.text) >= MIN_INDEXED_TEXT:
            stmt = stmt.join(_FTS, _FTS.c.rowid == _ROWID)
            match = text("stations_fts MATCH :phrase").bindparams(phrase=_phrase(q.text))
            conditions.append(match)
            rowid = _FTS.c.rowid  # FTS5 gives its matches in rowid order: no sort
        else:
            conditions.append(_contains_text(q.text, sqlite))
            rowid = _ROWID
        if sqlite and q.circle is None:
            order = [rowid]
    return _rows_of(stmt.where(*conditions).order_by(*order).offset(offset).limit(limit), q, sqlite)


def _rows_of(
    keys: Select[*tuple[Any, ...]], q: StationQuery, sqlite: bool
) -> Select[*tuple[Any, ...]]:
    """The page's rows, read by their keys (id, distance, rowid) once those are found and put
    in order: a search that sorts its candidates (box, radius, text on PostgreSQL) then sorts
    narrow keys, not whole rows with their charge points."""
    page = keys.subquery("page")
    if q.circle is not None:
        order = [page.c.distance_m, page.c.id]
    elif q.text is not None and sqlite:
        order = [page.c.row_number]
    else:
        order = [page.c.id]
    return (
        select(*_STATION_COLUMNS, page.c.distance_m)
        .join(page, StationRow.id == page.c.id)
        .order_by(*order)
    )


def _box(q: StationQuery) -> tuple[float, float, float, float] | None:
    if q.circle is not None:
        return bounding_box(*q.circle)
    if q.lat_min is None or q.lat_max is None or q.lng_min is None or q.lng_max is None:
        return None
    return q.lat_min, q.lat_max, q.lng_min, q.lng_max


def _exact_box(
    lat_min: float, lat_max: float, lng_min: float, lng_max: float
) -> list[ColumnElement[bool]]:
    # The spatial indexes return a superset (R*Tree rounds outwards to 32-bit floats,
    # PostgreSQL's geometric operators compare with a 1e-6 tolerance): the columns decide.
    return [
        StationRow.latitude.between(lat_min, lat_max),
        StationRow.longitude.between(lng_min, lng_max),
    ]


def _rtree_box(
    lat_min: float, lat_max: float, lng_min: float, lng_max: float
) -> list[ColumnElement[bool]]:
    min_lng, max_lng = _RTREE_LNG
    return [
        _RTREE.c.max_lat >= lat_min,
        _RTREE.c.min_lat <= lat_max,
        max_lng >= lng_min,
        min_lng <= lng_max,
    ]


def _gist_box(
    lat_min: float, lat_max: float, lng_min: float, lng_max: float
) -> ColumnElement[bool]:
    # The expression of the GiST index ix_stations_point, word for word.
    point = func.point(StationRow.longitude, StationRow.latitude)
    box = func.box(func.point(lng_min, lat_min), func.point(lng_max, lat_max))
    return point.op("<@", is_comparison=True)(box)


def _haversine_m(lat: float, lng: float) -> ColumnElement[float]:
    """The great-circle distance from (lat, lng) in metres, as core.geo.haversine_m computes
    it (the same mean Earth radius), in SQL: SQLite has the math functions since 3.35."""
    lat1, lat2 = func.radians(literal(lat, Float)), func.radians(StationRow.latitude)
    dlat = func.radians(StationRow.latitude - literal(lat, Float))
    dlng = func.radians(StationRow.longitude - literal(lng, Float))
    a = func.power(func.sin(dlat / 2), 2) + func.cos(lat1) * func.cos(lat2) * func.power(
        func.sin(dlng / 2), 2
    )
    return 2 * EARTH_RADIUS_M * func.asin(func.sqrt(a))


def _conditions(q: StationQuery, sqlite: bool, few_updated: bool) -> list[ColumnElement[bool]]:
    # With `few_updated`, search_statement writes the updated_since condition for SQLite.
    since = q.updated_since if not few_updated else None
    conditions = [
        StationRow.id.in_(q.ids) if q.ids is not None else None,
        StationRow.operator_id.in_(q.operator_ids) if q.operator_ids is not None else None,
        StationRow.country.in_(q.countries) if q.countries is not None else None,
        # The indexed highest power narrows before the charge points are read.
        StationRow.max_power_kw >= q.power_gte_kw if q.power_gte_kw is not None else None,
        StationRow.updated_at >= since if since is not None else None,
        StationRow.id > q.after_id if q.after_id is not None else None,
        _charge_point_matches(q, sqlite),
        or_(StationRow.status == "operational", StationRow.status.is_(None)),
    ]
    return [c for c in conditions if c is not None]


def _charge_point_matches(q: StationQuery, sqlite: bool) -> ColumnElement[bool] | None:
    """Some one charge point (a JSON array element) has the plug and the power asked for."""
    if q.plugs is None and q.power_gte_kw is None and q.power_lte_kw is None:
        return None
    if sqlite:
        points = func.json_each(StationRow.charge_points).table_valued("value").alias("cp")
        plug: ColumnElement[Any] = func.json_extract(points.c.value, "$.plug")
        power: ColumnElement[Any] = func.json_extract(points.c.value, "$.power")
    else:
        points = func.jsonb_array_elements(StationRow.charge_points).table_valued("value")
        points = points.alias("cp")
        plug = points.c.value.op("->>")("plug")
        power = cast(points.c.value.op("->>")("power"), Float)
    wanted = [
        plug.in_(q.plugs) if q.plugs is not None else None,
        power >= q.power_gte_kw if q.power_gte_kw is not None else None,
        power <= q.power_lte_kw if q.power_lte_kw is not None else None,
    ]
    return exists(select(1).select_from(points).where(*[w for w in wanted if w is not None]))


def _phrase(text_: str) -> str:
    # One FTS5 phrase: everything inside the quotes is literal text (quotes doubled), so the
    # trigram index finds `text_` as a substring, with no query syntax or wildcards.
    return '"' + text_.replace('"', '""') + '"'


def _contains_text(text_: str, sqlite: bool) -> ColumnElement[bool]:
    # LIKE's wildcards in the text are escaped to stay literal.
    escaped = text_.replace("/", "//").replace("%", "/%").replace("_", "/_")
    if not sqlite:
        # ILIKE is what the pg_trgm GIN indexes serve; it folds case by the database's locale.
        pattern = f"%{escaped}%"
        return or_(
            StationRow.name.ilike(pattern, escape="/"),
            StationRow.address.ilike(pattern, escape="/"),
        )
    # Both sides lowered by the database itself, so that its idea of case applies to both.
    lowered = func.lower(literal(f"%{escaped}%"))
    return or_(
        func.lower(StationRow.name).like(lowered, escape="/"),
        func.lower(StationRow.address).like(lowered, escape="/"),
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
