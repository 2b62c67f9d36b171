"""The SQL of a station search: each filter, sort and page on an index (migration 0008).

Boxes and radii: SQLite's R*Tree `stations_rtree` (with an id prefix as a third dimension,
migration 0017, below), or PostgreSQL's GiST index on point(longitude, latitude); text:
SQLite's FTS5 trigram table `stations_fts`, or PostgreSQL's pg_trgm GIN index and an id B-tree
carrying the text (migration 0016, below); ids, operators and countries: B-trees in id order.
A statement finds and orders the page's keys first and then reads those rows, so at most one
page of rows is read whole, however many stations match.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from functools import cache, lru_cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Float,
    Select,
    String,
    bindparam,
    case,
    cast,
    column,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    table,
    text,
    union_all,
)
from sqlalchemy.sql.elements import BindParameter, TextClause

from evcharge.core.geo import EARTH_RADIUS_M, bounding_box
from evcharge.core.text_search import Term, search_terms
from evcharge.db.models import StationEvseRow, StationRow
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
    text: str | None = None  # its words in the name or address (core/text_search.py)
    updated_since: datetime | None = None
    is_sample: bool | None = None  # only invented sample stations, or none of them
    after_id: str | None = None  # keyset paging: only ids after this one (id order)


# SQLite's search indexes (virtual tables of migration 0008), joined on the stations' rowid.
# The R*Tree also holds each station's id and exact coordinates, of operational stations only,
# and since 0010 the canonical station it was merged into, if any (search shows canonical ones);
# since 0017 a prefix of the station id as a third dimension (_RTREE_BOX_KEYS, below).
_RTREE = table(
    "stations_rtree",
    column("id"),
    column("min_lat", Float),
    column("max_lat", Float),
    column("min_lng", Float),
    column("max_lng", Float),
    column("station_id"),
    column("latitude", Float),
    column("longitude", Float),
    column("duplicate_of"),
    column("min_id_prefix", Float),
)
_FTS = table("stations_fts", column("rowid"))
# A position in degrees: a value, or a parameter a statement built once is bound to per call.
Degrees = float | BindParameter[float]

_ROWID: ColumnClause[int] = literal_column("stations.rowid")
# What a page shows and to_station reads (not the timestamps, whose parsing costs as much again).


class StationListing(NamedTuple):
    """A found station as its row holds it: its columns (_STATION_COLUMNS), then the distance
    from a circle's centre (0 for other searches). The API renders a page straight from these:
    building a core Station (and its charge point groups) for each and the resource from that
    cost twice as much, about 20 µs a station."""

    id: str
    name: str
    address: str
    latitude: float
    longitude: float
    country: str
    operator_id: str
    # As stored: each {"plug", "power", "energy_type", "count", "evse_ids"} (plug and energy
    # type by their values), see network_mapping.station_columns.
    charge_points: list[dict[str, Any]]
    is_sample: bool
    free_parking: bool | None
    free_charging: bool | None
    parking_type: str | None
    facilities: list[str]
    source: str
    version: int
    distance_m: float


# The columns a listing reads, in StationListing's order (all but the distance, which the
# search computes): one list, so the two cannot drift apart.
_STATION_COLUMNS = [getattr(StationRow, name) for name in StationListing._fields[:-1]]


# Trigram index: a shorter text has no trigram, and is matched by scanning.
MIN_INDEXED_TEXT = 3


def search_statement(
    q: StationQuery, dialect: str, *, offset: int, limit: int, by_updated_at: bool = False
) -> Select[*tuple[Any, ...]]:
    """The search as one statement; `by_updated_at` makes SQLite read the updated_at index
    (for a `since` few stations match)."""
    sqlite = dialect == "sqlite"
    if _spatial_only(q):
        box = _box(q)
        assert box is not None
        bounds = dict(zip(_BOX_BOUNDS, box, strict=True))
        if not sqlite:
            page = _plain_postgresql_page(offset, limit, nearest=q.circle is not None)
        elif q.circle is None:
            page = _plain_box_page(offset, limit)
        else:
            page = _plain_radius_page(offset, limit)
        if q.circle is None:
            return page.params(bounds)
        lat, lng, radius_m = q.circle
        return page.params(bounds, lat=lat, lng=lng, radius_m=radius_m)
    conditions: list[ColumnElement[bool] | TextClause] = [*_conditions(q, sqlite, by_updated_at)]
    if by_updated_at and q.updated_since is not None:
        # SQLite's way to say "few rows pass this": it then reads the updated_at index.
        since = bindparam("since", q.updated_since, type_=UtcDateTime())
        conditions.append(
            text("likelihood(stations.updated_at >= :since, 0.001)").bindparams(since)
        )
    distance: ColumnElement[float] = literal(0.0, Float)
    order = _order_of(q, sqlite)
    order_by: list[ColumnElement[Any]] = [StationRow.id.expression]
    if q.circle is not None:
        distance = _haversine_m(
            *q.circle[:2], StationRow.latitude.expression, StationRow.longitude.expression
        )
        conditions.append(distance <= q.circle[2])
        order_by = [distance, StationRow.id.expression]
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
        terms = search_terms(q.text)
        if not sqlite and terms and _text_only(q):
            return _rows_of(_pg_text_keys(terms, offset=offset, limit=limit), order, sqlite=sqlite)
        indexed = [t for t in terms if t.shortest >= MIN_INDEXED_TEXT]
        short = [t for t in terms if t.shortest < MIN_INDEXED_TEXT]
        rowid = _ROWID
        if sqlite and indexed:
            stmt = stmt.join(_FTS, _FTS.c.rowid == _ROWID)
            match = text("stations_fts MATCH :query").bindparams(query=_fts_query(indexed))
            conditions.append(match)
            rowid = _FTS.c.rowid  # FTS5 gives its matches in rowid order: no sort
        elif indexed:
            conditions.extend(_term_matches(t, sqlite, indexable=True) for t in indexed)
        # A term below the trigram index narrows what the indexed terms found; alone, it is
        # what the indexes serve (a scan of the trigram index, or of the table in storage order).
        conditions.extend(_term_matches(t, sqlite, indexable=not indexed) for t in short)
        if not terms:
            conditions.append(false())  # a blank text names nothing
        if sqlite and q.circle is None:
            order_by = [rowid]
        if not sqlite:
            # With other filters: every match through the trigram index, then sorted.
            # PostgreSQL cannot estimate how many rows a text matches, and guessing many it
            # would walk the primary key in id order, filtering every row (1.6 s at a million
            # for a rare street).
            found = stmt.where(*conditions).cte("matches").prefix_with("MATERIALIZED")
            keys = select(found.c.id, found.c.distance_m, found.c.row_number)
            return _rows_of(
                keys.order_by(found.c.id).offset(offset).limit(limit), order, sqlite=sqlite
            )
    page = stmt.where(*conditions).order_by(*order_by).offset(offset).limit(limit)
    return _rows_of(page, order, sqlite=sqlite)


def listing_statement(id_or_evse: str) -> Select[*tuple[Any, ...]]:
    """The station `id_or_evse` names (its id, else one of its EVSE ids), whatever its status,
    as a search lists it; for a row merged into another station, that canonical station. One
    statement: a lookup is the commonest call, and each statement costs a round of SQL."""
    return _listing().params(id_or_evse=id_or_evse)


@cache
def _listing() -> Select[*tuple[Any, ...]]:
    # Built once, its value bound per call (see _plain_box_page).
    named = select(func.coalesce(StationRow.duplicate_of, StationRow.id))
    wanted = bindparam("id_or_evse", type_=String)
    by_id = named.where(StationRow.id == wanted).scalar_subquery()
    by_evse = (
        named.join(StationEvseRow, StationEvseRow.station_id == StationRow.id)
        .where(StationEvseRow.evse_id == wanted)
        .scalar_subquery()
    )
    stmt = select(*_STATION_COLUMNS, literal(0.0, Float).label("distance_m"))
    return stmt.where(StationRow.id == func.coalesce(by_id, by_evse))


def _spatial_only(q: StationQuery) -> bool:
    """A box or radius and no other filter."""
    others = (q.ids, q.operator_ids, q.countries, q.plugs, q.power_gte_kw, q.power_lte_kw)
    later = (q.text, q.updated_since, q.after_id, q.is_sample)
    return _box(q) is not None and all(v is None for v in (*others, *later))


def _text_only(q: StationQuery) -> bool:
    """A text and no other filter."""
    others = (q.ids, q.operator_ids, q.countries, q.plugs, q.power_gte_kw, q.power_lte_kw)
    later = (q.updated_since, q.after_id, q.is_sample, q.circle, _box(q))
    return q.text is not None and all(v is None for v in (*others, *later))


# The values a plain box's or radius's page is bound to (_plain_box_page, _plain_radius_page).
_BOX_BOUNDS = ("lat_min", "lat_max", "lng_min", "lng_max")


def _bound_box() -> tuple[BindParameter[float], ...]:
    return tuple(bindparam(name, type_=Float) for name in _BOX_BOUNDS)


@lru_cache(maxsize=256)
def _plain_radius_page(offset: int, limit: int) -> Select[*tuple[Any, ...]]:
    """SQLite's page of a plain radius, nearest first, its keys from the R*Tree alone: it holds
    the station's id and exact coordinates, and only the stations a search may show, so no
    station row is read until the page's own. Every station of the radius's box is read, its
    distance worked out, and sorted. (A smaller circle first, sized from the box's count of
    stations to hold the page, measured no faster for a page of 400 at a million stations: in
    a dense city's 5 km radius of about 600 stations the page is most of them.)

    Built once per page, bound per call to the centre (`lat`, `lng`), `radius_m` and its box
    (_BOX_BOUNDS): building the statement cost more than a millisecond a call."""
    box = _bound_box()
    r = _RTREE.c
    distance = _haversine_m(
        bindparam("lat", type_=Float), bindparam("lng", type_=Float), r.latitude, r.longitude
    )
    keys = select(r.station_id.label("id"), distance.label("distance_m"), r.id.label("row_number"))
    keys = keys.where(
        *_rtree_box(*box), *_shown_in_box(*box), distance <= bindparam("radius_m", type_=Float)
    )
    # The R*Tree's id is the station's rowid, which the page's rows are then read by.
    page = keys.order_by(distance, r.station_id).offset(offset).limit(limit)
    return _rows_of(page, _Order.DISTANCE, sqlite=True)


@lru_cache(maxsize=256)
def _plain_postgresql_page(offset: int, limit: int, *, nearest: bool) -> Select[*tuple[Any, ...]]:
    """PostgreSQL's page of a plain box (`nearest`: of a plain radius, nearest first, bound to
    `lat`, `lng` and `radius_m` too), built once per page and bound per call to the box
    (_BOX_BOUNDS): the statement the general search builds for it, word for word, whose
    candidates the GiST index gives from its own entries (migration 0015)."""
    box = _bound_box()
    conditions = _conditions(StationQuery(), False, False)
    distance: ColumnElement[float] = literal(0.0, Float)
    order_by: list[ColumnElement[Any]] = [StationRow.id.expression]
    if nearest:
        distance = _haversine_m(
            bindparam("lat", type_=Float),
            bindparam("lng", type_=Float),
            StationRow.latitude.expression,
            StationRow.longitude.expression,
        )
        conditions.append(distance <= bindparam("radius_m", type_=Float))
        order_by = [distance, StationRow.id.expression]
    conditions += [*_exact_box(*box), _gist_box(*box)]
    keys = select(StationRow.id, distance.label("distance_m"), literal(0).label("row_number"))
    page = keys.where(*conditions).order_by(*order_by).offset(offset).limit(limit)
    return _rows_of(page, _Order.DISTANCE if nearest else _Order.ID, sqlite=False)


def _shown_in_box(
    lat_min: Degrees, lat_max: Degrees, lng_min: Degrees, lng_max: Degrees
) -> list[ColumnElement[bool]]:
    """A station the R*Tree found in a box that a search shows: exactly in the box (the R*Tree
    rounds outwards to 32-bit floats), not merged into another."""
    r = _RTREE.c
    return [
        r.latitude.between(lat_min, lat_max),
        r.longitude.between(lng_min, lng_max),
        r.duplicate_of.is_(None),
    ]


# --- SQLite: a plain box's page in id order (migration 0017) ----------------------------------
#
# A dense city's 20 x 20 km box holds thousands of stations (about 4,000 to 7,000 of 1,000,000),
# which the R*Tree finds from its nodes alone; but ordering them by id read every one's
# auxiliary columns, a B-tree search each in a table of their own, to keep the first 400.
# The R*Tree's third dimension, `min_id_prefix`, never decreases as the id grows (the id's
# first three bytes). So:
# 1. `cut`: the need-th smallest prefix in the box (need = offset + limit), from the nodes
#    alone (no auxiliary column is read); beyond every prefix when the box holds fewer;
# 2. `head`: the box's stations whose prefix is at most that, their auxiliary columns read
#    and checked (exact box, not merged away): at least `need` of them, but for merged-away
#    stations or the R*Tree's rounding outwards;
# 3. the rest of the box, only when `head` holds fewer than `need` (otherwise its prefix
#    bound lies beyond every prefix, and the R*Tree reads no leaf).
# A station outside `head` has a larger prefix than every station in it, so a larger id: the
# first `need` of the box in id order are the first of head + rest, exactly as before
# (tests/db/test_station_box_pages.py compares the two). At 1,000,000 stations, in process:
# see the README's scale section.
_BEYOND = 1.0  # greater than any prefix (under 2**-16)


@lru_cache(maxsize=256)
def _plain_box_page(offset: int, limit: int) -> Select[*tuple[Any, ...]]:
    """SQLite's page of a plain box (above) in id order, built once per page and bound per
    call to the box (_BOX_BOUNDS): building it anew cost 1.2 ms a call, as much as reading a
    hundred stations."""
    box = _bound_box()
    need = max(offset + limit, 1)
    r = _RTREE.c
    in_box = _rtree_box(*box)
    nth_prefix = (
        select(r.min_id_prefix).where(*in_box).order_by(r.min_id_prefix).offset(need - 1).limit(1)
    )
    cut = (
        select(func.coalesce(nth_prefix.scalar_subquery(), _BEYOND).label("prefix"))
        .cte("cut")
        .prefix_with("MATERIALIZED")
    )
    prefix = select(cut.c.prefix).scalar_subquery()
    head = (
        select(r.station_id, r.id)
        .where(*in_box, r.min_id_prefix <= prefix, *_shown_in_box(*box))
        .cte("head")
        .prefix_with("MATERIALIZED")
    )
    head_short = select(func.count()).select_from(head).scalar_subquery() < need
    rest_after = select(case((head_short, cut.c.prefix), else_=_BEYOND)).scalar_subquery()
    rest = select(r.station_id, r.id).where(
        *in_box, r.min_id_prefix > rest_after, *_shown_in_box(*box)
    )
    keys = union_all(select(head.c.station_id, head.c.id), rest).subquery("keys")
    page = select(
        keys.c.station_id.label("id"),
        literal(0.0, Float).label("distance_m"),
        keys.c.id.label("row_number"),
    )
    page = page.order_by(keys.c.station_id).offset(offset).limit(limit)
    return _rows_of(page, _Order.ID, sqlite=True)


class _Order(Enum):
    """The order of a page's keys, which its rows keep."""

    ID = "id"
    DISTANCE = "distance, then id"
    ROW = "storage (SQLite's rowid)"


