"""POST /v1/charge_prices/bulk: the cheapest price per station over a list of tariffs.

Checks the request and loads its stations and tariffs; bulk_engine does the pricing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.fx import ExchangeRates
from evcharge.core.network import Station, Tariff
from evcharge.services.catalogue import Catalogue, TariffSet
from evcharge.services.pricing.bulk_engine import BulkQuestion, StationPrice, price_stations
from evcharge.services.pricing.charge_prices import load_vehicle

MAX_STATIONS = 100
MAX_TARIFFS = 200


@dataclass(frozen=True, slots=True)
class BulkRequest:
    station_ids: tuple[str, ...]
    tariff_ids: tuple[str, ...]
    vehicle_id: str
    battery_range: tuple[float, float]
    currency: str = "EUR"
    start_time_min: int = 720
    allow_unbalanced_load: bool = False
    include_direct_payment: bool = False
    charge_points_power_lte: float | None = None


@dataclass(slots=True)
class BulkAnswer:
    prices: list[StationPrice] = field(default_factory=list)
    unpriced: list[tuple[str, str]] = field(default_factory=list)  # (station id, why)
    currency: str = "EUR"
    rate_date: str = ""


def _check(request: BulkRequest) -> None:
    if not 1 <= len(request.station_ids) <= MAX_STATIONS:
        raise InvalidInput(
            f"give 1 to {MAX_STATIONS} charging stations", parameter="charging_stations"
        )
    if len(request.tariff_ids) > MAX_TARIFFS:
        raise InvalidInput(f"give at most {MAX_TARIFFS} tariffs", parameter="tariffs")
    if not 0 <= request.start_time_min <= 1439:
        raise InvalidInput(
            "start_time must be 0..1439 minutes after midnight", parameter="start_time"
        )


def _load(
    session: Session, catalogue: Catalogue, request: BulkRequest
) -> tuple[list[Station], list[Tariff], TariffSet]:
    stations = catalogue.stations(session, request.station_ids)
    missing = sorted(set(request.station_ids) - {s.id for s in stations})
    if missing:
        raise NotFound("charging stations " + ", ".join(missing))
    tset = catalogue.tariff_set(session)
    tariffs = tset.tariffs
    known = {t.id for t in tariffs}
    unknown = sorted(set(request.tariff_ids) - known)
    if unknown:
        raise NotFound("tariffs " + ", ".join(unknown))
    wanted = set(request.tariff_ids)
    chosen = [
        t
        for t in tariffs
        if t.id in wanted or (request.include_direct_payment and t.is_direct_payment)
    ]
    order = {s: i for i, s in enumerate(request.station_ids)}
    return sorted(stations, key=lambda s: order[s.id]), chosen, tset


def bulk_prices(
    session: Session, catalogue: Catalogue, request: BulkRequest, rates: ExchangeRates
) -> BulkAnswer:
    _check(request)
    rates.rate(request.currency)
    vehicle = load_vehicle(catalogue, session, request.vehicle_id)
    assert vehicle is not None
    stations, tariffs, tset = _load(session, catalogue, request)
    cpos = catalogue.companies(session)
    question = BulkQuestion(
        vehicle,
        request.battery_range,
        request.currency,
        request.start_time_min,
        request.allow_unbalanced_load,
        request.charge_points_power_lte,
    )
    results = price_stations(
        question,
        stations,
        cpos,
        tariffs,
        tset,
        rates,
        memos=catalogue.memos,
        now_utc=catalogue.now_utc(),
    )
    answer = BulkAnswer(currency=request.currency, rate_date=rates.rate_date.isoformat())
    for station, result in zip(stations, results, strict=True):
        if isinstance(result, str):
            answer.unpriced.append((station.id, result))
        else:
            answer.prices.append(result)
    return answer
