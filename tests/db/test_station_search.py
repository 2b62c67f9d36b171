"""Station search in SQL (db/repositories/stations.py, migration 0008), on SQLite and PostgreSQL:
boxes and radii through the spatial index, nearest first with distances checked by hand, keyset
pages, literal text, updated_since, and the plans that show each index in use."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, text
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.core.text_search import search_terms
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.db.repositories import station_search
from evcharge.db.repositories import stations as station_repo
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.settings import Settings
from tests.pg_scratch import filled_database

# A patch of the North Sea that no real station is near; CENTRE is the radius searches' centre.
CENTRE = (55.0, 4.0)
CCS = ChargePointGroup(Plug.CCS, 150.0, EnergyType.DC, 2)
TYPE2 = ChargePointGroup(Plug.TYPE2, 22.0, EnergyType.AC, 4)
# id -> (latitude, longitude, name); distances from CENTRE worked out by hand below.
PLACES = {
    "t-north-1": (55.01, 4.0, "North 100% Mile"),
    "t-east": (55.0, 4.02, "East_Point"),
    "t-north-3": (55.03, 4.0, "North Three"),
    "t-corner": (55.04, 4.06, "Corner Lot"),  # in the circle's bounding box, 6.2 km away
    "t-far": (55.1, 4.0, "Far North"),
}
# Along a meridian the great-circle distance is R * dlat (R = 6,371,008.8 m, the mean radius):
# 0.01 deg = 1.7453293e-4 rad -> 1,111.95 m; 0.03 deg -> 3,335.85 m. Along the parallel at
# 55 deg, 0.02 deg of longitude is R * cos(55 deg) * 3.4906585e-4 rad
# = 6,371,008.8 * 0.5735764 * 3.4906585e-4 = 1,275.58 m (the arc differs from it by < 1 mm).
BY_HAND_M = {"t-north-1": 1111.95, "t-east": 1275.58, "t-north-3": 3335.85}


def station(station_id: str, operator_id: str) -> Station:
    lat, lng, name = PLACES[station_id]
    points = (CCS, TYPE2) if station_id == "t-east" else (TYPE2,)
    return Station(
        id=station_id,
        name=name,
        address=f"{name} Road, Sea",
        latitude=lat,
        longitude=lng,
        country="DE",
        operator_id=operator_id,
        charge_points=points,
    )


def _fill(settings: Settings) -> None:
    database = Database(settings)
    with database.transaction() as session:
        operator = session.execute(text("SELECT id FROM companies ORDER BY id LIMIT 1")).scalar()
        assert operator is not None
        for station_id in PLACES:
            assert station_repo.create(session, station(station_id, operator))
    if not settings.is_sqlite:
        # As after any import (README): the visibility map lets PostgreSQL read an index alone.
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE stations"))
    database.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: Path,
) -> Iterator[Database]:
    """The seeded dataset plus PLACES, on each backend (a private PostgreSQL database)."""
    with filled_database(
        request, tmp_path_factory, migrated_template, "search", _fill, test_network=True
    ) as database:
        yield database


def ids(session: Session, query: StationQuery, limit: int = 1000) -> list[str]:
    return [s.id for s in StationRepository(session).search(query, offset=0, limit=limit)]


def ours(found: list[str]) -> list[str]:
    """The test's stations among `found` (the seeded dataset is there too), sorted."""
    return sorted(i for i in found if i in PLACES)


def test_a_box_finds_exactly_the_stations_inside_it(session: Session) -> None:
    box = StationQuery(lat_min=55.0, lat_max=55.03, lng_min=4.0, lng_max=4.02)
    # Inclusive on every edge; id order.
    assert ids(session, box) == ["t-east", "t-north-1", "t-north-3"]
    assert ids(session, StationQuery(lat_min=55.0, lat_max=55.02, lng_min=4.01, lng_max=4.02)) == [
        "t-east"
    ]


