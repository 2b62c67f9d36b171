"""A plain box's and a plain radius's pages (station_search.py). A box's, on SQLite read
through the R*Tree's id prefix (migration 0017), must be exactly what the plain query answers,
the box's shown stations in id order cut at the page; a radius's, on SQLite read from the
R*Tree alone, what the general search answers, nearest first. On SQLite and PostgreSQL alike:
ids that share their first three bytes, shorter ids, non-ASCII ids, merged-away and closed
stations among the first in id order, and stations on the box's edges."""

from __future__ import annotations

import random
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as examples
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.db.repositories import stations as station_repo
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.settings import Settings
from tests.pg_scratch import filled_database

# A patch of the South Atlantic that no seeded station is near.
LAT, LNG = -50.0, -30.0
TYPE2 = ChargePointGroup(Plug.TYPE2, 22.0, EnergyType.AC, 2)
# Ids that test the prefix: the same first three bytes, shorter than three, multi-byte UTF-8,
# upper case and punctuation (before and after the digits and letters of a UUID).
CRAFTED = [
    "abc", "abc-1", "abc-2", "abcd", "ab", "a", "b", "A", "Z-1", "-x", "~x", "0", "zz",
    "é", "é-1", "ü-2", "ß-3", "日本", "日本-1", "ÿ", "ff", "fff-9", "000", "00",
]  # fmt: skip
MERGED = [f"000-merged-{i:02d}" for i in range(30)]  # the first ids, merged into another
CLOSED = [f"001-closed-{i:02d}" for i in range(10)]
# On the edges of EDGES (inclusive), and just outside it.
ON_EDGES = {
    "edge-s": (LAT - 0.02, LNG),
    "edge-n": (LAT + 0.02, LNG),
    "edge-w": (LAT, LNG - 0.02),
    "edge-e": (LAT, LNG + 0.02),
    "out-n": (LAT + 0.02001, LNG),
    "out-e": (LAT, LNG + 0.02001),
}
EDGES = (LAT - 0.02, LAT + 0.02, LNG - 0.02, LNG + 0.02)
BOXES = {
    "all": (LAT - 0.06, LAT + 0.06, LNG - 0.06, LNG + 0.06),
    "edges": EDGES,
    "a quarter": (LAT - 0.06, LAT, LNG - 0.06, LNG),
    "empty": (LAT + 0.5, LAT + 0.6, LNG, LNG + 0.1),
}
SIZES = (3, 40, 400, 1000)


def _station(station_id: str, lat: float, lng: float, operator_id: str) -> Station:
    return Station(
        id=station_id,
        name=f"Box {station_id}",
        address="Box Road, Sea",
        latitude=lat,
        longitude=lng,
        country="DE",
        operator_id=operator_id,
        charge_points=(TYPE2,),
    )


def _operator(session: Session) -> str:
    return str(session.execute(text("SELECT id FROM companies ORDER BY id LIMIT 1")).scalar_one())


def _fill(settings: Settings) -> None:
    rng = random.Random(15)
    placed = {str(uuid.UUID(int=rng.getrandbits(128))): None for _ in range(400)}
    placed.update(dict.fromkeys([*CRAFTED, *MERGED, *CLOSED]))
    database = Database(settings)
    with database.transaction() as session:
        operator = _operator(session)
        for station_id in placed:
            lat, lng = LAT + rng.uniform(-0.05, 0.05), LNG + rng.uniform(-0.05, 0.05)
            assert station_repo.create(session, _station(station_id, lat, lng, operator))
        for station_id, (lat, lng) in ON_EDGES.items():
            assert station_repo.create(session, _station(station_id, lat, lng, operator))
        rows = sql_update(StationRow)
        canonical = min(i for i in placed if len(i) == 36)
        session.execute(rows.where(StationRow.id.in_(MERGED)).values(duplicate_of=canonical))
        session.execute(rows.where(StationRow.id.in_(CLOSED)).values(status="closed"))
    if not settings.is_sqlite:
        with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE stations"))
    database.dispose()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: Path,
) -> Iterator[Database]:
    """A seeded database plus this module's stations, on each backend."""
    with filled_database(
        request, tmp_path_factory, migrated_template, "boxes", _fill, test_network=False
    ) as database:
        yield database


def plain(session: Session, box: tuple[float, float, float, float]) -> list[str]:
    """The box's shown stations in id order, by the plain query on `stations` (no index of
    station_search.py's): what a box page answered before migration 0017."""
    found = session.execute(
        text(
            "SELECT id FROM stations WHERE latitude BETWEEN :a AND :b "
            "AND longitude BETWEEN :c AND :d AND (status = 'operational' OR status IS NULL) "
            "AND duplicate_of IS NULL ORDER BY id"
        ),
        dict(zip("abcd", box, strict=True)),
    )
    return list(found.scalars())


def page(
    session: Session, box: tuple[float, float, float, float], offset: int, size: int
) -> list[str]:
    lat_min, lat_max, lng_min, lng_max = box
    query = StationQuery(lat_min=lat_min, lat_max=lat_max, lng_min=lng_min, lng_max=lng_max)
    found = StationRepository(session).find(query, offset=offset, limit=size)
    assert all(f.distance_m == 0 for f in found)
    return [f.id for f in found]


