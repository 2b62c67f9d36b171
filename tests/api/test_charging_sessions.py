"""GET /v2/vehicles/{id}/charging_session: the simulator's time and energy, checked by hand."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.api.schemas.vehicles import ChargingSessionDocument
from evcharge.core.vehicles import CurvePoint
from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.settings import Settings
from tests.builders import make_vehicle
from tests.conftest import MakeKey

FLAT_ID = "00000000-0000-0000-0000-0000000000f1"


@pytest.fixture
def flat_car(settings: Settings) -> str:
    """50 kWh usable, 100 kW flat from 0 to 100 %: every number below is a line of arithmetic."""
    vehicle = make_vehicle(
        id=FLAT_ID,
        evdb_vehicle_id=99101,  # beyond every curated brand's block of 100
        usable_battery_size_kwh=50.0,
        dc_max_power_kw=100.0,
        dc_charging_curve=(CurvePoint(0, 100), CurvePoint(100, 100)),
    )
    database = Database(settings)
    with database.transaction() as session:
        VehicleRepository(session).upsert(vehicle, source="test", source_key=vehicle.id)
    database.dispose()
    return vehicle.id


def get(client: TestClient, key: str, vehicle_id: str, **params: Any) -> tuple[int, Any]:
    path = f"/v2/vehicles/{vehicle_id}/charging_session"
    response = client.get(path, params=params, headers={"Api-Key": key})
    return response.status_code, response.json()


@pytest.mark.parametrize(
    ("power", "duration_min", "average_kw"),
    [
        # 10 -> 80 % of 50 kWh = 35 kWh into the battery; DC losses 3 %: 35 / 0.97 = 36.082 kWh
        # from the grid. At 50 kW: 36.082 / 50 h = 43.30 min; the battery gets 35 * 60 / 43.30
        # = 48.5 kW on average.
        (50, 43.3, 48.5),
        # A 150 kW charger is capped by the car's 100 kW: 36.082 / 100 h = 21.65 min.
        (150, 21.65, 97.0),
    ],
)
def test_ten_to_eighty_percent_on_a_flat_curve(
    client: TestClient,
    key: str,
    flat_car: str,
    power: float,
    duration_min: float,
    average_kw: float,
) -> None:
    status, body = get(client, key, flat_car, power=power, soc_from=10, soc_to=80)
    assert status == 200, body
    ChargingSessionDocument.model_validate(body)
    attributes = body["data"]["attributes"]
    assert attributes["plug"] == "ccs"
    assert attributes["battery_energy_kwh"] == 35.0
    assert attributes["energy_kwh"] == 36.082
    assert attributes["duration_min"] == duration_min
    assert attributes["average_power_kw"] == average_kw
    slices = attributes["slices"]
    assert (slices[0]["soc_start_pct"], slices[-1]["soc_end_pct"]) == (10, 80)
    assert sum(s["battery_energy_kwh"] for s in slices) == pytest.approx(35.0)


def test_the_time_equals_what_charge_prices_bills(client: TestClient, key: str) -> None:
    """The page's curve time and the price table's session come from one simulator."""
    vehicles = client.get("/v2/vehicles", params={"q": "ioniq 5"}, headers={"Api-Key": key})
    vehicle_id = vehicles.json()["data"][0]["id"]
    _status, body = get(client, key, vehicle_id, power=150, soc_from=20, soc_to=80)
    companies = client.get("/v1/companies", params={"q": "IONITY"}, headers={"Api-Key": key})
    network = companies.json()["data"][0]["id"]
    station = {"longitude": 10.0, "latitude": 53.5, "country": "DE", "network": network}
    request = {"data": {"type": "charge_price_request", "attributes": {
        "station": {**station, "charge_points": [{"power": 150, "plug": "ccs"}]},
        "options": {"battery_range": [20, 80]}},
        "relationships": {"vehicle": {"data": {"id": vehicle_id, "type": "car"}}}}}  # fmt: skip
    prices = client.post("/v1/charge_prices", json=request, headers={"Api-Key": key}).json()
    assert "meta" in prices, prices
    meta = prices["meta"]["charge_points"][0]
    assert body["data"]["attributes"]["duration_min"] == meta["duration"]
    assert body["data"]["attributes"]["energy_kwh"] == meta["energy"]


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"soc_from": 80, "soc_to": 10}, 400, "soc_to must be above soc_from"),
        ({"plug": "chademo"}, 400, "cannot charge at a chademo plug"),
        ({"plug": "scart"}, 400, "plug"),
        ({"power": 0}, 400, "power"),
    ],
)
def test_bad_input_is_400_saying_what_is_wrong(
    client: TestClient, key: str, flat_car: str, params: dict[str, Any], status: int, text: str
) -> None:
    got, body = get(client, key, flat_car, **params)
    assert got == status
    error = body["errors"][0]
    assert text in " ".join(str(error.get(k, "")) for k in ("title", "detail", "source")).lower()


def test_an_unknown_vehicle_is_404(client: TestClient, key: str) -> None:
    status, body = get(client, key, "no-such-car")
    assert status == 404
    assert body["errors"][0]["code"] == "NOT_FOUND"


def test_it_needs_read_vehicles_full(client: TestClient, make_key: MakeKey, flat_car: str) -> None:
    status, body = get(client, make_key("ReadVehicles"), flat_car)
    assert status == 403
    assert body["errors"][0]["title"] == "action read_vehicles_full not allowed"
