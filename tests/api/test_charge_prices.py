"""POST /v1/charge_prices through HTTP, on a fixture network and our own ECB rates file."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.api.schemas.charge_prices import ChargePriceDocument
from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.curated_network_build import company_id, tariff_id
from evcharge.settings import Settings
from tests.conftest import MakeKey


def body(options: dict[str, Any] | None = None, **relationships: Any) -> dict[str, Any]:
    return {
        "data": {
            "type": "charge_price_request",
            "attributes": {
                "data_adapter": "chargeprice",
                "station": {
                    "longitude": 11.5,
                    "latitude": 48.5,
                    "country": "DE",
                    "network": company_id("hpc"),
                    "charge_points": [{"power": 350, "plug": "ccs"}],
                },
                "options": options if options is not None else {"energy": 30, "duration": 45},
            },
            "relationships": relationships,
        }
    }


def post(client: TestClient, key: str, payload: object) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/charge_prices", json=payload, headers={"Api-Key": key})
    return response.status_code, response.json()


def test_a_price_document_with_meta(priced: TestClient, key: str) -> None:
    status, doc = post(priced, key, body())
    assert status == 200
    ChargePriceDocument.model_validate(doc)
    price = doc["data"][0]
    assert price["type"] == "charge_price"
    assert price["attributes"]["provider"] == "CardCo"
    assert price["attributes"]["charge_point_prices"] == [
        {
            "plug": "ccs",
            "power": 350.0,
            "price": 17.7,
            "price_distribution": {"kwh": 1.0},
            "blocking_fee_start": 90,
            "no_price_reason": None,
            "no_price_reason_code": None,
            "is_average_price": False,
        }
    ]
    assert price["relationships"]["tariff"]["data"]["type"] == "tariff"
    assert doc["meta"]["charge_points"] == [
        {"plug": "ccs", "power": 350.0, "energy": 30.0, "battery_energy": 30.0, "duration": 45.0}
    ]
    assert doc["meta"]["exchange_rate_date"] == "2026-10-30"


def test_gbp_prices(priced: TestClient, key: str) -> None:
    _s, doc = post(priced, key, body({"energy": 30, "duration": 45, "currency": "GBP"}))
    # 17.70 EUR x 0.85 (our rates file) = 15.045 -> 15.05 GBP
    assert doc["data"][0]["attributes"]["charge_point_prices"][0]["price"] == 15.05
    assert doc["data"][0]["attributes"]["currency"] == "GBP"


def test_a_vehicle_and_battery_range(priced: TestClient, key: str, settings: Settings) -> None:
    database = Database(settings)
    with database.transaction() as session:
        ioniq = VehicleRepository(session).by_evdb_id(91001)
    database.dispose()
    assert ioniq is not None
    payload = body({"battery_range": [20, 80]}, vehicle={"data": {"id": ioniq.id, "type": "car"}})
    status, doc = post(priced, key, payload)
    assert status == 200
    assert doc["data"][0]["attributes"]["charge_point_prices"][0]["price"] == 19.71
    assert doc["meta"]["charge_points"][0]["battery_energy"] == 32.4


@pytest.mark.parametrize(
    ("case", "payload", "status", "pointer_or_title"),
    [
        ("start_time out of range", body({"energy": 30, "duration": 45, "start_time": 1440}), 400,
         "/data/attributes/options/start_time"),
        ("battery range above 100", body({"battery_range": [20, 120]}), 400,
         "/data/attributes/options/battery_range/1"),
        ("wrong type", body({"energy": "lots", "duration": 45}), 400,
         "/data/attributes/options/energy"),
        ("wrong resource type", {"data": {**body()["data"], "type": "nope"}}, 400,
         "/data/type"),
        ("both input pairs", body({"energy": 30, "duration": 45, "battery_range": [20, 80]}), 400,
         "exactly one"),
        ("unknown currency", body({"energy": 30, "duration": 45, "currency": "ATS"}), 404,
         "No currency with iso ATS"),
    ],
)  # fmt: skip
def test_bad_input_is_a_4xx_with_a_pointer_or_a_message(
    priced: TestClient, key: str, case: str, payload: object, status: int, pointer_or_title: str
) -> None:
    got, doc = post(priced, key, payload)
    assert got == status
    error = doc["errors"][0]
    where = error.get("source", {}).get("pointer", "") + " " + error["title"]
    assert pointer_or_title in where


def test_malformed_json_is_400(priced: TestClient, key: str) -> None:
    response = priced.post(
        "/v1/charge_prices",
        content=b'{"data": ',
        headers={"Api-Key": key, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "BAD_REQUEST"


def test_prices_need_read_costs(priced: TestClient, make_key: MakeKey) -> None:
    status, doc = post(priced, make_key("ReadVehicles"), body())
    assert status == 403
    assert doc["errors"][0]["title"] == "action read_costs not allowed"


def tags_and_reason(
    priced: TestClient, key: str, language: str | None, **relationships: Any
) -> tuple[str, list[dict[str, Any]], str | None, str | None]:
    payload = body({"energy": 30, "duration": 45, "show_price_unavailable": True}, **relationships)
    payload["data"]["attributes"]["station"]["charge_points"].append({"power": 22, "plug": "type2"})
    headers = {"Api-Key": key} | ({"Accept-Language": language} if language else {})
    response = priced.post("/v1/charge_prices", json=payload, headers=headers)
    assert response.status_code == 200, response.text
    (price,) = response.json()["data"]
    dc, ac = price["attributes"]["charge_point_prices"]
    assert dc["price"] is not None
    assert ac["price"] is None
    assert ac["no_price_reason_code"] == "not_yet_listed"
    return (
        response.headers["Content-Language"],
        price["attributes"]["tags"],
        ac["no_price_reason"],
        response.headers.get("Vary"),
    )


def test_tags_and_reasons_follow_accept_language(priced: TestClient, key: str) -> None:
    language, tags, reason, vary = tags_and_reason(priced, key, "de-AT,de;q=0.9,en;q=0.5")
    assert (language, vary) == ("de", "Accept-Language")
    # The expired "Old offer." tag is gone; the star tag shows to callers not owning the tariff.
    assert tags == [
        {
            "kind": "info",
            "text": "Blockiergebühr ab 90 min.",
            "url": "https://example.org/de/cardco",
        },
        {"kind": "star", "text": "Join CardCo!", "url": None},  # no German text: English
    ]
    assert reason == "Preis noch nicht erfasst."


def test_english_is_the_default_and_the_fallback(priced: TestClient, key: str) -> None:
    for header in (None, "es-ES", "pt;q=1, *;q=0.1"):
        language, tags, reason, _ = tags_and_reason(priced, key, header)
        assert language == "en"
        assert tags[0]["text"] == "Blocking fee from 90 min."
        assert tags[0]["url"] == "https://example.org/en/cardco"
        assert reason == "Price not yet listed."


def test_hide_for_owners_hides_a_tag_from_callers_who_list_the_tariff(
    priced: TestClient, key: str
) -> None:
    mine = {"data": [{"id": tariff_id("cardco-m"), "type": "tariff"}]}
    _, tags, _, _ = tags_and_reason(priced, key, "en", tariffs=mine)
    assert [t["kind"] for t in tags] == ["info"]