def test_a_radius_is_nearest_first_with_distances_in_metres(session: Session) -> None:
    found = StationRepository(session).find(
        StationQuery(circle=(*CENTRE, 5_000.0)), offset=0, limit=10
    )
    assert [f.id for f in found] == ["t-north-1", "t-east", "t-north-3"]
    for f in found:
        assert f.distance_m == pytest.approx(BY_HAND_M[f.id], abs=0.05)
    # Paged in the same order.
    second = StationRepository(session).find(
        StationQuery(circle=(*CENTRE, 5_000.0)), offset=1, limit=1
    )
    assert [f.id for f in second] == ["t-east"]


def test_only_operational_stations_are_found(session: Session) -> None:
    # On SQLite a plain box or radius reads the R*Tree alone: its triggers keep a station there
    # only while it may be shown.
    circle = StationQuery(circle=(*CENTRE, 2_000.0))
    closed = sql_update(StationRow).where(StationRow.id == "t-east")
    session.execute(closed.values(status="closed"))
    assert ids(session, circle) == ["t-north-1"]
    session.execute(closed.values(status="operational"))
    assert ids(session, circle) == ["t-north-1", "t-east"]


def test_samples_only_or_none(session: Session) -> None:
    box = {"lat_min": 55.0, "lat_max": 55.03, "lng_min": 4.0, "lng_max": 4.02}
    session.execute(sql_update(StationRow).where(StationRow.id == "t-east").values(is_sample=True))
    assert ids(session, StationQuery(**box, is_sample=True)) == ["t-east"]  # type: ignore[arg-type]
    assert ids(session, StationQuery(**box, is_sample=False)) == ["t-north-1", "t-north-3"]  # type: ignore[arg-type]
    assert ids(session, StationQuery(**box)) == ["t-east", "t-north-1", "t-north-3"]  # type: ignore[arg-type]


def test_charge_point_filters_hold_for_one_charge_point(session: Session) -> None:
    circle = (*CENTRE, 20_000.0)
    ccs = StationQuery(circle=circle, plugs=["ccs"])
    assert ids(session, ccs) == ["t-east"]
    # A type2 point of 22 kW and a CCS point of 150 kW: no one point is type2 at 100 kW or more.
    assert ids(session, StationQuery(circle=circle, plugs=["type2"], power_gte_kw=100.0)) == []
    assert ids(session, StationQuery(circle=circle, power_lte_kw=22.0)) == [
        "t-north-1",
        "t-east",
        "t-north-3",
        "t-corner",
        "t-far",
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("north", ["t-far", "t-north-1", "t-north-3"]),  # any case, in the name
        ("SEA", ["t-corner", "t-east", "t-far", "t-north-1", "t-north-3"]),  # in the address
        ("100%", ["t-north-1"]),  # % is a character, not a wildcard
        ("10%", []),
        ("t_p", ["t-east"]),  # and so is _
        ("h_t", []),
        ("0%", ["t-north-1"]),  # 2 characters: below the trigram index, still literal
        ("%", ["t-north-1"]),  # one character: the API asks for 2, the repository takes any
        ("%_", []),
    ],
)
def test_text_is_literal_and_ignores_case(session: Session, q: str, expected: list[str]) -> None:
    assert ours(ids(session, StationQuery(text=q))) == expected


def test_keyset_pages_cover_every_station_exactly_once(session: Session) -> None:
    total = session.execute(
        text("SELECT count(*) FROM stations WHERE status = 'operational' OR status IS NULL")
    ).scalar()
    seen: list[str] = []
    after = None
    while True:
        page = ids(session, StationQuery(after_id=after), limit=7)
        if not page:
            break
        seen.extend(page)
        after = page[-1]
    assert len(seen) == total
    assert len(set(seen)) == total
    assert seen == sorted(seen)
    assert "t-east" in seen


def test_updated_since(session: Session) -> None:
    later = datetime.now(UTC) + timedelta(days=1)
    session.execute(sql_update(StationRow).where(StationRow.id == "t-far").values(updated_at=later))
    assert ids(session, StationQuery(updated_since=later)) == ["t-far"]
    assert ids(session, StationQuery(updated_since=later + timedelta(microseconds=1))) == []


