"""GET /v1/charging_stations, /v1/charging_stations/{id}, /v1/companies, /v1/tariffs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.db.repositories.stations import StationRepository
from evcharge.importers.curated_network_build import company_id, load_network, station_id
from evcharge.services.imports.network import import_network
from evcharge.settings import Settings
from tests.conftest import key_maker
from tests.pg_locks import get_while_locked
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


def test_a_radius_answers_nearest_first_with_distance_in_metres(net: TestClient, key: str) -> None:
    # From 0.05 deg south of the HPC on its meridian: R * 0.05 * pi / 180
    # = 6,371,008.8 m * 8.7266463e-4 = 5,559.75 m; City Square is ~361 km east.
    params = {"filter[latitude]": 48.45, "filter[longitude]": 11.5, "filter[radius]": 400_000}
    status, doc = get(net, key, "/v1/charging_stations", **params)
    assert status == 200, doc
    assert [r["attributes"]["name"] for r in doc["data"]] == ["HPC A9 Test", "City Square"]
    assert doc["data"][0]["attributes"]["distance"] == pytest.approx(5559.75, abs=0.1)
    assert 360_000 < doc["data"][1]["attributes"]["distance"] < 362_000
    box = {"filter[latitude.gte]": 48, "filter[latitude.lte]": 49,
           "filter[longitude.gte]": 11, "filter[longitude.lte]": 12}  # fmt: skip
    _s, box_doc = get(net, key, "/v1/charging_stations", **box)
    assert "distance" not in box_doc["data"][0]["attributes"]  # only a radius has a centre


def test_an_export_pages_by_cursor_through_every_station_once(net: TestClient, key: str) -> None:
    response = net.get(
        "/v1/charging_stations",
        params={"export": "true", "page[size]": 1},
        headers={"Api-Key": key},
    )
    seen = []
    while True:
        doc = response.json()
        seen.extend(r["id"] for r in doc["data"])
        assert doc["meta"]["more_available"] is (doc["links"]["next"] is not None)
        if doc["links"]["next"] is None:
            break
        assert "page%5Bafter%5D=" in doc["links"]["next"]
        response = net.get(doc["links"]["next"], headers={"Api-Key": key})
    assert seen == sorted({station_id("hpc-a9"), station_id("city-1")})


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        ("2000-01-01T00:00:00Z", ["City Square", "HPC A9 Test"]),
        ("2000-01-01", ["City Square", "HPC A9 Test"]),  # a date, and no zone: UTC
        ("2999-01-01T00:00:00+02:00", []),
    ],
)
def test_updated_since_serves_incremental_sync(
    net: TestClient, key: str, since: str, expected: list[str]
) -> None:
    params = {"export": "true", "filter[updated_since]": since}
    status, doc = get(net, key, "/v1/charging_stations", **params)
    assert status == 200, doc
    assert names(doc) == expected


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
        {"q": "wien", "page[after]": "x"},  # a cursor pages an export only
        {"export": "true", "page[after]": "x", "page[number]": 2},  # a cursor or a number
        {"export": "true", "filter[updated_since]": "last week"},
        {"export": "true", "filter[updated_since]": "0001-01-01T00:00:00+14:00"},
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


def test_a_station_search_stops_at_the_statement_time_limit(
    pg_settings: Settings, pg_database_url: str
) -> None:
    # The request time limit cannot stop a synchronous handler; PostgreSQL's statement timeout
    # stops the query itself.
    path = "/v1/charging_stations?export=true"
    answer, elapsed, after = get_while_locked(pg_settings, pg_database_url, "stations", path)
    assert answer.status_code == 503, answer.text
    assert elapsed < 5
    assert after.status_code == 200


def test_an_export_leaves_invented_samples_out_unless_asked(
    empty_settings: Settings, key: str
) -> None:
    database = Database(empty_settings)
    with database.transaction() as session:
        import_network(session, load_network(FIXTURE), source="test")
        city = StationRepository(session).get(station_id("city-1"))
        assert city is not None
        StationRepository(session).upsert(
            replace(city, is_sample=True), source="test", source_key="test:" + city.id
        )
    database.dispose()
    with TestClient(create_app(empty_settings)) as net:
        exported = get(net, key, "/v1/charging_stations", export="true")[1]
        only = get(
            net, key, "/v1/charging_stations", export="true", **{"filter[is_sample]": "true"}
        )[1]
        found = get(net, key, "/v1/charging_stations", q="City")[1]
    assert names(exported) == ["HPC A9 Test"]
    assert names(only) == ["City Square"]
    assert names(found) == ["City Square"]  # other searches keep them, marked
    assert found["data"][0]["attributes"]["is_sample"] is True
