"""PUT/DELETE /v2/tariffs/{id} and PUT /v1/charging_stations/{id}: upserts with version locking."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.importers.curated_network_build import company_id
from tests.conftest import MakeKey

TARIFF = "11111111-2222-4333-8444-555555555555"
STATION = "99999999-2222-4333-8444-555555555555"


def tariff_doc(version: int, price: str = "0.59", emp: str | None = None) -> dict[str, Any]:
    return {
        "data": {
            "id": TARIFF,
            "type": "tariff",
            "attributes": {
                "version": version,
                "name": "API tariff",
                "currency": "EUR",
                "prices": [
                    {
                        "restrictions": [
                            {"cpo_ids": [company_id("hpc")], "charge_point_energy_type": "dc"}
                        ],
                        "decomposition": [{"dimension": "kwh", "price": price}],
                    }
                ],
            },
            "relationships": {
                "emp": {"data": {"id": emp or company_id("cardco"), "type": "company"}}
            },
        }
    }


def put(client: TestClient, key: str, doc: dict[str, Any]) -> int:
    return client.put(f"/v2/tariffs/{TARIFF}", json=doc, headers={"Api-Key": key}).status_code


def test_version_1_creates_then_current_plus_one_updates(priced: TestClient, key: str) -> None:
    assert put(priced, key, tariff_doc(1)) == 201
    assert put(priced, key, tariff_doc(2, price="0.49")) == 200
    listed = priced.get("/v1/tariffs", params={"filter[id]": TARIFF}, headers={"Api-Key": key})
    assert listed.json()["data"][0]["attributes"]["version"] == 2


def test_a_stale_or_skipped_version_is_409(priced: TestClient, key: str) -> None:
    assert put(priced, key, tariff_doc(2)) == 409  # creating needs version 1
    assert put(priced, key, tariff_doc(1)) == 201
    response = priced.put(f"/v2/tariffs/{TARIFF}", json=tariff_doc(1), headers={"Api-Key": key})
    assert response.status_code == 409
    assert response.json()["errors"][0] == {
        "status": "409",
        "code": "VERSION_CONFLICT",
        "title": "Version conflict",
    }
    assert put(priced, key, tariff_doc(3)) == 409


def test_a_written_tariff_is_priced_at_once(priced: TestClient, key: str) -> None:
    """The compiled-tariff cache is invalidated by the write."""
    put(priced, key, tariff_doc(1, price="0.10"))
    body = {
        "data": {
            "type": "charge_price_request",
            "attributes": {
                "station": {"longitude": 11.5, "latitude": 48.5, "country": "DE",
                            "network": company_id("hpc"),
                            "charge_points": [{"power": 350, "plug": "ccs"}]},
                "options": {"energy": 30, "duration": 45},
            },
            "relationships": {"tariffs": {"data": [{"id": TARIFF, "type": "tariff"}]}},
        }
    }  # fmt: skip
    prices = priced.post("/v1/charge_prices", json=body, headers={"Api-Key": key}).json()
    assert prices["data"][0]["attributes"]["charge_point_prices"][0]["price"] == 3.0  # 30 x 0.10


def test_delete_is_204_then_404(priced: TestClient, key: str) -> None:
    put(priced, key, tariff_doc(1))
    assert priced.delete(f"/v2/tariffs/{TARIFF}", headers={"Api-Key": key}).status_code == 204
    assert priced.delete(f"/v2/tariffs/{TARIFF}", headers={"Api-Key": key}).status_code == 404


def test_an_unknown_company_is_404_naming_it(priced: TestClient, key: str) -> None:
    response = priced.put(
        f"/v2/tariffs/{TARIFF}", json=tariff_doc(1, emp="ghost"), headers={"Api-Key": key}
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["title"] == "companies ghost"


def test_writes_need_their_group(priced: TestClient, make_key: MakeKey) -> None:
    reader = make_key("ReadTariffs")
    assert put(priced, reader, tariff_doc(1)) == 403


def test_a_manual_station_upsert_with_locking(priced: TestClient, key: str) -> None:
    doc = station_doc(STATION, ["DE*HPC*E9"])
    path = f"/v1/charging_stations/{STATION}"
    assert priced.put(path, json=doc, headers={"Api-Key": key}).status_code == 201
    assert priced.put(path, json=doc, headers={"Api-Key": key}).status_code == 409
    doc["data"]["attributes"]["version"] = 2
    doc["data"]["attributes"]["name"] = "Depot North"
    assert priced.put(path, json=doc, headers={"Api-Key": key}).status_code == 200
    found = priced.get("/v1/charging_stations/DE*HPC*E9", headers={"Api-Key": key}).json()
    assert found["data"]["attributes"]["name"] == "Depot North"
    assert found["data"]["attributes"]["version"] == 2


def test_the_body_id_must_match_the_path(priced: TestClient, key: str) -> None:
    response = priced.put("/v2/tariffs/other", json=tariff_doc(1), headers={"Api-Key": key})
    assert response.status_code == 400


def test_written_tags_come_back_localised_in_the_tariff_list(priced: TestClient, key: str) -> None:
    doc = tariff_doc(1)
    doc["data"]["attributes"]["tags"] = [
        {
            "kind": "alert",
            "text": "Intro price",
            "translations": {"nl": "Introductieprijs"},
            "url": "https://example.org/{locale}/intro",
            # 2027-01-01T00:00:00Z in epoch milliseconds, as Chargeprice writes show_until.
            "show_until": 1798761600000,
            "hide_for_owners": True,
        }
    ]
    assert put(priced, key, doc) == 201
    listed = priced.get(
        "/v1/tariffs", params={"filter[id]": TARIFF}, headers={"Api-Key": key}
    ).json()
    assert listed["data"][0]["attributes"]["tags"] == [
        {
            "kind": "alert",
            "localized_text": {"en": "Intro price", "nl": "Introductieprijs"},
            "url": "https://example.org/{locale}/intro",
            "show_until": 1798761600000,
            "hide_for_owners": True,
        }
    ]


def test_a_tag_in_an_unsupported_language_is_400(priced: TestClient, key: str) -> None:
    doc = tariff_doc(1)
    doc["data"]["attributes"]["tags"] = [{"kind": "info", "text": "x", "translations": {"es": "y"}}]
    response = priced.put(f"/v2/tariffs/{TARIFF}", json=doc, headers={"Api-Key": key})
    assert response.status_code == 400


PRICE = "/data/attributes/prices/0/decomposition/0/price"


@pytest.mark.parametrize(
    ("pointer", "raw"),
    [
        (PRICE, "1e30"),
        (PRICE, "1e999999999"),  # a JSON number beyond any float
        (PRICE, '"1e999999999"'),
        (PRICE, '"-1e30"'),
        (PRICE, '"0.0000001"'),  # finer than a millionth
        ("/data/attributes/prices/0/decomposition/0/billing_increment", "1e308"),
        ("/data/attributes/monthly_fee", '"1e30"'),
        ("/data/attributes/monthly_fee", '"-5"'),
    ],
)
def test_an_absurd_amount_is_a_400_naming_its_field(
    priced: TestClient, key: str, pointer: str, raw: str
) -> None:
    doc = tariff_doc(1)
    field = pointer.rsplit("/", 1)[1]
    target = doc["data"]["attributes"]
    if field != "monthly_fee":
        target = target["prices"][0]["decomposition"][0]
    target[field] = "__VALUE__"
    body = json.dumps(doc).replace('"__VALUE__"', raw)
    response = priced.put(
        f"/v2/tariffs/{TARIFF}",
        content=body,
        headers={"Api-Key": key, "Content-Type": "application/json"},
    )
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["source"] == {"pointer": pointer}
    assert put(priced, key, tariff_doc(1)) == 201  # nothing was stored


def test_the_price_bounds_are_in_the_openapi_document(priced: TestClient) -> None:
    schemas = priced.get("/openapi.json").json()["components"]["schemas"]
    price = schemas["SegmentIn"]["properties"]["price"]
    number = next(s for s in price["anyOf"] if s.get("type") == "number")
    assert (number["minimum"], number["maximum"]) == (-1_000_000, 1_000_000)


def station_doc(station_id: str, evse_ids: list[str]) -> dict[str, Any]:
    return {
        "data": {
            "id": station_id,
            "type": "charging_station",
            "attributes": {
                "version": 1, "name": "Depot", "address": "Main St 1", "latitude": 52.5,
                "longitude": 13.4, "country": "DE",
                "charge_points": [{"plug": "type2", "power": 22, "count": 2, "evse_ids": evse_ids}],
            },
            "relationships": {"operator": {"data": {"id": company_id("hpc"), "type": "company"}}},
        }
    }  # fmt: skip


def test_an_evse_id_names_one_station(priced: TestClient, key: str) -> None:
    # These were IntegrityErrors (500) on the station_evse_ids primary key.
    def put_station(station_id: str, evse_ids: list[str]) -> Any:
        doc = station_doc(station_id, evse_ids)
        return priced.put(f"/v1/charging_stations/{station_id}", json=doc, headers=headers)

    headers = {"Api-Key": key}
    assert put_station("one", ["DE*HPC*E7"]).status_code == 201
    taken = put_station("two", ["DE*HPC*E7"])
    assert taken.status_code == 409
    assert taken.json()["errors"][0]["title"] == "EVSE ids belong to another station: DE*HPC*E7"
    twice = put_station("three", ["DE*HPC*E8", "DE*HPC*E8"])
    assert twice.status_code == 400
    assert twice.json()["errors"][0]["source"] == {"pointer": "/data/attributes/charge_points"}
    for refused in ("two", "three"):
        assert priced.get(f"/v1/charging_stations/{refused}", headers=headers).status_code == 404
    found = priced.get("/v1/charging_stations/DE*HPC*E7", headers=headers).json()
    assert found["data"]["id"] == "one"