def _order_of(q: StationQuery, sqlite: bool) -> _Order:
    if q.circle is not None:
        return _Order.DISTANCE
    return _Order.ROW if q.text is not None and sqlite else _Order.ID


def _rows_of(
    keys: Select[*tuple[Any, ...]], order: _Order, *, sqlite: bool
) -> Select[*tuple[Any, ...]]:
    """The page's rows, read by their keys (id, distance, rowid) once those are found and put
    in order: a search that sorts its candidates (box, radius, text on PostgreSQL) then sorts
    narrow keys, not whole rows with their charge points. SQLite reads each row by its rowid,
    one B-tree search instead of two (the id's index, then the table)."""
    page = keys.subquery("page")
    by = {
        _Order.ID: [page.c.id],
        _Order.DISTANCE: [page.c.distance_m, page.c.id],
        _Order.ROW: [page.c.row_number],
    }[order]
    joined = page.c.row_number == _ROWID if sqlite else StationRow.id == page.c.id
    return select(*_STATION_COLUMNS, page.c.distance_m).join(page, joined).order_by(*by)


def _box(q: StationQuery) -> tuple[float, float, float, float] | None:
    if q.circle is not None:
        return bounding_box(*q.circle)
    if q.lat_min is None or q.lat_max is None or q.lng_min is None or q.lng_max is None:
        return None
    return q.lat_min, q.lat_max, q.lng_min, q.lng_max


