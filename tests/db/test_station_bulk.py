"""A large load's indexes set aside and built again (db/repositories/station_bulk.py), on
PostgreSQL: exactly the same indexes after, nothing dropped for a smaller load, and a reader
holding the table makes the load keep them rather than wait (station_batch tests the whole
load, on SQLite too)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from evcharge.db.engine import Database
from evcharge.db.repositories import station_bulk
from evcharge.db.repositories.station_bulk import build_indexes, set_aside_if_doubled
from tests.pg_scratch import scratch_database


@pytest.fixture(scope="module")
def db(pg_database_url: str) -> Iterator[Database]:
    with scratch_database(pg_database_url, "station_bulk") as settings:
        database = Database(settings)
        yield database
        database.dispose()


def _indexes(session: Session) -> dict[str, str]:
    rows = session.execute(
        text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'stations'")
    )
    return dict(rows.all())  # pairs (a result has keys(), so dict() would take it as a mapping)


def _settings(session: Session) -> tuple[str, ...]:
    return tuple(
        session.execute(
            text("SELECT current_setting('lock_timeout'), current_setting('statement_timeout')")
        ).one()
    )


def _stored(session: Session) -> int:
    return int(session.execute(text("SELECT count(*) FROM stations")).scalar_one())


def test_the_indexes_no_constraint_owns_are_dropped_and_built_again_as_they_were(
    session: Session,
) -> None:
    before, settings = _indexes(session), _settings(session)
    aside = set_aside_if_doubled(session, created=_stored(session) // 2)
    assert aside is not None
    assert set(_indexes(session)) == {"pk_stations", "uq_stations_source_key"}
    assert {name for name, _ in aside.indexes} == set(before) - set(_indexes(session))
    build_indexes(session, aside)
    assert _indexes(session) == before
    assert _settings(session) == settings  # the session's own again


def test_a_load_smaller_than_half_the_table_keeps_them(session: Session) -> None:
    before = _indexes(session)
    assert set_aside_if_doubled(session, created=_stored(session) // 2 - 1) is None
    assert _indexes(session) == before


def test_a_reader_holding_the_table_makes_the_load_keep_them(
    db: Database, session: Session, pg_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(station_bulk, "LOCK_WAIT", "100ms")
    url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as reader:
        reader.execute("SELECT count(*) FROM stations")  # its transaction stays open
        before, settings = _indexes(session), _settings(session)
        assert set_aside_if_doubled(session, created=_stored(session)) is None
        assert _indexes(session) == before
        assert _settings(session) == settings
