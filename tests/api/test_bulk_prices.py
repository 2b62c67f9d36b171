"""POST /v1/charge_prices/bulk on our fixture network (hand-checked numbers)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from evcharge.api.schemas.bulk_prices import BulkResponseDocument
from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.curated_network_build import station_id, tariff_id
from evcharge.settings import Settings

HPC, CITY = station_id("hpc-a9"), station_id("city-1")


def ioniq_id(settings: Settings) -> str:
    database = Database(settings)
    with database.transaction() as session:
        ioniq = VehicleRepository(session).by_evdb_id(91001)
    database.dispose()
    assert ioniq is not None
    return ioniq.id


def bulk(
    vehicle: str, stations: list[str], tariffs: list[str], **attributes: Any
) -> dict[str, Any]:
    return {
        "data": {
            "type": "bulk_price_preview_request",
            "attributes": {"battery_range": [20, 80], **attributes},
            "relationships": {
                "charging_stations": {
                    "data": [{"id": s, "type": "charging_station"} for s in stations]
                },
                "tariffs": {"data": [{"id": t, "type": "tariff"} for t in tariffs]},
                "vehicle": {"data": {"id": vehicle, "type": "car"}},
            },
        }
    }


def post(client: TestClient, key: str, payload: object) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/charge_prices/bulk", json=payload, headers={"Api-Key": key})
    return response.status_code, response.json()


def test_cheapest_per_station_names_its_tariff_and_the_unpriced(
    priced: TestClient, key: str, settings: Settings
) -> None:
    payload = bulk(ioniq_id(settings), [HPC, CITY], [tariff_id("cardco-m")])
    status, doc = post(priced, key, payload)
    assert status == 200
    BulkResponseDocument.model_validate(doc)
    [hpc] = doc["data"]
    # IONIQ 5 54 kWh, 20 -> 80 %: 32.4 kWh / 0.97 = 33.402 kWh x 0.59 EUR = 19.71 EUR.
    assert hpc["id"] == HPC
    assert hpc["attributes"]["price"] == 19.71
    assert hpc["attributes"]["energy"] == 33.402
    assert hpc["relationships"]["tariff"]["data"]["id"] == tariff_id("cardco-m")
    assert doc["meta"]["unpriced_stations"] == [
        {
            "charging_station": CITY,
            "reason": "none of the tariffs can be used at this station's operator",
        }
    ]


def test_direct_payment_tariffs_can_be_included(
    priced: TestClient, key: str, settings: Settings
) -> None:
    payload = bulk(ioniq_id(settings), [CITY], [], include_direct_payment=True, currency="GBP")
    _s, doc = post(priced, key, payload)
    # AC 11 kW: 32.4 kWh / 0.90 = 36 kWh x 0.45 + 0.50 = 16.70 EUR; x 0.85 = 14.195 -> 14.20 GBP.
    assert doc["data"][0]["attributes"]["price"] == 14.2
    assert doc["data"][0]["relationships"]["tariff"]["data"]["id"] == tariff_id("cityac-adhoc")


def test_no_tariff_is_200_with_every_station_unpriced(
    priced: TestClient, key: str, settings: Settings
) -> None:
    status, doc = post(priced, key, bulk(ioniq_id(settings), [HPC, CITY], []))
    assert status == 200, doc
    assert doc["data"] == []
    reason = "none of the tariffs can be used at this station's operator"
    assert doc["meta"]["unpriced_stations"] == [
        {"charging_station": HPC, "reason": reason},
        {"charging_station": CITY, "reason": reason},
    ]


def test_unknown_ids_are_404_naming_them(priced: TestClient, key: str, settings: Settings) -> None:
    status, doc = post(priced, key, bulk(ioniq_id(settings), [HPC, "ghost"], []))
    assert status == 404
    assert doc["errors"][0]["title"] == "charging stations ghost"
    status, doc = post(priced, key, bulk(ioniq_id(settings), [HPC], ["nope"]))
    assert (status, doc["errors"][0]["title"]) == (404, "tariffs nope")


def test_limits_are_400(priced: TestClient, key: str, settings: Settings) -> None:
    many = [f"s{i}" for i in range(101)]
    status, doc = post(priced, key, bulk(ioniq_id(settings), many, []))
    assert status == 400
    assert "1 to 100 charging stations" in doc["errors"][0]["title"]
    status, _doc = post(priced, key, bulk(ioniq_id(settings), [HPC], [f"t{i}" for i in range(201)]))
    assert status == 400