def _exact_box(
    lat_min: Degrees, lat_max: Degrees, lng_min: Degrees, lng_max: Degrees
) -> list[ColumnElement[bool]]:
    # The spatial indexes return a superset (R*Tree rounds outwards to 32-bit floats,
    # PostgreSQL's geometric operators compare with a 1e-6 tolerance): the columns decide.
    return [
        StationRow.latitude.between(lat_min, lat_max),
        StationRow.longitude.between(lng_min, lng_max),
    ]


def _rtree_box(
    lat_min: Degrees, lat_max: Degrees, lng_min: Degrees, lng_max: Degrees
) -> list[ColumnElement[bool]]:
    """The R*Tree's entries that overlap the box, from its nodes alone."""
    r = _RTREE.c
    return [r.max_lat >= lat_min, r.min_lat <= lat_max, r.max_lng >= lng_min, r.min_lng <= lng_max]


def _gist_box(
    lat_min: Degrees, lat_max: Degrees, lng_min: Degrees, lng_max: Degrees
) -> ColumnElement[bool]:
    # The expression of the GiST index ix_stations_point, word for word.
    point = func.point(StationRow.longitude, StationRow.latitude)
    box = func.box(func.point(lng_min, lat_min), func.point(lng_max, lat_max))
    return point.op("<@", is_comparison=True)(box)


