"""`AsyncClient`: the asyncio client, on httpx.AsyncClient. Requests and answers are built and
read by the pure functions it shares with `Client`; this class only sends and sleeps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from datetime import date, datetime
from types import TracebackType
from typing import TypeVar, Unpack

import httpx

from evcharge.client import _endpoints as ep
from evcharge.client import _price_calls as pc
from evcharge.client._protocol import (
    Call,
    CursorPage,
    Page,
    Reply,
    RetryPolicy,
    client_headers,
    connection_error,
    finish,
)
from evcharge.client.filters import StationFilters, only_known
from evcharge.client.models import (
    ApiKey,
    Bidirectional,
    Brand,
    Company,
    CreatedApiKey,
    RemovedStation,
    Station,
    Tariff,
    Usage,
    Vehicle,
)
from evcharge.client.prices import BulkOptions, BulkPrices, ChargePrices, PriceOptions, PriceStation

T = TypeVar("T")
DEFAULT_URL = "http://127.0.0.1:8000"


class AsyncClient:
    """An asyncio client of the evcharge API; use it as an async context manager.

    429 answers (and 503 with Retry-After) are retried up to `max_retries` times after
    sleeping Retry-After seconds through `sleep`; a longer wait than `max_retry_wait_s` is not
    slept but raised. `transport` is handed to httpx (e.g. httpx.MockTransport in tests).
    """

    def __init__(
        self,
        base_url: str = DEFAULT_URL,
        api_key: str | None = None,
        *,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_retry_wait_s: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._http = httpx.AsyncClient(
            base_url=base_url, headers=client_headers(api_key, headers), timeout=timeout,
            transport=transport,
        )  # fmt: skip
        self._retry = RetryPolicy(max_retries, max_retry_wait_s)
        self._sleep = sleep

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def close(self) -> None:
        await self._http.aclose()

    async def _exchange(self, call: Call[T]) -> Reply:
        try:
            response = await self._http.request(
                call.method, call.path, params=call.params, json=call.body, headers=call.headers
            )
        except httpx.TransportError as exc:
            raise connection_error(exc, call) from exc
        return Reply.of(response)

    async def _send(self, call: Call[T]) -> T:
        """Sends `call`, retrying as the policy says; its result, or the API's error raised."""
        attempt = 0
        while True:
            reply = await self._exchange(call)
            wait_s = self._retry.wait_s(reply, attempt)
            if wait_s is None:
                return finish(call, reply)
            await self._sleep(wait_s)
            attempt += 1

    async def _items(self, page: Callable[[int], Call[Page[T]]]) -> AsyncIterator[T]:
        number: int | None = 1
        while number is not None:
            found = await self._send(page(number))
            for item in found.items:
                yield item
            number = found.next_number

    async def _after_items(
        self, page: Callable[[str | None], Call[CursorPage[T]]]
    ) -> AsyncIterator[T]:
        after: str | None = None
        while True:
            found = await self._send(page(after))
            for item in found.items:
                yield item
            if found.next_after is None:
                return
            after = found.next_after

    async def health(self) -> dict[str, str]:
        return await self._send(ep.health())

    def vehicles(
        self,
        q: str | None = None,
        *,
        brand_ids: str | Iterable[str] | None = None,
        ids: str | Iterable[str] | None = None,
        page_size: int = ep.DEFAULT_PAGE_SIZE,
    ) -> AsyncIterator[Vehicle]:
        """Every matching vehicle, page by page; `q` is a fuzzy search (at most 25 results)."""
        return self._items(
            lambda n: ep.vehicles_page(n, page_size, q=q, brand_ids=brand_ids, ids=ids)
        )

    async def vehicle(self, vehicle_id: str) -> Vehicle:
        return await self._send(ep.vehicle(vehicle_id))

    def vehicle_brands(self, *, page_size: int = ep.DEFAULT_PAGE_SIZE) -> AsyncIterator[Brand]:
        return self._items(lambda n: ep.brands_page(n, page_size))

    async def bidirectional(
        self, evdb_vehicle_id: int | str, market: str = "uk", vehicle_type: str = "car"
    ) -> Bidirectional:
        """V2L/V2H/V2G of a vehicle; NotFoundError (status 204) when it is unknown there."""
        return await self._send(ep.bidirectional(evdb_vehicle_id, market, vehicle_type))

    def stations(self, **filters: Unpack[StationFilters]) -> AsyncIterator[Station]:
        only_known(filters, StationFilters, "stations")
        return self._items(lambda n: ep.stations_page(n, filters))

    async def station(self, station_id: str) -> Station:
        """One station, by its id or by one of its EVSE ids."""
        return await self._send(ep.station(station_id))

    def removed_stations(
        self,
        updated_since: datetime | None = None,
        *,
        page_size: int = ep.DEFAULT_STATION_PAGE_SIZE,
    ) -> AsyncIterator[RemovedStation]:
        """The stations that left the lists, written since `updated_since` (every one when
        None), oldest first, page by page: with `stations(updated_since=...)` from the same
        time, an incremental sync (store those, drop these)."""
        return self._after_items(
            lambda after: ep.removed_stations_page(updated_since, page_size, after)
        )

    def companies(
        self,
        q: str | None = None,
        *,
        ids: str | Iterable[str] | None = None,
        is_cpo: bool | None = None,
        is_emp: bool | None = None,
        page_size: int = ep.DEFAULT_PAGE_SIZE,
    ) -> AsyncIterator[Company]:
        return self._items(
            lambda n: ep.companies_page(n, page_size, ids=ids, is_cpo=is_cpo, is_emp=is_emp, q=q)
        )

    async def tariffs(
        self,
        ids: str | Iterable[str] | None = None,
        *,
        provider_customer_only: bool | None = None,
        direct_payment: bool | None = None,
    ) -> list[Tariff]:
        return await self._send(ep.tariffs(ids, provider_customer_only, direct_payment))

    async def charge_prices(
        self, station: Station | PriceStation, **options: Unpack[PriceOptions]
    ) -> ChargePrices:
        """Every usable tariff's price of one session at `station`, cheapest first."""
        return await self._send(pc.charge_prices(station, options))

    async def bulk_prices(
        self,
        stations: Iterable[str | Station],
        tariffs: Iterable[str | Tariff],
        vehicle: str | Vehicle,
        *,
        battery_range_pct: tuple[float, float],
        **options: Unpack[BulkOptions],
    ) -> BulkPrices:
        """The cheapest price per station (at most 100) over `tariffs` (at most 200)."""
        call = pc.bulk_prices(stations, tariffs, vehicle, battery_range_pct, options)
        return await self._send(call)

    async def usage(self, from_date: date | None = None, to_date: date | None = None) -> Usage:
        return await self._send(ep.usage(from_date, to_date))

    async def api_keys(self) -> list[ApiKey]:
        """Every key (Admin group)."""
        return await self._send(ep.api_keys())

    async def create_api_key(
        self,
        name: str,
        groups: Iterable[str],
        *,
        sandbox: bool = False,
        rate_limit_per_min: int | None = None,
        quota_per_month: int | None = None,
    ) -> CreatedApiKey:
        """A new key (Admin group); its `secret` is shown only this once."""
        call = ep.create_api_key(name, groups, sandbox, rate_limit_per_min, quota_per_month)
        return await self._send(call)

    async def revoke_api_key(self, name: str) -> ApiKey:
        return await self._send(ep.revoke_api_key(name))
