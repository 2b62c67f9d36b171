"""Health, OpenAPI, docs, the web page and unknown routes."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_health_needs_no_key(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_every_operation_is_documented_with_an_example(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            ok = operation["responses"]["200"]["content"]["application/json"]
            if "example" in ok:
                continue
            ref = ok["schema"]["$ref"].rsplit("/", 1)[1]
            assert "example" in schemas[ref], f"{method.upper()} {path} has no example"


def test_docs_and_the_web_page_are_served(client: TestClient) -> None:
    assert "swagger" in client.get("/docs").text.lower()
    page = client.get("/")
    assert page.status_code == 200
    assert "evcharge" in page.text


def test_an_unknown_route_is_a_jsonapi_404(client: TestClient) -> None:
    response = client.get("/v2/nothing-here")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"
