"""A quote from the terminal: a car named as a person would, a station, and every tariff's price.

The prices come from the same `charge_prices` use case as POST /v1/charge_prices."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from evcharge.core.charging import ChargingOptions, ac_power_kw
from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.fx import ExchangeRates
from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug, fits
from evcharge.core.tariffs import NoPriceReason
from evcharge.core.vehicles import Vehicle
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.services.catalogue import Catalogue
from evcharge.services.catalogue.paging import PageRequest
from evcharge.services.catalogue.stations import StationSearch, get_station, search_stations
from evcharge.services.catalogue.vehicles import search_ids
from evcharge.services.pricing.charge_prices import (
    PriceAnswer,
    PriceRequest,
    StationInput,
    charge_prices,
)


@dataclass(frozen=True, slots=True)
class QuoteRequest:
    vehicle: str  # an id, an EV Database id, or search text ("ioniq 5")
    station: str  # an id, one of its EVSE ids, or search text ("witzhave")
    battery_range: tuple[float, float]
    currency: str = "EUR"
    start_time_min: int = 720
    charge_point: tuple[Plug, float | None] | None = None  # None: the fastest for this car


@dataclass(frozen=True, slots=True)
class Quote:
    vehicle: Vehicle
    station: Station
    charge_point: ChargePointGroup
    answer: PriceAnswer


def find_vehicle(session: Session, text: str) -> Vehicle:
    repo = VehicleRepository(session)
    found = repo.by_ids_in_order([text])
    if not found and text.isdigit():
        by_evdb = repo.by_evdb_id(int(text))
        found = [by_evdb] if by_evdb else []
    if not found:
        found = repo.by_ids_in_order(search_ids(repo, text)[:1])
    if not found:
        raise NotFound(f"vehicle matching {text!r}")
    return found[0]


MAX_CANDIDATES = 10  # stations an ambiguous --station lists


def find_station(session: Session, catalogue: Catalogue, text: str) -> Station:
    """The station with this id or EVSE id, else the one station whose name or address
    contains `text` (or whose name is exactly it). Several: InvalidInput naming them."""
    try:
        return get_station(session, catalogue, text)[0]
    except NotFound:
        if not text.strip():
            raise
    page = PageRequest(number=1, size=MAX_CANDIDATES + 1)
    found = search_stations(session, catalogue, StationSearch(text=text.strip()), page).stations
    named = [s for s in found if s.name.casefold() == text.strip().casefold()]
    if len(found) == 1 or len(named) == 1:
        return (named or found)[0]
    if not found:
        raise NotFound(f"charging station matching {text!r}")
    shown = "".join(f"\n  {s.id}  {s.name}, {s.address}" for s in found[:MAX_CANDIDATES])
    count = f"more than {MAX_CANDIDATES}" if len(found) > MAX_CANDIDATES else str(len(found))
    raise InvalidInput(
        f"{text!r} matches {count} stations; name one by its id or an EVSE id:{shown}",
        parameter="station",
    )


def pick_charge_point(
    station: Station, vehicle: Vehicle, wanted: tuple[Plug, float | None] | None
) -> ChargePointGroup:
    usable = [cp for cp in station.charge_points if fits(vehicle, cp.plug, cp.energy_type)]
    if wanted is not None:
        plug, power_kw = wanted
        usable = [cp for cp in usable if cp.plug is plug and power_kw in (None, cp.power_kw)]
    if not usable:
        offered = ", ".join(f"{cp.plug.value}:{cp.power_kw:g}" for cp in station.charge_points)
        raise InvalidInput(
            f"{vehicle.label} has no usable charge point of that kind at {station.name} "
            f"(it offers {offered})",
            parameter="charge_point",
        )
    return max(usable, key=lambda cp: usable_power_kw(vehicle, cp))


def usable_power_kw(vehicle: Vehicle, point: ChargePointGroup) -> float:
    """The most the car can draw at `point`: a 22 kW Type 2 is 11 kW to an 11 kW charger."""
    if point.energy_type is EnergyType.AC:
        return ac_power_kw(vehicle, point.power_kw, ChargingOptions())
    return min(point.power_kw, vehicle.dc_max_power_kw or point.power_kw)


def quote(
    session: Session, catalogue: Catalogue, request: QuoteRequest, rates: ExchangeRates
) -> Quote:
    vehicle = find_vehicle(session, request.vehicle)
    station = find_station(session, catalogue, request.station)
    point = pick_charge_point(station, vehicle, request.charge_point)
    price_request = PriceRequest(
        station=StationInput(
            country=station.country,
            network=station.operator_id,
            latitude=station.latitude,
            longitude=station.longitude,
            charge_points=((point.plug, point.power_kw, point.energy_type),),
        ),
        vehicle_id=vehicle.id,
        battery_range=request.battery_range,
        currency=request.currency.upper(),
        start_time_min=request.start_time_min,
        show_price_unavailable=True,
    )
    return Quote(vehicle, station, point, charge_prices(session, catalogue, price_request, rates))


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """One tariff's line, as every output format shows it; money and kWh exact."""

    tariff_id: str
    tariff: str
    provider: str
    price: Decimal | None  # in the answer's currency; None: no price (see no_price_reason)
    price_per_kwh: Decimal | None  # price / energy from the grid, to 0.001
    total_monthly_fee: Decimal
    no_price_reason: NoPriceReason | None
    cheapest: bool  # the lowest price (ties share it)


def energy_kwh(q: Quote) -> Decimal:
    """kWh drawn from the grid, to 0.001 (what the API's meta.energy shows)."""
    return Decimal(str(round(q.answer.sessions[0].profile.energy_kwh, 3)))


def quote_rows(q: Quote) -> list[QuoteRow]:
    """The tariffs in the answer's order (cheapest first, then those without a price)."""
    energy = energy_kwh(q)
    priced = [t.prices[0].price for t in q.answer.tariffs if t.prices[0].price is not None]
    lowest = min(priced, default=None)
    rows = []
    for t in q.answer.tariffs:
        point = t.prices[0]
        price = point.price
        per_kwh = (
            (price / energy).quantize(Decimal("0.001")) if price is not None and energy else None
        )
        rows.append(
            QuoteRow(
                tariff_id=t.tariff.core.id,
                tariff=t.tariff.name or t.provider,
                provider=t.provider,
                price=price,
                price_per_kwh=per_kwh,
                total_monthly_fee=t.total_monthly_fee,
                no_price_reason=point.no_price_reason,
                cheapest=price is not None and price == lowest,
            )
        )
    return rows
