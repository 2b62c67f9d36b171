"""Bad input at the edge, on SQLite and on PostgreSQL: each is a 400 in the path's envelope that
names the parameter (or body pointer), never a 500 and never silently ignored.

Each case here answered 500 on PostgreSQL (and many on SQLite), or 200 with the filter dropped,
before api/validation.py and the bounds in the routers and schemas.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.settings import Settings
from tests.conftest import key_maker

BIDI = "/evdatabase/uk/car/bidirectionalcharging/"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> Iterator[tuple[TestClient, str]]:
    name = "settings" if request.param == "sqlite" else "pg_settings"
    settings: Settings = request.getfixturevalue(name)
    key = key_maker(settings)("all")
    with TestClient(create_app(settings)) as client:
        yield client, key


def first_vehicle(client: TestClient, key: str) -> str:
    found = client.get("/v2/vehicles", params={"page[size]": 1}, headers={"Api-Key": key})
    vehicle_id: str = found.json()["data"][0]["id"]
    return vehicle_id


def source(response: Any) -> dict[str, str]:
    assert response.status_code == 400, response.text
    found: dict[str, str] = response.json()["errors"][0].get("source", {})
    return found


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/v2/vehicles", {"q": "ioniq\x00"}, "q"),
        ("/v2/vehicles", {"filter[id]": "a\x00b"}, "filter[id]"),
        ("/v1/charging_stations", {"q": "ion\x00ity"}, "q"),
        ("/v1/charging_stations", {"filter[country]": "D\x00"}, "filter[country]"),
        ("/v1/companies", {"q": "\x07bell"}, "q"),
        ("/v1/tariffs", {"filter[id]": "\x00"}, "filter[id]"),
        ("/v1/charging_stations/ab%00cd", {}, "station_id"),
        ("/v2/vehicles/x%00/charging_session", {}, "vehicle_id"),
    ],
)
def test_control_characters_in_query_and_path_are_400(
    backend: tuple[TestClient, str], path: str, params: dict[str, str], parameter: str
) -> None:
    client, key = backend
    response = client.get(path, params=params, headers={"Api-Key": key})
    assert source(response) == {"parameter": parameter}
    assert "control character" in response.json()["errors"][0]["title"]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ('{"data": {"type": "charge_price_request\\u0000"}}', "/data/type"),
        ('{"data": {"attributes": {"station": {"network": "a\\u0000"}}}}',
         "/data/attributes/station/network"),
        ('{"data": {"relationships": {"tariffs": {"data": [{"id": "\\ud800"}]}}}}',
         "/data/relationships/tariffs/data/0/id"),
        ('{"data": {"na\\u0001me": 1}}', "/data/na?me"),
    ],
)  # fmt: skip
def test_control_characters_in_json_bodies_are_400_with_a_pointer(
    backend: tuple[TestClient, str], body: str, pointer: str
) -> None:
    client, key = backend
    headers = {"Api-Key": key, "Content-Type": "application/json"}
    response = client.post("/v1/charge_prices", content=body, headers=headers)
    assert source(response) == {"pointer": pointer}


def test_a_nul_in_a_written_name_is_400_and_nothing_is_stored(
    backend: tuple[TestClient, str],
) -> None:
    client, key = backend
    body = {"data": {"type": "api_key", "attributes": {"name": "nul\x00key", "groups": ["all"]}}}
    response = client.post("/v1/api_keys", json=body, headers={"Api-Key": key})
    assert source(response) == {"pointer": "/data/attributes/name"}
    listed = client.get("/v1/api_keys", headers={"Api-Key": key}).json()["data"]
    assert not any("nul" in k["attributes"]["name"] for k in listed)


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/v1/charging_stations", {"filter[contry]": "DE", "export": "true"}, "filter[contry]"),
        ("/v1/companies", {"filter[supported_emps]": "x"}, "filter[supported_emps]"),
        ("/v2/vehicles", {"fields[car]": "brand"}, "fields[car]"),
        ("/v1/usage", {"filter[since]": "2026-01-01"}, "filter[since]"),
        ("/healthz", {"verbose": "1"}, "verbose"),
    ],
)
def test_unknown_query_parameters_are_400_naming_them(
    backend: tuple[TestClient, str], path: str, params: dict[str, str], parameter: str
) -> None:
    client, key = backend
    response = client.get(path, params=params, headers={"Api-Key": key})
    assert source(response) == {"parameter": parameter}
    assert response.json()["errors"][0]["title"] == f"unknown query parameter {parameter!r}"


def test_unknown_parameters_on_evdatabase_paths_use_its_envelope(
    backend: tuple[TestClient, str],
) -> None:
    client, key = backend
    params = {"evdb_vehicle_id": "91001", "evdb_vehicel_id": "1"}
    response = client.get(BIDI, params=params, headers={"Api-Key": key})
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "result": None,
        "error": "unknown query parameter 'evdb_vehicel_id'",
    }


def test_the_page_keeps_its_own_query(backend: tuple[TestClient, str]) -> None:
    # The web page puts its state in the query (vehicle=, station=, ...): it is not an API path.
    client, _key = backend
    assert client.get("/", params={"vehicle": "x", "anything": "y"}).status_code == 200


@pytest.mark.parametrize(
    "given", ["²", "１００１", "1001\u0663", "99999999999", "2147483648", "-1"]
)
def test_evdb_vehicle_id_takes_ascii_digits_only(
    backend: tuple[TestClient, str], given: str
) -> None:
    client, key = backend
    response = client.get(BIDI, params={"evdb_vehicle_id": given}, headers={"Api-Key": key})
    assert response.status_code == 400
    assert response.json()["error"].startswith("evdb_vehicle_id must be a whole number")


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/v2/vehicles", {"q": "a" * 101}, "q"),
        ("/v2/vehicles", {"filter[id]": ",".join(["x"] * 1001)}, "filter[id]"),
        ("/v1/usage", {"filter[to]": "9999-12-31"}, "filter[to]"),
        ("/v1/usage", {"filter[from]": "1999-12-31"}, "filter[from]"),
        ("/v1/charging_stations", {"filter[latitude]": "1e308", "filter[longitude]": "13",
                                   "filter[radius]": "5"}, "filter[latitude]"),
        ("/v1/charging_stations", {"filter[latitude]": "52", "filter[longitude]": "13",
                                   "filter[radius]": "1e308"}, "filter[radius]"),
        ("/v1/charging_stations", {"export": "true",
                                   "filter[charge_points.power.gte]": "-1e308"},
         "filter[charge_points.power.gte]"),
    ],
)  # fmt: skip
def test_numbers_dates_and_text_beyond_their_bounds_are_400(
    backend: tuple[TestClient, str], path: str, params: dict[str, str], parameter: str
) -> None:
    client, key = backend
    response = client.get(path, params=params, headers={"Api-Key": key})
    assert source(response) == {"parameter": parameter}


@pytest.mark.parametrize("power", ["5e-324", "0.5", "1001"])
def test_charging_session_power_is_1_to_1000_kw(
    backend: tuple[TestClient, str], power: str
) -> None:
    client, key = backend
    path = f"/v2/vehicles/{first_vehicle(client, key)}/charging_session"
    response = client.get(path, params={"power": power}, headers={"Api-Key": key})
    assert source(response) == {"parameter": "power"}


@pytest.mark.parametrize(
    ("attributes", "pointer"),
    [
        ({"rate_limit_per_min": 2**70}, "/data/attributes/rate_limit_per_min"),
        ({"rate_limit_per_min": 2**31}, "/data/attributes/rate_limit_per_min"),
        ({"quota_per_month": 2**70}, "/data/attributes/quota_per_month"),
        ({"quota_per_month": 2**31}, "/data/attributes/quota_per_month"),
    ],
)
def test_key_limits_beyond_their_bounds_are_400(
    backend: tuple[TestClient, str], attributes: dict[str, int], pointer: str
) -> None:
    client, key = backend
    body = {"data": {"type": "api_key", "attributes": {"name": "big", "groups": ["all"]}}}
    body["data"]["attributes"] |= attributes  # type: ignore[operator]
    response = client.post("/v1/api_keys", json=body, headers={"Api-Key": key})
    assert source(response) == {"pointer": pointer}


def test_a_charge_point_below_1_kw_is_400(backend: tuple[TestClient, str]) -> None:
    client, key = backend
    body = {"data": {"type": "charge_price_request", "attributes": {
        "station": {"longitude": 4.88, "latitude": 52.35, "country": "NL", "network": "n",
                    "charge_points": [{"power": 5e-324, "plug": "ccs"}]},
        "options": {"battery_range": [10, 80]}},
        "relationships": {"vehicle": {"data": {"id": first_vehicle(client, key),
                                               "type": "car"}}}}}  # fmt: skip
    response = client.post("/v1/charge_prices", json=body, headers={"Api-Key": key})
    assert source(response) == {"pointer": "/data/attributes/station/charge_points/0/power"}


def test_the_openapi_document_says_400_not_422(settings: Settings) -> None:
    doc = create_app(settings).openapi()
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert "422" not in statuses, (method, path)
            assert {"400", "503"} <= statuses, (method, path)
            if "requestBody" in operation:
                assert "413" in statuses, (method, path)
            if path not in ("/healthz", "/metrics"):
                assert "429" in statuses, (method, path)
    params = doc["paths"]["/v2/vehicles/{vehicle_id}/charging_session"]["get"]["parameters"]
    power = next(p for p in params if p["name"] == "power")["schema"]
    assert (power["minimum"], power["maximum"]) == (1, 1000)


def station_put(client: TestClient, key: str, **changes: Any) -> Any:
    companies = client.get("/v1/companies", params={"page[size]": 1}, headers={"Api-Key": key})
    operator = companies.json()["data"][0]["id"]
    attributes: dict[str, Any] = {
        "version": 1, "name": "Depot", "address": "Main St 1", "latitude": 52.5,
        "longitude": 13.4, "country": "DE",
        "charge_points": [{"plug": "type2", "power": 22, "count": 1, "evse_ids": ["DE*X*E1"]}],
    }  # fmt: skip
    station_id = changes.pop("id", "depot-1")
    attributes |= changes
    operator_ref = {"data": {"id": operator, "type": "company"}}
    doc = {"data": {"id": station_id, "type": "charging_station", "attributes": attributes,
                    "relationships": {"operator": operator_ref}}}  # fmt: skip
    path = f"/v1/charging_stations/{station_id}"
    return client.put(path, json=doc, headers={"Api-Key": key})


@pytest.mark.parametrize(
    ("changes", "pointer"),
    [
        ({"id": "s" * 37}, "/data/id"),
        ({"version": 2**40}, "/data/attributes/version"),
        ({"charge_points": [{"plug": "type2", "power": 22, "count": 1, "evse_ids": ["E" * 65]}]},
         "/data/attributes/charge_points/0/evse_ids/0"),
        ({"name": "n" * 301}, "/data/attributes/name"),
    ],
)  # fmt: skip
def test_written_values_beyond_their_columns_are_400(
    backend: tuple[TestClient, str], changes: dict[str, Any], pointer: str
) -> None:
    # On PostgreSQL each was "value too long" or "integer out of range": a 500.
    client, key = backend
    assert source(station_put(client, key, **changes)) == {"pointer": pointer}


def test_a_station_with_over_1000_evse_ids_is_400(backend: tuple[TestClient, str]) -> None:
    # Each id is claimed with its own statement; 40,000 of them kept a worker busy for 37 s.
    client, key = backend
    groups = [{"plug": "type2", "power": 22, "count": 1,
               "evse_ids": [f"DE*X*E{g}x{i}" for i in range(101)]} for g in range(10)]  # fmt: skip
    response = station_put(client, key, charge_points=groups)
    assert source(response) == {"pointer": "/data/attributes"}
    assert "at most 1000 EVSE ids" in response.json()["errors"][0]["detail"]
