"""GET /v1/charging_stations, /v1/charging_stations/{id}, /v1/companies, /v1/tariffs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.importers.curated_network_build import company_id, load_network, station_id
from evcharge.services.imports.network import import_network
from evcharge.settings import Settings
from tests.conftest import key_maker
from tests.services.imports.test_network_import import FIXTURE


@pytest.fixture
def net(empty_settings: Settings) -> Iterator[TestClient]:
    """Only our fixture network: no embedded data, so the expected lists are exact."""
    database = Database(empty_settings)
    with database.transaction() as session:
        import_network(session, load_network(FIXTURE), source="test")
    database.dispose()
    with TestClient(create_app(empty_settings)) as client:
        yield client


@pytest.fixture
def key(empty_settings: Settings) -> str:
    return key_maker(empty_settings)("all")


def get(client: TestClient, key: str, path: str, **params: Any) -> tuple[int, dict[str, Any]]:
    response = client.get(path, params=params, headers={"Api-Key": key})
    return response.status_code, response.json()


def names(doc: dict[str, Any]) -> list[str]:
    return sorted(r["attributes"]["name"] for r in doc["data"])


def test_bounding_box_search_with_included_operators(net: TestClient, key: str) -> None:
    box = {"filter[latitude.gte]": 48, "filter[latitude.lte]": 49,
           "filter[longitude.gte]": 11, "filter[longitude.lte]": 12}  # fmt: skip
    status, doc = get(net, key, "/v1/charging_stations", **box)
    assert status == 200
    assert names(doc) == ["HPC A9 Test"]
    station = doc["data"][0]
    assert station["attributes"]["charge_points"][0] == {
        "plug": "ccs", "power": 350.0, "energy_type": "dc", "count": 4,
        "available_count": None, "evse_ids": ["DE*HPC*E1", "DE*HPC*E2"],
    }  # fmt: skip
    assert station["attributes"]["evse_operator"] == "DE*HPC"
    assert doc["included"][0]["attributes"]["name"] == "Test HPC Network"
    assert doc["meta"] == {"more_available": False}


def test_radius_search_uses_real_distance(net: TestClient, key: str) -> None:
    # Vienna city square at 48.2, 16.37; 10 km finds it, Munich-area HPC is ~360 km away.
    params = {"filter[latitude]": 48.21, "filter[longitude]": 16.37, "filter[radius]": 10_000}
    assert names(get(net, key, "/v1/charging_stations", **params)[1]) == ["City Square"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"filter[charge_points.plug.in]": "type2"}, ["City Square"]),
        ({"filter[charge_points.power.gte]": 100}, ["HPC A9 Test"]),
        ({"filter[charge_points.power.lte]": 50}, ["City Square"]),
        ({"filter[country]": "AT"}, ["City Square"]),
    ],
)
def test_extra_filters_on_an_export(
    net: TestClient, key: str, filters: dict[str, Any], expected: list[str]
) -> None:
    assert names(get(net, key, "/v1/charging_stations", export="true", **filters)[1]) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("hpc a9", ["HPC A9 Test"]),  # in the name, any case
        ("wien", ["City Square"]),  # in the address
        ("100%", []),  # LIKE wildcards are literal text
        ("  square ", ["City Square"]),  # as a person types it
    ],
)
def test_text_search_on_name_and_address(
    net: TestClient, key: str, q: str, expected: list[str]
) -> None:
    status, doc = get(net, key, "/v1/charging_stations", q=q)
    assert status == 200, doc
    assert names(doc) == expected


def test_paging_reports_more_available(net: TestClient, key: str) -> None:
    _s, doc = get(net, key, "/v1/charging_stations", export="true", **{"page[size]": 1})
    assert len(doc["data"]) == 1
    assert doc["meta"]["more_available"] is True


@pytest.mark.parametrize(
    "params",
    [
        {},  # no search at all
        {"export": "true", "filter[id]": "x"},  # two searches
        {"filter[latitude.gte]": 1},  # half a box
        {"filter[id]": ",".join(f"id{i}" for i in range(51))},  # over 50 ids
        {"export": "true", "filter[charge_points.plug.in]": "warp"},
        {"export": "true", "page[size]": 1001},
        {"q": "x"},  # too short to mean anything
        {"q": "   "},  # only spaces: not a search for everything
        {"q": "wien", "export": "true"},  # two searches
    ],
)
def test_bad_searches_are_400(net: TestClient, key: str, params: dict[str, Any]) -> None:
    status, doc = get(net, key, "/v1/charging_stations", **params)
    assert status == 400, doc
    assert doc["errors"][0]["code"] == "BAD_REQUEST"


def test_one_station_by_id_or_by_evse_id(net: TestClient, key: str) -> None:
    by_id = get(net, key, f"/v1/charging_stations/{station_id('hpc-a9')}")[1]
    by_evse = get(net, key, "/v1/charging_stations/DE*HPC*E1")[1]
    assert by_id["data"]["id"] == by_evse["data"]["id"] == station_id("hpc-a9")
    status, doc = get(net, key, "/v1/charging_stations/nope")
    assert status == 404
    assert doc["errors"][0]["title"] == "charging station nope"


def test_companies_with_roaming_and_filters(net: TestClient, key: str) -> None:
    _s, doc = get(net, key, "/v1/companies", **{"filter[is_cpo]": "true"})
    assert names(doc) == ["City AC", "Test HPC Network"]
    hpc = next(c for c in doc["data"] if c["id"] == company_id("hpc"))
    assert hpc["relationships"]["supported_emps"]["data"] == [
        {"id": company_id("cardco"), "type": "company"}
    ]
    assert doc["meta"]["overall_count"] == 2


def test_tariffs_list_metadata_without_prices(net: TestClient, key: str) -> None:
    _s, doc = get(net, key, "/v1/tariffs", **{"filter[direct_payment]": "true"})
    assert names(doc) == ["City AC ad hoc"]
    attributes = doc["data"][0]["attributes"]
    assert attributes["provider"] == "City AC"
    assert "prices" not in attributes
