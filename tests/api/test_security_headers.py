"""The page's security headers, HEAD on / and /healthz, and CORS (off unless configured)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.settings import Settings

APP_ORIGIN = "https://app.example.com"


def test_the_page_forbids_other_origins_framing_and_referrers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    policy = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_every_answer_is_nosniff_and_sends_no_referrer(client: TestClient, key: str) -> None:
    for response in (
        client.get("/healthz"),
        client.get("/v2/vehicles", headers={"Api-Key": key}),
        client.get("/v2/vehicles"),  # a 403
    ):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/", "/healthz"])
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_cors_is_off_by_default(client: TestClient) -> None:
    preflight = client.options(
        "/v2/vehicles",
        headers={"Origin": APP_ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers
    answer = client.get("/healthz", headers={"Origin": APP_ORIGIN})
    assert "access-control-allow-origin" not in answer.headers


def test_cors_allows_only_the_configured_origins(settings: Settings, key: str) -> None:
    configured = settings.model_copy(update={"cors_origins": [APP_ORIGIN]})
    with TestClient(create_app(configured)) as client:
        preflight = client.options(
            "/v2/vehicles",
            headers={
                "Origin": APP_ORIGIN,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "Api-Key",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == APP_ORIGIN
        assert "api-key" in preflight.headers["access-control-allow-headers"].lower()
        answer = client.get("/v2/vehicles", headers={"Api-Key": key, "Origin": APP_ORIGIN})
        assert answer.headers["access-control-allow-origin"] == APP_ORIGIN
        assert "X-RateLimit-Remaining" in answer.headers["access-control-expose-headers"]
        other = client.get("/healthz", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers


def test_cors_origins_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVCHARGE_CORS_ORIGINS", "https://a.example, https://b.example")
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]
