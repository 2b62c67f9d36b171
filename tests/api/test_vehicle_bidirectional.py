"""GET /v2/vehicles/{id}/bidirectional: every market's V2X facts with their provenance, and the
seed's own answer left exactly as it was."""

from __future__ import annotations

from fastapi.testclient import TestClient

from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.settings import Settings
from tests.conftest import MakeKey

IONIQ5 = 91001


def vehicle_id(settings: Settings, evdb_id: int) -> str:
    database = Database(settings)
    with database.transaction() as session:
        found = VehicleRepository(session).by_evdb_id(evdb_id)
    database.dispose()
    assert found is not None
    return found.id


def test_each_market_with_provenance_and_completeness(
    client: TestClient, key: str, settings: Settings
) -> None:
    car = vehicle_id(settings, IONIQ5)
    response = client.get(f"/v2/vehicles/{car}/bidirectional", headers={"Api-Key": key})
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["id"], data["type"]) == (car, "vehicle_bidirectional")
    markets = data["attributes"]["markets"]
    seed = client.get(
        "/evdatabase/uk/car/bidirectionalcharging/",
        params={"evdb_vehicle_id": IONIQ5},
        headers={"Api-Key": key},
    )
    # The extension says what the seed endpoint answers, and with which fields unknown.
    assert markets["uk"]["complete"] is (seed.status_code == 200)
    assert markets["uk"]["v2l"]["status"] == seed.json()["result"]["vehicle_to_load_support_status"]
    assert set(markets["uk"]) >= {"v2l", "v2h_ac", "v2h_dc", "v2g_ac", "v2g_dc"}
    assert set(markets["uk"]["v2l"]) == {
        "status", "power_kw", "exterior_ports", "interior_ports", "reason", "source_url",
        "as_of", "confidence",
    }  # fmt: skip
    # The seed's result holds exactly its twelve fields: no provenance leaks into it.
    assert len(seed.json()["result"]) == 12


def test_an_unknown_vehicle_is_404(client: TestClient, key: str) -> None:
    response = client.get("/v2/vehicles/no-such-car/bidirectional", headers={"Api-Key": key})
    assert response.status_code == 404


def test_it_needs_the_bidirectional_group(
    client: TestClient, make_key: MakeKey, settings: Settings
) -> None:
    car = vehicle_id(settings, IONIQ5)
    vehicles_only = make_key("ReadVehicles")
    response = client.get(f"/v2/vehicles/{car}/bidirectional", headers={"Api-Key": vehicles_only})
    assert response.status_code == 403