def test_writes_move_the_indexes_with_the_row(session: Session) -> None:
    # The triggers (SQLite) or the indexes themselves (PostgreSQL) follow every write.
    operator = session.execute(text("SELECT operator_id FROM stations WHERE id = 't-far'"))
    lat, lng, _name = PLACES["t-far"]
    moved = Station(
        id="t-far",
        name="Renamed Quay",
        address="Quay Road, Sea",
        latitude=55.005,
        longitude=lng,
        country="DE",
        operator_id=operator.scalar_one(),
        charge_points=(TYPE2,),
    )
    assert lat != moved.latitude
    assert station_repo.update(session, moved, version=2)
    assert ids(session, StationQuery(circle=(*CENTRE, 1_000.0))) == ["t-far"]
    assert ids(session, StationQuery(text="renamed qu")) == ["t-far"]
    assert ids(session, StationQuery(text="far north")) == []
    session.execute(delete(StationRow).where(StationRow.id == "t-far"))
    assert ids(session, StationQuery(circle=(*CENTRE, 1_000.0))) == []
    assert ids(session, StationQuery(text="renamed qu")) == []


ADDRESSES = {
    "t-str-1": "Friedrichstr. 36, 80801 München",
    "t-str-2": "Friedrichstraße 16, 73230 Kirchheim unter Teck",
    "t-str-3": "Kurfürstendamm 90, 10709 Berlin",
    "t-str-4": "520 Pike St., Seattle, WA 98101",
    "t-str-5": "163 rue des Poissonniers, 75018 Paris",
}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Friedrichstraße", ["t-str-1", "t-str-2"]),  # "Str." and "Straße" alike
        ("friedrichstrasse 36", ["t-str-1"]),  # and a house number, below the trigram index
        ("Friedrichstr München", ["t-str-1"]),  # the place, in any order
        ("Kurfuerstendamm 90", ["t-str-3"]),  # "ue" for "ü"
        ("Pike Street Seattle", ["t-str-4"]),  # "Street" for "St."
        ("Rue des Poissonniers Paris", ["t-str-5"]),
        ("Pike Street Paris", []),  # every word must be there
    ],
)
def test_words_match_as_people_type_addresses(
    session: Session, q: str, expected: list[str]
) -> None:
    operator = session.execute(text("SELECT id FROM companies ORDER BY id LIMIT 1")).scalar_one()
    for station_id, address in ADDRESSES.items():
        found = Station(
            id=station_id,
            name="Word search",
            address=address,
            latitude=55.2,
            longitude=4.2,
            country="DE",
            operator_id=operator,
            charge_points=(TYPE2,),
        )
        assert station_repo.create(session, found)
    found_ids = ids(session, StationQuery(text=q))
    assert sorted(i for i in found_ids if i in ADDRESSES) == expected


# --- plans: each search reads its index -------------------------------------------------------

PLANNED = {
    "box": StationQuery(lat_min=55.0, lat_max=55.1, lng_min=4.0, lng_max=4.1),
    "radius": StationQuery(circle=(*CENTRE, 5_000.0)),
    "text": StationQuery(text="north three"),
    "export page": StationQuery(after_id="t-east"),
    "operator": StationQuery(operator_ids=["some-operator"]),
    "updated_since": StationQuery(updated_since=datetime(2100, 1, 1, tzinfo=UTC)),
}
SQLITE_INDEX = {
    "box": "VIRTUAL TABLE INDEX 2:",  # R*Tree's own box index
    "radius": "VIRTUAL TABLE INDEX 2:",
    "text": "SCAN stations_fts VIRTUAL TABLE INDEX",  # FTS5 MATCH, in rowid order: no sort
    "export page": "USING INDEX sqlite_autoindex_stations_1 (id>?)",
    "operator": "USING INDEX ix_stations_operator_id_id (operator_id=?)",
    # ix_stations_updated_at, or (from 0009, for OCPI) ix_stations_updated_at_id
    "updated_since": "USING INDEX ix_stations_updated_at",
}
PG_INDEX = {
    "box": ("ix_stations_point",),
    "radius": ("ix_stations_point",),
    # The trigram index (migration 0016), and the id B-tree that carries the text too.
    "text": ("ix_stations_search_text_trgm",),
    # The primary key, or (migration 0016) the id B-tree carrying status and duplicate_of.
    "export page": ("pk_stations", "ix_stations_id_search_text"),
    "operator": ("ix_stations_operator_id_id",),
    "updated_since": ("ix_stations_updated_at",),
}