def _haversine_m(
    lat: Degrees,
    lng: Degrees,
    lat_column: ColumnElement[float],
    lng_column: ColumnElement[float],
) -> ColumnElement[float]:
    """The great-circle distance from (lat, lng) (values, or parameters bound later) to the
    columns' point in metres, as core.geo.haversine_m computes it (the same mean Earth radius),
    in SQL: SQLite has the math functions since 3.35."""
    centre_lat = lat if isinstance(lat, BindParameter) else literal(lat, Float)
    centre_lng = lng if isinstance(lng, BindParameter) else literal(lng, Float)
    lat1, lat2 = func.radians(centre_lat), func.radians(lat_column)
    dlat = func.radians(lat_column - centre_lat)
    dlng = func.radians(lng_column - centre_lng)
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
        StationRow.is_sample.is_(q.is_sample) if q.is_sample is not None else None,
        _charge_point_matches(q, sqlite),
        or_(StationRow.status == "operational", StationRow.status.is_(None)),
        # A station merged into another (migration 0010) is shown as that one only.
        StationRow.duplicate_of.is_(None),
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


def _fts_query(terms: list[Term]) -> str:
    """Every term, each as any of its spellings: ("a" OR "ä") AND "b". FTS5 matches a row when
    each phrase is in one of its columns, name or address."""
    return " AND ".join("(" + " OR ".join(map(_phrase, t.alternatives)) + ")" for t in terms)


