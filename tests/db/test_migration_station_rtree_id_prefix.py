"""Migration 0017 on a database holding stations: SQLite's R*Tree is rebuilt with the id prefix
for every station the search may show (written before the upgrade, by 0010's triggers), its
triggers keep it after, and box pages answer as the plain query does; a downgrade restores
0010's R*Tree. PostgreSQL has nothing to change, and answers the same before and after."""

from __future__ import annotations

from sqlalchemy import delete, text
from sqlalchemy import update as sql_update

from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.db.models import StationRow
from evcharge.db.repositories import stations as station_repo
from evcharge.settings import Settings
from tests.db.migration_steps import downgrade, reseed
from tests.db.test_station_box_pages import (
    BOXES,
    LAT,
    LNG,
    _fill,
    _operator,
    _prefix,
    _station,
    page,
    plain,
)


def rtree_columns(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return [r[1] for r in connection.execute(text("PRAGMA table_info(stations_rtree)"))]


def pages_are_plain(database: Database) -> None:
    with database.session() as session:
        for box in BOXES.values():
            expected = plain(session, box)
            for size in (7, 400):
                for offset in range(0, len(expected) + size, size):
                    assert page(session, box, offset, size) == expected[offset : offset + size]


def rtree_matches_stations(database: Database) -> None:
    """One R*Tree entry per shown station, with its position, id and prefix."""
    with database.engine.connect() as connection:
        stations = connection.execute(
            text(
                "SELECT rowid, id, latitude, longitude, duplicate_of FROM stations "
                "WHERE status = 'operational' OR status IS NULL ORDER BY rowid"
            )
        ).all()
        entries = connection.execute(
            text(
                "SELECT id, station_id, latitude, longitude, duplicate_of, min_id_prefix, "
                "max_id_prefix FROM stations_rtree ORDER BY id"
            )
        ).all()
    assert [tuple(e[:5]) for e in entries] == [tuple(s) for s in stations]
    assert all(e.min_id_prefix == e.max_id_prefix == _prefix(e.station_id) for e in entries)


def old_database_upgrades(settings: Settings) -> None:
    upgrade(settings)
    reseed(settings)
    downgrade(settings, "0016")
    database = Database(settings)
    try:
        if settings.is_sqlite:
            assert "min_id_prefix" not in rtree_columns(database)
        _fill(settings)  # written through 0010's triggers
        if not settings.is_sqlite:
            pages_are_plain(database)  # (this code's SQLite box search needs 0017)
        upgrade(settings)
        database.dispose()  # connections opened before the upgrade know the old schema
        if settings.is_sqlite:
            assert "min_id_prefix" in rtree_columns(database)
            rtree_matches_stations(database)
        pages_are_plain(database)
        # Later writes go through the new triggers.
        with database.transaction() as session:
            operator = _operator(session)
            assert station_repo.create(session, _station("0-new", LAT, LNG, operator))
            rows = sql_update(StationRow)
            session.execute(rows.where(StationRow.id == "abc").values(id="0-renamed"))
            session.execute(rows.where(StationRow.id == "abc-1").values(status="closed"))
            session.execute(delete(StationRow).where(StationRow.id == "ab"))
        if settings.is_sqlite:
            rtree_matches_stations(database)
        pages_are_plain(database)
        with database.session() as session:
            shown = set(plain(session, BOXES["all"]))
        assert {"0-new", "0-renamed"} <= shown
        assert not {"abc", "abc-1", "ab"} & shown
        downgrade(settings, "0016")
        database.dispose()
        if settings.is_sqlite:
            assert "min_id_prefix" not in rtree_columns(database)
    finally:
        database.dispose()


def test_an_old_database_upgrades(empty_settings: Settings) -> None:
    old_database_upgrades(empty_settings)