@pytest.mark.parametrize("search", sorted(PLANNED))
def test_each_search_reads_its_index(session: Session, search: str) -> None:
    dialect = session.get_bind().dialect
    statement = StationRepository(session).statement(PLANNED[search], offset=0, limit=401)
    sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if dialect.name == "sqlite":
        plan = "\n".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
        assert SQLITE_INDEX[search] in plan, plan
        assert "SCAN stations\n" not in plan + "\n", plan  # never the whole table
        # The page's keys are found first (then its rows): FTS5 gives them in order, unsorted.
        assert search != "text" or "TEMP B-TREE" not in plan.split("SCAN page")[0], plan
    else:
        # A table this small is read whole whatever its indexes; forbidding that shows whether
        # the index serves the query (an expression that does not match it cannot use it).
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {sql}")))
        if search == "text":
            # The sample, and the way on in id order, read the id B-tree alone (migration
            # 0016); so small a table would then be read through it for the trigram way too:
            # without it (dropped in this transaction, which is rolled back), and without
            # walking the primary key, that way reads the trigram index.
            assert "Index Only Scan using ix_stations_id_search_text" in plan, plan
            session.execute(text("DROP INDEX ix_stations_id_search_text"))
            session.execute(text("SET LOCAL enable_indexscan = off"))
            plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {sql}")))
        assert any(index in plan for index in PG_INDEX[search]), plan
        assert "Seq Scan on stations" not in plan, plan


def test_postgresql_box_and_radius_can_read_only_the_index(session: Session) -> None:
    # Migration 0015: the GiST index carries every column a box or radius search reads (the
    # page's keys and their order, the filters on status and merges), so after VACUUM the
    # planner reads the index alone (measured: "Index Only Scan using ix_stations_point").
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite's R*Tree is a table of its own")
    definition = session.execute(
        text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_stations_point'")
    ).scalar_one()
    assert definition.endswith(
        "USING gist (point(longitude, latitude)) INCLUDE (id, latitude, longitude, status, "
        "duplicate_of)"
    ), definition


def test_sqlite_indexes_survive_vacuum(tmp_path: Path, migrated_template: Path) -> None:
    # The R*Tree and FTS5 entries are keyed by the stations' rowids: VACUUM must keep them
    # (it does for a table with an index, as stations has).
    path = tmp_path / "v.db"
    shutil.copy(migrated_template, path)
    settings = Settings(database_url=f"sqlite:///{path}")
    _fill(settings)
    database = Database(settings)
    with database.engine.begin() as connection:
        connection.execute(text("DELETE FROM stations WHERE rowid % 3 = 0"))
    with database.engine.connect() as connection:
        connection.execute(text("VACUUM"))
    with database.transaction() as s:
        missing = s.execute(
            text(
                "SELECT count(*) FROM stations s LEFT JOIN stations_rtree r ON r.id = s.rowid "
                "WHERE r.id IS NULL OR s.latitude NOT BETWEEN r.min_lat - 1e-4 AND r.max_lat + 1e-4"
            )
        ).scalar()
        orphans = s.execute(
            text(
                "SELECT count(*) FROM stations_rtree r LEFT JOIN stations s ON s.rowid = r.id "
                "WHERE s.id IS NULL"
            )
        ).scalar()
        s.execute(
            text("INSERT INTO stations_fts(stations_fts, rank) VALUES ('integrity-check', 1)")
        )
        assert (missing, orphans) == (0, 0)
        named = s.execute(text("SELECT id FROM stations WHERE name LIKE '%north%' ORDER BY id"))
        assert sorted(ids(s, StationQuery(text="north"))) == list(named.scalars())
    database.dispose()