def _term_matches(term: Term, sqlite: bool, *, indexable: bool) -> ColumnElement[bool]:
    """Any of the term's spellings in the name or the address."""
    return or_(*(_contains_text(a, sqlite, indexable=indexable) for a in term.alternatives))


def _contains_text(text_: str, sqlite: bool, *, indexable: bool = True) -> ColumnElement[bool]:
    if not sqlite:
        return _pg_contains(text_, indexable=indexable)
    escaped = _escape_like(text_)
    # Both sides lowered by the database itself, so that its idea of case applies to both.
    lowered = func.lower(literal(f"%{escaped}%"))
    return or_(
        func.lower(StationRow.name).like(lowered, escape="/"),
        func.lower(StationRow.address).like(lowered, escape="/"),
    )


# --- PostgreSQL: text search (migration 0016) ----------------------------------------------
#
# `search_text` is lower(name || ' ' || address), generated and stored: a term (it holds no
# space) is in the name or the address exactly when it is in this text, and LIKE on it with a
# lowered pattern is what ILIKE on each column computes, without lowering every row again.
# Two indexes serve it: the trigram GIN index (it finds the rows holding the indexed terms'
# trigrams, each of which is then visited to recheck it) and a B-tree on id carrying
# search_text, status and duplicate_of (stations in id order, read from the index alone).
# A page is in id order, so for a common text reading that B-tree in id order until the page
# is full is cheapest ("High Street": 3% of stations, a page of 400 within the first 13,000);
# for a rare one the trigram index is ("Graz Depot": 360 of a million, about as many visits).
# The planner cannot tell which a text is, so the statement measures it: it reads the first
# SAMPLE_ROWS stations in id order, counts those that match (m) and those holding the indexed
# terms (c, the share of the table the trigram index would visit), and then takes one way:
# 1. the sample holds a page (m >= offset + limit): any later match has a larger id;
# 2. reading on in id order after the sample, if that is estimated to cost less than the
#    trigram index's visits (VISIT_COST entries of the B-tree per visit);
# 3. the trigram index: every match, then sorted.
# Each way is exact whatever the estimate (a wrong one only costs time), and the two not
# taken are skipped (their one-time filters are false). The statement is SQL text, cached per
# shape of the terms: built from SQLAlchemy constructs, it cost more to make than to run.

