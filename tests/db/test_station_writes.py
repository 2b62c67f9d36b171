"""Batched station upserts (db/repositories/station_writes.py) on SQLite and PostgreSQL: exact
outcomes (the database compares every written column), the search indexes follow an update (the
SQLite triggers fire for an upsert's UPDATE too), a batch refuses a repeated source key, and
each row's content digest follows its content (migration 0013's trigger clears it for other
writers)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.db.repositories.network_mapping import station_columns
from evcharge.db.repositories.station_writes import (
    WRITTEN,
    StationWrite,
    content_hash,
    stored_stations,
)
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.db.repositories.upsert import UpsertOutcome
from evcharge.settings import Settings
from tests.pg_scratch import scratch_database

TYPE2 = ChargePointGroup(Plug.TYPE2, 22.0, EnergyType.AC, 1)
CREATED, UPDATED, UNCHANGED = UpsertOutcome.CREATED, UpsertOutcome.UPDATED, UpsertOutcome.UNCHANGED


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    with ExitStack() as stack:
        if request.param == "postgresql":
            url = request.getfixturevalue("pg_database_url")
            settings = stack.enter_context(scratch_database(url, "station_writes"))
        else:
            template = request.getfixturevalue("migrated_template")
            path = tmp_path_factory.mktemp("writes") / "writes.db"
            path.write_bytes(template.read_bytes())
            settings = Settings(database_url=f"sqlite:///{path}")
        database = Database(settings)
        yield database
        database.dispose()


def _station(session: Session, number: int, **changes: object) -> Station:
    operator = session.execute(text("SELECT id FROM companies ORDER BY id LIMIT 1")).scalar()
    assert operator is not None
    station = Station(
        id=f"w-{number}",
        name=f"Writes Test {number}",
        address="Nordsee 1",
        latitude=55.5,
        longitude=4.5,
        country="DE",
        operator_id=operator,
        charge_points=(ChargePointGroup(Plug.CCS, 150.0, EnergyType.DC, 2, (f"DE*W*E{number}",)),),
    )
    return replace(station, **changes)  # type: ignore[arg-type]


def _write(session: Session, *stations: Station) -> list[UpsertOutcome]:
    writes = [StationWrite(s, "writes-test", f"writes-test:{s.id}") for s in stations]
    return StationRepository(session).upsert_many(writes)


def test_every_column_an_import_writes_is_compared() -> None:
    station = Station("x", "n", "a", 1.0, 2.0, "DE", "op", (TYPE2,))
    assert set(WRITTEN) == (set(station_columns(station)) - {"id"}) | {"source"}


def test_the_digest_trigger_watches_every_column_an_import_writes(session: Session) -> None:
    # Migration 0013 froze the column list in its trigger: a column an import writes later
    # must be added to the trigger too, or another writer's change would keep a stale digest.
    if session.get_bind().dialect.name == "postgresql":
        definition = session.execute(
            text(
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger "
                "WHERE tgname = 'stations_content_hash'"
            )
        ).scalar_one()
    else:
        definition = session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'stations_content_hash'")
        ).scalar_one()
    watched = definition.split("UPDATE OF ", 1)[1].split(" ON ", 1)[0]
    assert {c.strip() for c in watched.split(",")} == set(WRITTEN)


@pytest.mark.parametrize(
    "change",
    [
        {"latitude": 55.5 + 1e-12},  # exact, not within a tolerance
        {"name": "Writes Test 1 "},
        {"parking_type": "ON_STREET"},
        {"free_parking": False},  # None -> False is a change too
        {"facilities": ("CAFE",)},
        {"charge_points": (ChargePointGroup(Plug.CCS, 150.0, EnergyType.DC, 3, ("DE*W*E1",)),)},
    ],
)
def test_any_difference_is_an_update_and_none_is_unchanged(
    session: Session, change: dict[str, object]
) -> None:
    assert _write(session, _station(session, 1)) == [CREATED]
    assert _write(session, _station(session, 1)) == [UNCHANGED]
    assert _write(session, _station(session, 1, **change)) == [UPDATED]
    assert _write(session, _station(session, 1, **change)) == [UNCHANGED]
    stored = StationRepository(session).get("w-1")
    assert stored is not None
    assert stored == replace(_station(session, 1, **change), source="writes-test", version=2)


def test_an_update_moves_the_station_in_the_search_indexes(session: Session) -> None:
    _write(session, _station(session, 1), _station(session, 2))
    moved = _station(session, 2, name="Harbour Quay", latitude=56.5, longitude=5.5)
    assert _write(session, _station(session, 1), moved) == [UNCHANGED, UPDATED]
    repo = StationRepository(session)

    def found(query: StationQuery) -> list[str]:
        return [s.id for s in repo.search(query, offset=0, limit=100) if s.id.startswith("w-")]

    assert found(StationQuery(lat_min=56.4, lat_max=56.6, lng_min=5.4, lng_max=5.6)) == ["w-2"]
    assert found(StationQuery(lat_min=55.4, lat_max=55.6, lng_min=4.4, lng_max=4.6)) == ["w-1"]
    assert found(StationQuery(text="Harbour Quay")) == ["w-2"]
    assert found(StationQuery(text="Writes Test")) == ["w-1"]
    assert repo.get("DE*W*E2") == repo.get("w-2")


def test_a_batch_refuses_a_repeated_source_key(session: Session) -> None:
    with pytest.raises(ValueError, match="repeats a source key"):
        _write(session, _station(session, 1), _station(session, 1, name="again"))


def _stored(session: Session, number: int) -> tuple[str | None, int]:
    row = session.execute(
        text("SELECT content_hash, version FROM stations WHERE id = :id"), {"id": f"w-{number}"}
    ).one()
    return row.content_hash, row.version


def test_each_row_keeps_the_digest_of_the_station_as_written(session: Session) -> None:
    first = _station(session, 1)
    _write(session, first)
    digest = content_hash(StationWrite(first, "writes-test", "writes-test:w-1"))
    assert len(digest) == 32
    assert _stored(session, 1) == (digest, 1)
    renamed = _station(session, 1, name="Renamed")
    _write(session, renamed)
    assert _stored(session, 1) == (
        content_hash(StationWrite(renamed, "writes-test", "writes-test:w-1")),
        2,
    )
    stored = stored_stations(session, ["writes-test:w-1", "writes-test:w-9"])
    assert list(stored) == ["writes-test:w-1"]
    assert stored["writes-test:w-1"].content_hash == _stored(session, 1)[0]


def test_another_writer_changing_an_imported_column_clears_the_digest(session: Session) -> None:
    """The trigger of migration 0013: a digest never describes other content than the row's;
    columns an import does not write leave it."""
    _write(session, _station(session, 1), _station(session, 2))
    digest = _stored(session, 2)[0]
    session.execute(text("UPDATE stations SET name = 'By hand' WHERE id = 'w-1'"))
    session.execute(text("UPDATE stations SET status = 'planned', version = 7 WHERE id = 'w-2'"))
    assert _stored(session, 1) == (None, 1)
    assert _stored(session, 2) == (digest, 7)


def test_an_unchanged_row_without_its_digest_gets_it_without_a_new_version(
    session: Session,
) -> None:
    """As every row is after the upgrade to 0013."""
    stations = [_station(session, 1), _station(session, 2)]
    _write(session, *stations)
    digests = [_stored(session, 1)[0], _stored(session, 2)[0]]
    session.execute(text("UPDATE stations SET content_hash = NULL WHERE id LIKE 'w-%'"))
    assert _write(session, *stations) == [UNCHANGED, UNCHANGED]
    assert [_stored(session, 1), _stored(session, 2)] == [(digests[0], 1), (digests[1], 1)]
