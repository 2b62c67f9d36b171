"""The API's errors as exceptions, and retries, through `Client` and a live server."""

from __future__ import annotations

import httpx
import pytest

from evcharge.client import (
    ApiConnectionError,
    AuthenticationError,
    BadRequestError,
    Client,
    NotFoundError,
    PriceStation,
    RateLimitedError,
    ServerError,
)
from tests.cli.test_serve import free_port
from tests.client.conftest import RecordingSleeper, ScriptedTransport, rate_limited
from tests.live_server import LiveServer

CHARGE = PriceStation(10.3, 53.5, "DE", "no-such-cpo", [("ccs", 350)])


def test_a_missing_key_is_forbidden(live: LiveServer) -> None:
    with Client(live.url) as anonymous, pytest.raises(AuthenticationError) as caught:
        next(anonymous.vehicles())
    error = caught.value
    assert (error.status, error.code, error.title) == (403, "FORBIDDEN", "api_key missing")
    assert error.request_id


def test_a_key_without_the_group_is_forbidden(live: LiveServer, client: Client) -> None:
    key = client.create_api_key("vehicles-only", ["ReadVehicles"]).secret
    with Client(live.url, api_key=key) as client, pytest.raises(AuthenticationError) as caught:
        client.tariffs()
    assert (caught.value.code, caught.value.title) == (
        "FORBIDDEN",
        "action read_simple_tariffs not allowed",
    )


def test_a_wrong_key_on_ev_database_paths_carries_the_one_auto_error(live: LiveServer) -> None:
    with (
        Client(live.url, api_key="evc_wrong") as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.bidirectional(91001)
    assert (caught.value.status, caught.value.error) == (403, "api_key invalid")
    assert str(caught.value) == "403 FORBIDDEN: api_key invalid"


def test_not_found_carries_the_apis_title(client: Client) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.charge_prices(CHARGE, energy_kwh=20, duration_min=30)
    assert (caught.value.status, caught.value.title) == (404, "network (CPO) no-such-cpo")


def test_a_validation_error_points_at_the_bad_input(client: Client) -> None:
    with pytest.raises(BadRequestError) as body:
        client.charge_prices(CHARGE, energy_kwh=20, duration_min=30, start_time_min=5000)
    assert body.value.pointer == "/data/attributes/options/start_time"
    assert body.value.detail == "Input should be less than or equal to 1439"
    with pytest.raises(BadRequestError) as query:
        next(client.vehicles(page_size=1000))
    assert query.value.parameter == "page[size]"
    assert str(query.value) == "400 BAD_REQUEST: page[size] must be 1 to 100"


def test_429_is_retried_after_the_servers_retry_after(live: LiveServer) -> None:
    key = live.create_key("slow-sync", "--rate-limit", "2")
    for _ in range(2):
        assert live.raw("GET", "/v2/vehicle_brands", key=key).status_code == 200
    refused = live.raw("GET", "/v2/vehicle_brands", key=key)
    assert refused.status_code == 429
    sleeper = RecordingSleeper()
    with (
        Client(live.url, api_key=key, sleep=sleeper) as client,
        pytest.raises(RateLimitedError) as caught,
    ):
        next(client.vehicle_brands())
    server_wait = float(refused.headers["Retry-After"])
    assert sleeper.waits == [server_wait] * 3  # max_retries, each as long as the server said
    assert (caught.value.retry_after_s, caught.value.code) == (server_wait, "RATE_LIMITED")


def test_429_on_ev_database_paths_is_retried_too(live: LiveServer, client: Client) -> None:
    key = client.create_api_key("slow-bidi", ["all"], rate_limit_per_min=1).secret
    sleeper = RecordingSleeper()
    with Client(live.url, api_key=key, sleep=sleeper, max_retries=1) as slow:
        slow.bidirectional(91001)
        with pytest.raises(RateLimitedError) as caught:
            slow.bidirectional(91001)
    assert caught.value.error == "API key rate limit/quota has been exceeded"
    assert sleeper.waits == [caught.value.retry_after_s]


def test_a_retried_call_succeeds_once_the_server_admits_it(
    live: LiveServer, client: Client
) -> None:
    ionity = PriceStation.of(client.station("DE*ION*E001001"))
    transport = ScriptedTransport(rate_limited("2"), rate_limited("1"))
    sleeper = RecordingSleeper()
    with Client(live.url, api_key=live.key, transport=transport, sleep=sleeper) as scripted:
        answer = scripted.charge_prices(ionity, energy_kwh=20, duration_min=30)
    assert sleeper.waits == [2.0, 1.0]
    assert answer.prices
    assert len(transport.requests) == 3


def test_a_wait_beyond_the_cap_is_raised_at_once(live: LiveServer) -> None:
    sleeper = RecordingSleeper()
    transport = ScriptedTransport(rate_limited("86400"))
    with (
        Client(live.url, api_key=live.key, transport=transport, sleep=sleeper) as client,
        pytest.raises(RateLimitedError) as caught,
    ):
        client.usage()
    assert (sleeper.waits, caught.value.retry_after_s) == ([], 86400.0)


def test_a_post_is_not_repeated_after_an_unexplained_5xx(live: LiveServer) -> None:
    sleeper = RecordingSleeper()
    timed_out = httpx.Response(
        503, json={"errors": [{"status": "503", "code": "TIMEOUT", "title": "Request timed out"}]}
    )
    transport = ScriptedTransport(timed_out)
    with (
        Client(live.url, api_key=live.key, transport=transport, sleep=sleeper) as client,
        pytest.raises(ServerError, match="503 TIMEOUT: Request timed out"),
    ):
        client.charge_prices(CHARGE, energy_kwh=20, duration_min=30)
    assert (sleeper.waits, len(transport.requests)) == ([], 1)


def test_a_503_with_retry_after_is_retried(live: LiveServer) -> None:
    sleeper = RecordingSleeper()
    down = httpx.Response(
        503,
        headers={"Retry-After": "5"},
        json={
            "errors": [
                {"status": "503", "code": "SERVICE_UNAVAILABLE", "title": "Database unavailable"}
            ]
        },
    )
    with Client(
        live.url, api_key=live.key, transport=ScriptedTransport(down), sleep=sleeper
    ) as client:
        assert client.usage().key_name == "live"
    assert sleeper.waits == [5.0]


def test_no_server_is_a_connection_error() -> None:
    with (
        Client(f"http://127.0.0.1:{free_port()}", api_key="k") as client,
        pytest.raises(ApiConnectionError, match="no answer to GET /healthz"),
    ):
        client.health()
