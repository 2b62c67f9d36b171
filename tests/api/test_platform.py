"""Health, OpenAPI, docs, the web page and unknown routes."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient


def test_health_needs_no_key(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def has_example(content: dict[str, Any], schemas: dict[str, Any]) -> bool:
    body = content.get("application/json") or content.get("text/plain", {})
    if "example" in body:
        return True
    ref = body.get("schema", {}).get("$ref")
    return ref is not None and "example" in schemas[ref.rsplit("/", 1)[1]]


def test_every_operation_is_documented_with_an_example(client: TestClient) -> None:
    """Reads show an example answer, writes an example request body; 204s have neither."""
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if "204" in operation["responses"]:
                continue  # nothing to show: the answer has no body
            answer = operation["responses"].get("200", {}).get("content", {})
            request = operation.get("requestBody", {}).get("content", {})
            assert has_example(answer, schemas) or has_example(request, schemas), (
                f"{method.upper()} {path} has no example"
            )


def test_docs_and_the_web_page_are_served(client: TestClient) -> None:
    assert "swagger" in client.get("/docs").text.lower()
    page = client.get("/")
    assert page.status_code == 200
    assert "evcharge" in page.text


def test_an_unknown_route_is_a_jsonapi_404(client: TestClient) -> None:
    response = client.get("/v2/nothing-here")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "NOT_FOUND"
