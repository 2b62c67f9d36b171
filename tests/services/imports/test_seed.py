"""Seeding the curated catalogue: vehicles are stored under their catalogue key, so a vehicle
whose public id changes (an EV Database id gained, lost or moved to another vehicle) is
updated in place, and no upsert finds its new id still held by another row."""

from __future__ import annotations

from sqlalchemy import text

from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.curated import load_catalogue
from evcharge.services.imports.seed import seed
from evcharge.settings import Settings
from tests.pg_scratch import scratch_database

EX30, IONIQ5 = "2701", "1001"  # EX30's EV Database id is 1910; the IONIQ 5 has none (91001)


def set_ids(database: Database, ids: dict[str, int]) -> None:
    with database.transaction() as session:
        for key, evdb_id in ids.items():
            session.execute(
                text(
                    "UPDATE vehicles SET evdb_vehicle_id = :evdb_id "
                    "WHERE source = 'curated' AND source_key = :key"
                ),
                {"evdb_id": evdb_id, "key": key},
            )


def a_real_id_moves_between_vehicles(settings: Settings) -> None:
    database = Database(settings)
    try:
        # As if an earlier catalogue had mapped EX30's real id to the IONIQ 5.
        set_ids(database, {EX30: 92_701})
        set_ids(database, {IONIQ5: 1910})
        with database.transaction() as session:  # and its row is stale otherwise too
            session.execute(
                text(
                    "UPDATE vehicles SET variant = 'stale' "
                    "WHERE source = 'curated' AND source_key = :k"
                ),
                {"k": IONIQ5},
            )
        with database.transaction() as session:
            before = VehicleRepository(session).count()
            report = seed(session)["vehicles"]
        with database.transaction() as session:
            repo = VehicleRepository(session)
            ex30, ioniq5 = repo.by_evdb_id(1910), repo.by_evdb_id(91_001)
            assert repo.count() == before
        assert report.skipped == []
        assert report.updated == 2  # each counted once, however many of its fields moved
        assert report.unchanged == len(load_catalogue()) - 2
        assert ex30 is not None
        assert ex30.model == "EX30"
        assert ioniq5 is not None
        assert ioniq5.model == "IONIQ 5"
        with database.transaction() as session:
            assert seed(session)["vehicles"].updated == 0  # idempotent
    finally:
        database.dispose()


def test_a_real_id_moves_between_vehicles_on_sqlite(settings: Settings) -> None:
    a_real_id_moves_between_vehicles(settings)


def test_a_real_id_moves_between_vehicles_on_postgresql(pg_database_url: str) -> None:
    with scratch_database(pg_database_url, "seed_ids") as settings:
        a_real_id_moves_between_vehicles(settings)
