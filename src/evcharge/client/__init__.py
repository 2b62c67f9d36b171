"""A Python client of the evcharge API, sync (`Client`) and async (`AsyncClient`), on httpx.

    from evcharge.client import Client

    with Client("http://127.0.0.1:8000", api_key="evc_...") as client:
        for vehicle in client.vehicles(q="ioniq 5"):
            print(vehicle.name, vehicle.usable_battery_size_kwh)

Answers are typed, frozen Pydantic models; money is `Decimal`. Listings are iterators that
fetch page after page. Errors raise `ApiError` subclasses carrying the API's status, code,
title, detail and source; 429 is retried after Retry-After.
"""

from evcharge.client.async_ import AsyncClient
from evcharge.client.errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    EvchargeClientError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)
from evcharge.client.filters import BoundingBox, StationFilters
from evcharge.client.models import (
    ApiKey,
    Bidirectional,
    Brand,
    Company,
    CreatedApiKey,
    CurvePoint,
    RemovedStation,
    Station,
    StationChargePoint,
    Tariff,
    TariffTag,
    Usage,
    UsagePeriod,
    Vehicle,
)
from evcharge.client.prices import (
    BulkOptions,
    BulkPrice,
    BulkPrices,
    ChargePointPrice,
    ChargePointSpec,
    ChargePrice,
    ChargePrices,
    PriceOptions,
    PriceStation,
    SimulatedSession,
    Tag,
    UnpricedStation,
)
from evcharge.client.sync import Client

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiKey",
    "ApiTimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Bidirectional",
    "BoundingBox",
    "Brand",
    "BulkOptions",
    "BulkPrice",
    "BulkPrices",
    "ChargePointPrice",
    "ChargePointSpec",
    "ChargePrice",
    "ChargePrices",
    "Client",
    "Company",
    "ConflictError",
    "CreatedApiKey",
    "CurvePoint",
    "EvchargeClientError",
    "NotFoundError",
    "PriceOptions",
    "PriceStation",
    "RateLimitedError",
    "RemovedStation",
    "ServerError",
    "SimulatedSession",
    "Station",
    "StationChargePoint",
    "StationFilters",
    "Tag",
    "Tariff",
    "TariffTag",
    "UnexpectedResponseError",
    "UnpricedStation",
    "Usage",
    "UsagePeriod",
    "ValidationError",
    "Vehicle",
]
