"""The OpenAPI document says what the API answers: its key schemes, its examples and its fields.

Each example is sent to a seeded server: request bodies answer 2xx, and each error example is
the very body the API answers with that status."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.api import examples
from evcharge.api.app import create_app
from evcharge.api.openapi import OCPI_PREFIX
from evcharge.settings import Settings
from tests.pg_scratch import scratch_database

Operation = tuple[str, str, dict[str, Any]]


def operations(schema: dict[str, Any]) -> Iterator[Operation]:
    """Every operation but OCPI's: those answer in OCPI's envelope and take OCPI's token, and
    their router documents them (api/routers/ocpi*.py)."""
    for path, methods in schema["paths"].items():
        if path.startswith(OCPI_PREFIX):
            continue
        for method, operation in methods.items():
            yield method.upper(), path, operation


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def body_example(schema: dict[str, Any], operation: dict[str, Any]) -> Any:
    content = operation["requestBody"]["content"]["application/json"]
    return content.get("example") or resolve(schema, content["schema"]).get("example")


def fill(path: str, body: Any) -> str:
    """The path with its {id} taken from the body's data.id (PUT /v2/tariffs/{tariff_id})."""
    if "{" not in path:
        return path
    head, _sep, tail = path.partition("{")
    return head + body["data"]["id"] + tail.partition("}")[2]


@pytest.fixture
def schema(client: TestClient) -> dict[str, Any]:
    answer = client.get("/openapi.json")
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


def test_both_key_headers_are_schemes_and_every_data_operation_needs_one(
    schema: dict[str, Any], client: TestClient
) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert {(s["in"], s["name"]) for s in schemes.values()} == {
        ("header", "Api-Key"),
        ("header", "x-api-key"),
    }
    for method, path, operation in operations(schema):
        if path in ("/healthz", "/metrics"):
            assert "security" not in operation
            assert client.request(method, path).status_code == 200
        else:
            assert operation["security"] == [{"ApiKey": []}, {"XApiKey": []}], path
            assert "403" in operation["responses"], path


def test_a_keyless_call_answers_the_403_example(schema: dict[str, Any], client: TestClient) -> None:
    for method, path, operation in operations(schema):
        if "security" not in operation or path.startswith("/evdatabase"):
            continue
        body = body_example(schema, operation) if "requestBody" in operation else None
        answer = client.request(method, fill(path, body or {"data": {"id": "x"}}), json=body)
        expected = operation["responses"]["403"]["content"]["application/json"]["example"]
        assert (answer.status_code, answer.json()) == (403, expected), (method, path)


def test_the_evdatabase_403_example_is_its_envelope(
    schema: dict[str, Any], client: TestClient
) -> None:
    path = "/evdatabase/{market}/{vehicle_type}/bidirectionalcharging/"
    expected = schema["paths"][path]["get"]["responses"]["403"]["content"]["application/json"]
    answer = client.get("/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91001")
    assert (answer.status_code, answer.json()) == (403, expected["example"])


def test_an_unknown_query_parameter_answers_the_400_example(
    schema: dict[str, Any], client: TestClient, key: str
) -> None:
    for method, path, operation in operations(schema):
        if "{" in path and path.startswith("/evdatabase"):
            continue
        body = body_example(schema, operation) if "requestBody" in operation else None
        url = fill(path, body or {"data": {"id": "x"}})
        answer = client.request(
            method, url, params={"colour": "red"}, json=body, headers={"Api-Key": key}
        )
        expected = operation["responses"]["400"]["content"]["application/json"]["example"]
        assert (answer.status_code, answer.json()) == (400, expected), (method, path)