@pytest.mark.parametrize("box", sorted(BOXES))
def test_every_page_of_a_box_is_the_plain_querys(session: Session, box: str) -> None:
    expected = plain(session, BOXES[box])
    for size in SIZES:
        pages = [
            page(session, BOXES[box], offset, size)
            for offset in range(0, len(expected) + size, size)
        ]
        for number, found in enumerate(pages):
            assert found == expected[number * size : (number + 1) * size], (size, number)
    if box == "all":
        assert len(expected) > 400
        assert not set(expected) & {*MERGED, *CLOSED}
    if box == "edges":
        assert {"edge-s", "edge-n", "edge-w", "edge-e"} <= set(expected)
        assert not {"out-n", "out-e"} & set(expected)


def test_a_page_whose_first_prefixes_are_merged_away_reads_on(session: Session) -> None:
    # The 30 smallest ids are merged away: the first page's prefix bound (the 10th smallest
    # prefix) holds none the search shows, so the rest of the box answers it.
    if session.get_bind().dialect.name == "sqlite":
        lat_min, lat_max, lng_min, lng_max = BOXES["all"]
        shown_under_bound = session.execute(
            text(
                "SELECT count(*) FROM stations_rtree WHERE min_id_prefix <= ("
                "SELECT min_id_prefix FROM stations_rtree WHERE max_lat >= :a AND min_lat <= :b "
                "AND max_lng >= :c AND min_lng <= :d ORDER BY min_id_prefix LIMIT 1 OFFSET 9) "
                "AND duplicate_of IS NULL"
            ),
            {"a": lat_min, "b": lat_max, "c": lng_min, "d": lng_max},
        ).scalar_one()
        assert shown_under_bound < 10
    assert page(session, BOXES["all"], 0, 10) == plain(session, BOXES["all"])[:10]


def _prefix(station_id: str) -> float:
    """Migration 0017's prefix worked out here: the first three bytes of the UTF-8 id (zeros
    past its end) as one number, times 2**-40."""
    return int.from_bytes(station_id.encode()[:3].ljust(3, b"\0"), "big") * 2.0**-40


@pytest.mark.parametrize(
    ("station_id", "expected"),
    [
        ("", 0.0),
        ("a", 0x610000 * 2.0**-40),
        ("abc-1", 0x616263 * 2.0**-40),
        ("é-1", 0xC3A92D * 2.0**-40),  # é is C3 A9 in UTF-8
        ("ffffffff-ffff-5fff-bfff-ffffffffffff", 0x666666 * 2.0**-40),
    ],
)
def test_the_prefix_by_hand(station_id: str, expected: float) -> None:
    assert _prefix(station_id) == expected


IDS = st.lists(
    st.text(st.characters(min_codepoint=1, exclude_categories=["Cs"]), max_size=9),
    min_size=2,
    max_size=12,
    unique=True,
)


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[Database]:
    """A seeded SQLite database without this module's stations (whose ids examples may be)."""
    path = tmp_path_factory.mktemp("prefix") / "prefix.db"
    shutil.copy(migrated_template, path)
    database = Database(Settings(database_url=f"sqlite:///{path}"))
    yield database
    database.dispose()


@examples(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(station_ids=IDS)
def test_the_sqlite_prefix_never_decreases_as_the_id_grows(
    bare: Database, station_ids: list[str]
) -> None:
    # The R*Tree's triggers compute the prefix (any writer); SQLite orders ids byte by byte,
    # which for UTF-8 is Python's order of code points.
    with bare.session() as session:
        operator = _operator(session)
        for station_id in station_ids:
            assert station_repo.create(session, _station(station_id, LAT, LNG, operator))
        rows = session.execute(
            text(
                "SELECT station_id, min_id_prefix, max_id_prefix FROM stations_rtree "
                "WHERE max_lat >= :lat AND min_lat <= :lat ORDER BY station_id"
            ),
            {"lat": LAT},
        ).all()
        session.rollback()
    assert [r.station_id for r in rows] == sorted(station_ids)
    assert all(r.min_id_prefix == r.max_id_prefix == _prefix(r.station_id) for r in rows)
    prefixes = [r.min_id_prefix for r in rows]
    assert prefixes == sorted(prefixes)


# A plain radius's pages: on SQLite read from the R*Tree alone, they must be what the general
# search answers, nearest first (then by id).
CIRCLES = {
    "all": (LAT, LNG, 8_000.0),
    "most": (LAT + 0.01, LNG - 0.01, 4_000.0),
    "the edges' box": (LAT, LNG, 2_224.0),
    "empty": (LAT + 0.5, LNG, 1_000.0),
}


def radius_page(
    session: Session, circle: tuple[float, float, float], offset: int, size: int, *, plain: bool
) -> list[tuple[str, float]]:
    # is_sample=False holds every station here, and takes the general search (no R*Tree-only
    # statement): the same distance in SQL, every candidate of the radius's box sorted.
    query = StationQuery(circle=circle, is_sample=False if plain else None)
    found = StationRepository(session).find(query, offset=offset, limit=size)
    return [(f.id, f.distance_m) for f in found]


@pytest.mark.parametrize("circle", sorted(CIRCLES))
def test_every_page_of_a_radius_is_the_general_searchs(session: Session, circle: str) -> None:
    expected = radius_page(session, CIRCLES[circle], 0, 1000, plain=True)
    for size in SIZES:
        for offset in range(0, len(expected) + size, size):
            found = radius_page(session, CIRCLES[circle], offset, size, plain=False)
            assert found == expected[offset : offset + size], (size, offset)
    distances = [d for _, d in expected]
    assert distances == sorted(distances)
    assert all(d <= CIRCLES[circle][2] for d in distances)
    if circle == "all":
        assert len(expected) > 400
        assert not {i for i, _ in expected} & {*MERGED, *CLOSED}