def test_sqlite_reads_an_old_updated_since_in_id_order(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Most stations changed since then: reading them in id order finds a page soonest. "Most"
    # is FEW_UPDATED or more; this database is small, so the threshold is made small too.
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's planner decides from its statistics")
    monkeypatch.setattr(station_repo, "FEW_UPDATED", len(PLACES))
    old = StationQuery(updated_since=datetime(2000, 1, 1, tzinfo=UTC))
    sql = str(
        StationRepository(session)
        .statement(old, offset=0, limit=401)
        .compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
    )
    plan = "\n".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
    assert "ix_stations_updated_at" not in plan, plan
    assert len(ids(session, old)) > len(PLACES)


# --- PostgreSQL: the three ways to a text search's page (station_search.py) --------------------

# The first of the ways taken that read anything: 1 the sample holds the page, 2 on in id order
# after the sample, 3 the trigram index.
SAMPLE, IN_ORDER, TRIGRAM = 1, 2, 3


def _ways_run(session: Session, sql: str) -> set[int]:
    """The ways whose branch of the statement ran (EXPLAIN ANALYZE: the others' one-time
    filter was false, so the node under it never executed)."""
    found = session.execute(text(f"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {sql}"))
    ran: set[int] = set()

    def walk(node: dict[str, object]) -> None:
        gate = node.get("One-Time Filter")
        children = node.get("Plans", [])
        assert isinstance(children, list)
        if isinstance(gate, str):
            outer = [c for c in children if c.get("Parent Relationship") == "Outer"]
            if outer and outer[0]["Actual Loops"]:
                ran.add(SAMPLE if "ANY" in gate else int(gate.rstrip(")").split("= ")[-1]))
        for child in children:
            walk(child)

    walk(found.scalar_one()[0]["Plan"])
    return ran


def _expected(session: Session, q: str) -> list[str]:
    """The shown stations whose name or address holds every term of `q` (any spelling), in id
    order: core/text_search.py's rule, worked out here in Python."""
    rows = session.execute(
        text(
            "SELECT id, name, address FROM stations "
            "WHERE (status = 'operational' OR status IS NULL) AND duplicate_of IS NULL"
        )
    )
    terms = search_terms(q)
    return sorted(
        station_id
        for station_id, name, address in rows
        if all(any(a in f"{name} {address}".lower() for a in t.alternatives) for t in terms)
    )


@pytest.mark.parametrize(
    ("way", "sample_rows", "visit_cost", "q", "size"),
    [
        # The seeded stations' ids (UUIDs) sort before the t-* ones of PLACES. "road" (a
        # street kind, kept as the only word): 12 seeded stations and the 5 of PLACES ("...
        # Road, Sea"); "ionity": 22 seeded; "tesla" 19 (12 with a "1"); "shell recharge" 10.
        (SAMPLE, 5_000, 15.0, "road", 5),  # every station in the sample, more than a page
        (IN_ORDER, 40, 1e9, "road", 5),  # a few in the sample, then on in id order
        (IN_ORDER, 40, 1e9, "ionity", 12),
        (IN_ORDER, 40, 15.0, "an", 20),  # no term the trigram index serves: only in id order
        (TRIGRAM, 40, 0.0, "road", 5),  # reading on costs more than any visit
        (TRIGRAM, 40, 0.0, "shell recharge", 5),  # every term indexed
        (TRIGRAM, 40, 0.0, "tesla 1", 5),  # and one below the index, filtering its finds
        (TRIGRAM, 2, 15.0, "road", 5),  # none in the sample: the trigram index
    ],
)
def test_postgresql_text_pages_are_exact_whichever_way(
    session: Session,
    monkeypatch: pytest.MonkeyPatch,
    way: int,
    sample_rows: int,
    visit_cost: float,
    q: str,
    size: int,
) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite's FTS5 gives matches in its page order")
    monkeypatch.setattr(station_search, "SAMPLE_ROWS", sample_rows)
    monkeypatch.setattr(station_search, "VISIT_COST", visit_cost)
    station_search._pg_text_sql.cache_clear()  # the constants are in its statements
    try:
        expected = _expected(session, q)
        assert len(expected) > size  # more than a page: paged below
        repository = StationRepository(session)
        found: list[str] = []
        for offset in range(0, len(expected) + size, size):
            query = StationQuery(text=q)
            found.extend(s.id for s in repository.find(query, offset=offset, limit=size))
            statement = repository.statement(query, offset=offset, limit=size)
            sql = str(
                statement.compile(
                    dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
                )
            )
            if offset == 0:
                assert min(_ways_run(session, sql) - {SAMPLE} or {SAMPLE}) == way
        assert found == expected
    finally:
        station_search._pg_text_sql.cache_clear()