SAMPLE_ROWS = 5_000
# A trigram candidate's visit (and recheck) costs as much as reading this many entries of the
# B-tree in id order and matching them (measured at 1,000,000 stations, default settings:
# 33,000 visits for "High Street" 260 ms, 200,000 entries read with three terms 120 ms).
VISIT_COST = 10.0
_SHOWN = "(status = 'operational' OR status IS NULL) AND duplicate_of IS NULL"
_PG_TEXT_KEYS = """
WITH sample AS MATERIALIZED (
    SELECT id, {matched} AS matched
    FROM (
        SELECT id, search_text FROM stations WHERE {shown} ORDER BY id LIMIT {sample_rows}
    ) AS sample_rows
    WHERE {candidate}
), stats AS MATERIALIZED (
    SELECT CAST(count(*) FILTER (WHERE matched) AS float8) AS m,
        CAST(count(*) AS float8) AS c, coalesce(max(id), '') AS last
    FROM sample
), route AS MATERIALIZED (
    SELECT CASE
        WHEN m >= :need THEN 1
        WHEN {in_order} THEN 2
        ELSE 3 END AS way,
        last, CAST(greatest(:need - m, 0) AS integer) AS rest
    FROM stats
)
SELECT id FROM sample WHERE matched AND (SELECT way FROM route) IN (1, 2)
UNION ALL
SELECT id FROM (
    SELECT id FROM (
        SELECT id, search_text FROM stations
        WHERE {shown} AND id > (SELECT last FROM route) ORDER BY id OFFSET 0
    ) AS after_sample
    WHERE {matched} AND (SELECT way FROM route) = 2
    LIMIT (SELECT rest FROM route)
) AS in_order
{trigram}"""
# Rows read on in id order for the rest of the page, (need - m) * SAMPLE_ROWS / m, against the
# trigram index's visits, c / SAMPLE_ROWS of the stations (as the statistics last counted
# them; -1 before any ANALYZE) times VISIT_COST.
_IN_ORDER = (
    "m > 0 AND (:need - m) * {rows} * {rows} < {visit} * c * m * "
    "greatest((SELECT reltuples FROM pg_class WHERE oid = 'stations'::regclass), {rows})"
)
_TRIGRAM = (
    "UNION ALL\nSELECT id FROM stations WHERE {shown} AND {found} AND (SELECT way FROM route) = 3"
)