@pytest.mark.parametrize(
    ("method", "path", "url"),
    [
        ("GET", "/v1/charging_stations/{station_id}", "/v1/charging_stations/{}"),
        ("GET", "/v1/tariffs/{tariff_id}/ocpi", "/v1/tariffs/{}/ocpi"),
        ("DELETE", "/v2/tariffs/{tariff_id}", "/v2/tariffs/{}"),
        ("GET", "/v2/vehicles/{vehicle_id}/bidirectional", "/v2/vehicles/{}/bidirectional"),
        (
            "GET",
            "/v2/vehicles/{vehicle_id}/charging_session",
            "/v2/vehicles/{}/charging_session",
        ),
    ],
)
def test_an_unknown_id_answers_the_404_example(
    schema: dict[str, Any], client: TestClient, key: str, method: str, path: str, url: str
) -> None:
    response = schema["paths"][path][method.lower()]["responses"]["404"]
    expected = response["content"]["application/json"]["example"]
    unknown = expected["errors"][0]["title"].rsplit(" ", 1)[1]
    answer = client.request(method, url.format(unknown), headers={"Api-Key": key})
    assert (answer.status_code, answer.json()) == (404, expected)


def test_every_error_example_shows_its_own_status(schema: dict[str, Any]) -> None:
    seen = 0
    for _method, path, operation in operations(schema):
        for status, response in operation["responses"].items():
            if int(status) < 400 or "application/json" not in response.get("content", {}):
                continue
            example = response["content"]["application/json"]["example"]
            seen += 1
            if path.startswith("/evdatabase"):
                assert example["success"] is False
                assert example["error"]
            else:
                assert example["errors"][0]["status"] == status, (path, status)
    assert seen > 100


def test_every_operation_has_a_summary_and_a_description(schema: dict[str, Any]) -> None:
    missing = [
        f"{method} {path}"
        for method, path, operation in operations(schema)
        if not operation.get("summary") or not operation.get("description")
    ]
    assert missing == []


def undescribed(schema: dict[str, Any]) -> list[str]:
    return [
        f"{name}.{field}"
        for name, component in schema["components"]["schemas"].items()
        for field, prop in component.get("properties", {}).items()
        if not prop.get("description")
    ]


def test_every_schema_property_has_a_description(schema: dict[str, Any]) -> None:
    assert undescribed(schema) == []


def send_body_examples(settings: Settings, key: str) -> list[tuple[str, str, int, str]]:
    sent = []
    with TestClient(create_app(settings)) as client:
        schema = client.get("/openapi.json").json()
        for method, path, operation in operations(schema):
            if "requestBody" not in operation:
                continue
            body = body_example(schema, operation)
            assert body is not None, f"{method} {path} has no request example"
            answer = client.request(method, fill(path, body), json=body, headers={"Api-Key": key})
            sent.append((method, path, answer.status_code, answer.text[:300]))
    return sent


def test_each_request_example_answers_2xx_as_is(settings: Settings, key: str) -> None:
    sent = send_body_examples(settings, key)
    assert len(sent) >= 6
    for method, path, status, text in sent:
        assert 200 <= status < 300, f"{method} {path}: {status} {text}"


def test_each_request_example_answers_2xx_on_postgresql(pg_database_url: str) -> None:
    from tests.conftest import key_maker

    with scratch_database(pg_database_url, "openapi_examples") as pg:
        key = key_maker(pg)("all")
        for method, path, status, text in send_body_examples(pg, key):
            assert 200 <= status < 300, f"{method} {path}: {status} {text}"


def test_the_example_ids_are_in_the_embedded_dataset(client: TestClient, key: str) -> None:
    headers = {"Api-Key": key}
    station = client.get(f"/v1/charging_stations/{examples.STATION_EVSE_ID}", headers=headers)
    assert station.json()["data"]["id"] == examples.STATION_ID
    assert station.json()["data"]["relationships"]["operator"]["data"]["id"] == examples.IONITY_ID
    vehicle = client.get(
        "/v2/vehicles", params={"filter[id]": examples.VEHICLE_ID}, headers=headers
    )
    assert vehicle.json()["data"][0]["attributes"]["evdb_vehicle_id"] == examples.EVDB_VEHICLE_ID
    tariffs = {t["id"] for t in client.get("/v1/tariffs", headers=headers).json()["data"]}
    assert {examples.TARIFF_ID, examples.OTHER_TARIFF_ID} <= tariffs
