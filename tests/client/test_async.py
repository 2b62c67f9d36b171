"""`AsyncClient` against the live server: the same answers as `Client`, and the same retries."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import httpx
import pytest

from evcharge.client import (
    AsyncClient,
    Client,
    NotFoundError,
    PriceStation,
    RateLimitedError,
    RemovedStation,
    Station,
)
from tests.client.conftest import (
    AsyncRecordingSleeper,
    AsyncScriptedTransport,
    rate_limited,
)
from tests.client.test_sync import WITZHAVE_EVSE, stations_that_left
from tests.live_server import LiveServer

T = TypeVar("T")


def run(
    live: LiveServer,
    work: Callable[[AsyncClient], Awaitable[T]],
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    async def main() -> T:
        async with AsyncClient(live.url, api_key=live.key, transport=transport, sleep=sleep) as c:
            return await work(c)

    return asyncio.run(main())


def test_a_search_runs_across_pages(live: LiveServer, client: Client) -> None:
    async def search(c: AsyncClient) -> list[str]:
        return [v.id async for v in c.vehicles(q="ioniq 5", page_size=2)]

    assert run(live, search) == [v.id for v in client.vehicles(q="ioniq 5")]


def test_stations_that_left_the_lists(live: LiveServer, client: Client) -> None:
    since = stations_that_left(live)

    async def removed(c: AsyncClient) -> list[RemovedStation]:
        return [r async for r in c.removed_stations(since, page_size=2)]

    found = run(live, removed)
    assert [r.id for r in found] == ["client-gone", "client-merged-a", "client-merged-b"]
    assert found == list(client.removed_stations(since))


def test_stations_and_one_station(live: LiveServer, client: Client) -> None:
    async def stations(c: AsyncClient) -> tuple[list[Station], Station]:
        return [s async for s in c.stations(countries="AT", page_size=5)], await c.station(
            WITZHAVE_EVSE
        )

    found, one = run(live, stations)
    assert found == list(client.stations(countries="AT"))
    assert one == client.station(WITZHAVE_EVSE)


def test_charge_prices_equal_the_sync_clients(live: LiveServer, client: Client) -> None:
    station = client.station(WITZHAVE_EVSE)
    car = next(client.vehicles(q="ioniq 5"))
    expected = client.charge_prices(station, vehicle=car, battery_range_pct=(20, 80))

    async def prices(c: AsyncClient) -> object:
        return await c.charge_prices(station, vehicle=car, battery_range_pct=(20, 80))

    assert run(live, prices) == expected


def test_bidirectional_and_its_errors(live: LiveServer) -> None:
    async def lookups(c: AsyncClient) -> float | None:
        with pytest.raises(NotFoundError):
            await c.bidirectional(999999)
        return (await c.bidirectional(91001)).vehicle_to_load_power_output_kw

    assert run(live, lookups) == 3.6


def test_429_is_retried_after_the_servers_retry_after(live: LiveServer, client: Client) -> None:
    key = client.create_api_key("slow-async", ["all"], rate_limit_per_min=2).secret
    for _ in range(2):
        assert live.raw("GET", "/v1/usage", key=key).status_code == 200
    server_wait = float(live.raw("GET", "/v1/usage", key=key).headers["Retry-After"])
    sleeper = AsyncRecordingSleeper()

    async def usage() -> RateLimitedError:
        async with AsyncClient(live.url, api_key=key, sleep=sleeper, max_retries=2) as c:
            with pytest.raises(RateLimitedError) as caught:
                await c.usage()
            return caught.value

    error = asyncio.run(usage())
    assert sleeper.waits == [server_wait] * 2
    assert error.retry_after_s == server_wait


def test_a_retried_async_call_succeeds(live: LiveServer, client: Client) -> None:
    ionity = PriceStation.of(client.station(WITZHAVE_EVSE))
    sleeper = AsyncRecordingSleeper()
    transport = AsyncScriptedTransport(rate_limited("3"))

    async def prices(c: AsyncClient) -> int:
        return len((await c.charge_prices(ionity, energy_kwh=20, duration_min=30)).prices)

    assert run(live, prices, transport=transport, sleep=sleeper) > 0
    assert sleeper.waits == [3.0]
    assert len(transport.requests) == 2