def _pg_text_keys(terms: Sequence[Term], *, offset: int, limit: int) -> Select[*tuple[Any, ...]]:
    """The ids of a text search's page on PostgreSQL (above), as search_statement's keys."""
    shape = tuple((len(t.alternatives), t.shortest >= MIN_INDEXED_TEXT) for t in terms)
    sql = _pg_text_sql(shape)
    values: dict[str, Any] = {"need": offset + limit}
    for i, term in enumerate(terms):
        for j, alternative in enumerate(term.alternatives):
            values[f"pattern_{i}_{j}"] = f"%{_escape_like(alternative)}%"
            if f":text_{i}_{j})" in sql:  # a term below the trigram index, in its way 3
                values[f"text_{i}_{j}"] = alternative
    found = text(sql).bindparams(**values).columns(column("id", String))
    keys = found.subquery("keys")
    page = select(
        keys.c.id, literal(0.0, Float).label("distance_m"), literal(0).label("row_number")
    )
    return page.order_by(keys.c.id).offset(offset).limit(limit)


@cache
def _pg_text_sql(shape: tuple[tuple[int, bool], ...]) -> str:
    """The statement for terms of this shape: (alternatives, indexed) of each term."""

    def each(terms: list[int], *, gin: bool = False) -> str:
        # Any of each term's spellings; with `gin`, a term below the trigram index as a
        # substring test, which the index does not serve (else it would read every entry).
        def one(i: int, j: int) -> str:
            if gin and not shape[i][1]:
                return f"strpos(search_text, lower(:text_{i}_{j})) > 0"
            return f"search_text LIKE lower(:pattern_{i}_{j}) ESCAPE '/'"

        ors = [" OR ".join(one(i, j) for j in range(shape[i][0])) for i in terms]
        return " AND ".join(f"({o})" for o in ors)

    every = list(range(len(shape)))
    indexed = [i for i in every if shape[i][1]]
    rows = {"rows": SAMPLE_ROWS, "visit": VISIT_COST}
    return _PG_TEXT_KEYS.format(
        shown=_SHOWN,
        sample_rows=SAMPLE_ROWS,
        matched=each(every),
        # The sample keeps the rows holding the indexed terms (what the trigram index would
        # visit); with none indexed, only reading in id order serves it: its matches.
        candidate=each(indexed or every),
        in_order=_IN_ORDER.format(**rows) if indexed else "true",
        trigram=_TRIGRAM.format(shown=_SHOWN, found=each(every, gin=True)) if indexed else "",
    )


def _escape_like(text_: str) -> str:
    # LIKE's wildcards in the text are escaped to stay literal.
    return text_.replace("/", "//").replace("%", "/%").replace("_", "/_")


_SEARCH_TEXT = literal_column("stations.search_text", String)


def _pg_contains(text_: str, *, indexable: bool) -> ColumnElement[bool]:
    """With other filters: `text_` in the lowered name and address (above); below the trigram
    index (`indexable` False), a substring test that the index does not serve."""
    if not indexable:
        return func.strpos(_SEARCH_TEXT, func.lower(literal(text_))) > 0
    pattern = func.lower(literal(f"%{_escape_like(text_)}%"))
    return _SEARCH_TEXT.like(pattern, escape="/")
