"""Migration 0018 on a database holding stations, on SQLite and PostgreSQL: the partial index
ix_stations_unlisted takes the rows that left the lists before the upgrade (merged, or not
operational) and those that leave after it, only those, and a downgrade drops it."""

from __future__ import annotations

from sqlalchemy import inspect, select, text, update

from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.db.models import StationRow
from evcharge.db.repositories.station_removals import StationRemovalRepository
from evcharge.settings import Settings
from tests.db.migration_steps import downgrade, reseed


def unlisted_index(database: Database) -> dict[str, object] | None:
    indexes = inspect(database.engine).get_indexes("stations")
    return next((i for i in indexes if i["name"] == "ix_stations_unlisted"), None)


def indexed_ids(database: Database) -> list[str]:
    """The ids the removed feed finds (on SQLite read from the index alone: tests/db/
    test_station_removals.py shows the plan)."""
    with database.session() as session:
        rows = StationRemovalRepository(session).page(since=None, after=None, limit=1000)
        return [row.id for row in rows]


def take_out(database: Database, merged: str, canonical: str, closed: str) -> None:
    with database.transaction() as session:
        rows = update(StationRow)
        session.execute(rows.where(StationRow.id == merged).values(duplicate_of=canonical))
        session.execute(rows.where(StationRow.id == closed).values(status="closed"))


def old_database_upgrades(settings: Settings) -> None:
    upgrade(settings)
    reseed(settings)
    downgrade(settings, "0017")
    database = Database(settings)
    try:
        assert unlisted_index(database) is None
        with database.session() as session:
            ids = list(session.scalars(select(StationRow.id).order_by(StationRow.id).limit(6)))
        take_out(database, ids[0], ids[1], ids[2])  # before the upgrade
        upgrade(settings)
        database.dispose()  # connections opened before the upgrade know the old schema
        found = unlisted_index(database)
        assert found is not None
        assert found["column_names"] == ["updated_at", "id", "duplicate_of", "status"]
        assert sorted(indexed_ids(database)) == sorted(ids[:1] + ids[2:3])
        take_out(database, ids[3], ids[1], ids[4])  # after it
        assert sorted(indexed_ids(database)) == sorted([ids[0], ids[2], ids[3], ids[4]])
        with database.session() as session:  # and the count the index holds is exactly those
            count = "SELECT count(*) FROM stations WHERE " + (
                "duplicate_of IS NOT NULL OR status <> 'operational'"
            )
            assert session.execute(text(count)).scalar_one() == 4
        downgrade(settings, "0017")
        database.dispose()
        assert unlisted_index(database) is None
        upgrade(settings)  # and up again
        database.dispose()
        assert sorted(indexed_ids(database)) == sorted([ids[0], ids[2], ids[3], ids[4]])
    finally:
        database.dispose()


def test_an_old_database_upgrades(empty_settings: Settings) -> None:
    old_database_upgrades(empty_settings)
