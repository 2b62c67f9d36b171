"""Migration 0012 and the re-seed after it: a database whose curated vehicles were served under
their catalogue keys (1001-6301, EV Database's id space) moves them to 90000 + key, and
`evcharge seed` then gives the verified ones their real EV Database ids, in place."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from evcharge.api.app import create_app
from evcharge.db.engine import make_engine
from evcharge.db.migrate import upgrade
from evcharge.importers.curated import load_catalogue
from evcharge.settings import Settings
from tests.conftest import key_maker
from tests.db.migration_steps import downgrade, reseed

CATALOGUE = {c.key: c.vehicle for c in load_catalogue()}
EX30 = 2701  # Volvo EX30 Single Motor ER: EV Database's 1910
IONIQ5 = 1001  # Hyundai IONIQ 5 Standard Range 58 kWh: no verified id, so 91001
BMW_I4 = 1701  # BMW i4 eDrive40 (2021): its key is EV Database's BMW iX1 xDrive30


def curated_ids(settings: Settings) -> dict[int, tuple[int, str]]:
    """Catalogue key -> (public id, vehicle UUID) of every stored curated vehicle."""
    engine = make_engine(settings)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT source_key, evdb_vehicle_id, id FROM vehicles WHERE source = 'curated'"
                )
            )
            return {int(key): (evdb_id, vid) for key, evdb_id, vid in rows}
    finally:
        engine.dispose()


def old_database_moves_to_public_ids(settings: Settings) -> None:
    upgrade(settings)
    reseed(settings)
    # Back to before 0012 (0010: there is no 0011): every curated vehicle under its catalogue
    # key, as they were served.
    downgrade(settings, "0010")
    before = curated_ids(settings)
    assert before[EX30][0] == EX30
    assert before[BMW_I4][0] == BMW_I4
    assert all(evdb_id == key for key, (evdb_id, _) in before.items())

    upgrade(settings)
    moved = curated_ids(settings)
    assert moved == {key: (90_000 + key, vid) for key, (_, vid) in before.items()}

    reseed(settings)
    after = curated_ids(settings)
    assert set(after) == set(before)  # updated in place, nothing duplicated
    assert {key: vid for key, (_, vid) in after.items()} == {
        key: vid for key, (_, vid) in before.items()
    }
    assert {key: evdb_id for key, (evdb_id, _) in after.items()} == {
        key: CATALOGUE[key].evdb_vehicle_id for key in after
    }
    assert after[EX30][0] == 1910
    assert after[IONIQ5][0] == 91_001


def answers(settings: Settings) -> None:
    key = key_maker(settings)("all")
    path = "/evdatabase/uk/car/bidirectionalcharging/"
    with TestClient(create_app(settings)) as client:

        def status(evdb_id: int) -> int:
            response = client.get(
                path, params={"evdb_vehicle_id": evdb_id}, headers={"x-api-key": key}
            )
            return response.status_code

        # A One Auto user's real id answers for its car; our own ids answer for ours.
        assert status(1910) == 200
        assert status(91_001) == 200
        # The old catalogue key of the IONIQ 5, and a real id we have not mapped (Tesla Model 3
        # Long Range Dual Motor, 2020), are unknown: 204, never another car.
        assert status(IONIQ5) == 204
        assert status(1321) == 204
        vehicles = client.get("/v2/vehicles", params={"q": "EX30"}, headers={"Api-Key": key})
    found = {v["attributes"]["evdb_vehicle_id"] for v in vehicles.json()["data"]}
    assert 1910 in found


def test_an_old_database_moves_to_public_ids(empty_settings: Settings) -> None:
    old_database_moves_to_public_ids(empty_settings)
    answers(empty_settings)
