"""POST /v1/charge_prices: the price of one session at one station, for every usable tariff."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from evcharge.core.charging import (
    ChargingOptions,
    ChargingProfile,
    ProfileSlice,
    simulate,
)
from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.fx import ExchangeRates
from evcharge.core.money import round_money
from evcharge.core.network import Company, Tariff
from evcharge.core.ocpi.model import OcpiTariff
from evcharge.core.plugs import Plug, energy_type
from evcharge.core.pricing import price_session
from evcharge.core.tariff_selection import IncludeMode, TariffFilters, select_tariffs
from evcharge.core.tariffs import ChargeSituation, NoPriceReason, applicable_segments
from evcharge.core.vehicles import Vehicle
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.services.ocpi_forecast import forecast_price
from evcharge.services.tariff_cache import all_tariffs

# An OCPI tariff's restrictions are local time; without the station's zone it cannot be priced.
NO_ZONE = NoPriceReason.NO_RELIABLE_DATA_AVAILABLE
# A stored tariff whose prices cannot be computed with has, to the caller, no reliable data.
UNPRICEABLE = NoPriceReason.NO_RELIABLE_DATA_AVAILABLE

FLAT_PROFILE_SLICES = 12

log = logging.getLogger("evcharge.prices")


@dataclass(frozen=True, slots=True)
class StationInput:
    country: str
    network: str  # the CPO company id
    latitude: float
    longitude: float
    charge_points: tuple[tuple[Plug, float], ...]


@dataclass(frozen=True, slots=True)
class PriceRequest:
    station: StationInput
    vehicle_id: str | None = None
    battery_range: tuple[float, float] | None = None
    energy_kwh: float | None = None
    duration_min: float | None = None
    currency: str = "EUR"
    start_time_min: int = 720
    car_ac_phases: int | None = None
    allow_unbalanced_load: bool = False
    show_price_unavailable: bool = False
    max_monthly_fees: Decimal | None = None
    provider_customer_tariffs: bool = False
    foreign_tariffs: bool = True
    show_all_brand_restricted_tariffs: bool = False
    tariff_ids: tuple[str, ...] | None = None
    include_mode: IncludeMode = IncludeMode.FILTER
    # The day the session starts, for OCPI tariffs with dates or weekdays; None = today.
    session_date: date | None = None


@dataclass(frozen=True, slots=True)
class ChargePointSession:
    plug: Plug
    power_kw: float
    profile: ChargingProfile


@dataclass(frozen=True, slots=True)
class ChargePointPrice:
    plug: Plug
    power_kw: float
    price: Decimal | None
    distribution: dict[str, float] = field(default_factory=dict)
    blocking_fee_start_min: int | None = None
    no_price_reason: NoPriceReason | None = None


@dataclass(frozen=True, slots=True)
class TariffPrice:
    tariff: Tariff
    provider: str
    prices: list[ChargePointPrice]
    total_monthly_fee: Decimal
    monthly_min_sales: Decimal


@dataclass(frozen=True, slots=True)
class PriceAnswer:
    tariffs: list[TariffPrice]
    sessions: list[ChargePointSession]
    currency: str
    rate_date: str


def flat_profile(plug: Plug, energy_kwh: float, duration_min: float) -> ChargingProfile:
    """A given energy over a given time, at constant power (input mode energy + duration)."""
    e, t = energy_kwh / FLAT_PROFILE_SLICES, duration_min / FLAT_PROFILE_SLICES
    slices = tuple(ProfileSlice(i * t, t, e, e, 0, 0) for i in range(FLAT_PROFILE_SLICES))
    return ChargingProfile(energy_type(plug), slices)


def sessions_for(request: PriceRequest, vehicle: Vehicle | None) -> list[ChargePointSession]:
    options = ChargingOptions(
        car_ac_phases=request.car_ac_phases, allow_unbalanced_load=request.allow_unbalanced_load
    )
    result = []
    for plug, power in request.station.charge_points:
        if vehicle is not None and request.battery_range is not None:
            start, end = request.battery_range
            profile = simulate(
                vehicle,
                plug=plug,
                station_kw=power,
                soc_start_pct=start,
                soc_end_pct=end,
                options=options,
            )
        else:
            assert request.energy_kwh is not None
            assert request.duration_min is not None
            profile = flat_profile(plug, request.energy_kwh, request.duration_min)
        result.append(ChargePointSession(plug, power, profile))
    return result


def check_inputs(request: PriceRequest) -> None:
    by_vehicle = request.vehicle_id is not None or request.battery_range is not None
    by_energy = request.energy_kwh is not None or request.duration_min is not None
    if by_vehicle == by_energy:
        raise InvalidInput(
            "give either vehicle and battery_range, or energy and duration (exactly one pair)",
            parameter="options",
        )
    if by_vehicle and (request.vehicle_id is None or request.battery_range is None):
        raise InvalidInput("vehicle and battery_range go together", parameter="battery_range")
    if by_energy and (request.energy_kwh is None or request.duration_min is None):
        raise InvalidInput("energy and duration go together", parameter="energy")
    if not 0 <= request.start_time_min <= 1439:
        raise InvalidInput(
            "start_time must be 0..1439 minutes after midnight", parameter="start_time"
        )


def load_vehicle(session: Session, vehicle_id: str | None) -> Vehicle | None:
    if vehicle_id is None:
        return None
    found = VehicleRepository(session).by_ids_in_order([vehicle_id])
    if not found:
        raise NotFound(f"vehicle {vehicle_id}")
    return found[0]


def load_cpo(session: Session, cpo_id: str) -> Company:
    found = CompanyRepository(session).by_ids([cpo_id])
    if not found or not found[0].is_cpo:
        raise NotFound(f"network (CPO) {cpo_id}")
    return found[0]


def price_tariff(
    tariff: Tariff,
    sessions: list[ChargePointSession],
    request: PriceRequest,
    vehicle: Vehicle | None,
    rates: ExchangeRates,
) -> list[ChargePointPrice]:
    phases = request.car_ac_phases or (vehicle.ac_phases if vehicle else 3)
    target = request.currency

    def convert(amount: Decimal, currency: str) -> Decimal:
        return rates.convert(amount, currency, target)

    prices = []
    for s in sessions:
        try:
            prices.append(_point_price(tariff, s, request, phases, convert))
        except ArithmeticError:
            prices.append(_unpriceable(tariff, s))
    return prices


def _unpriceable(tariff: Tariff, s: ChargePointSession) -> ChargePointPrice:
    # A stored price too large to compute with (written straight into the database, or by an
    # older version that did not bound prices) costs this tariff its price, not the answer.
    log.warning("tariff %s cannot be priced", tariff.id, exc_info=True)
    return ChargePointPrice(s.plug, s.power_kw, None, no_price_reason=UNPRICEABLE)


def _point_price(
    tariff: Tariff,
    s: ChargePointSession,
    request: PriceRequest,
    phases: int,
    convert: Callable[[Decimal, str], Decimal],
) -> ChargePointPrice:
    if tariff.ocpi is not None:
        return _ocpi_price(tariff.ocpi, s, request, convert)
    situation = ChargeSituation(
        country=request.station.country,
        cpo_id=request.station.network,
        station_power_kw=s.power_kw,
        energy_type=s.profile.kind,
        car_ac_phases=phases,
        consumed_power_kw=max((x.power_kw for x in s.profile.slices), default=0.0),
    )
    segments = applicable_segments(tariff.core.components, situation)
    if not segments:
        return ChargePointPrice(s.plug, s.power_kw, None, no_price_reason=tariff.no_price_reason)
    result = price_session(
        s.profile,
        segments,
        start_min_of_day=request.start_time_min,
        currency=request.currency,
        convert=convert,
        tariff_currency=tariff.core.currency,
    )
    return ChargePointPrice(
        s.plug, s.power_kw, result.price, result.distribution(), result.blocking_fee_start_min
    )


def _ocpi_price(
    tariff: OcpiTariff,
    s: ChargePointSession,
    request: PriceRequest,
    convert: Callable[[Decimal, str], Decimal],
) -> ChargePointPrice:
    """Priced by the engine of /v1/cdr_prices; shown with VAT, as Chargeprice's prices are."""
    result = forecast_price(
        tariff,
        s.profile,
        country=request.station.country,
        start_time_min=request.start_time_min,
        day=request.session_date,
    )
    if result is None:
        return ChargePointPrice(s.plug, s.power_kw, None, no_price_reason=NO_ZONE)
    total = convert(result.total_cost.incl_vat, tariff.currency)
    parts = {
        "kwh": result.total_energy_cost.incl_vat,
        "minute": result.total_time_cost.incl_vat,
        "parking_minute": result.total_parking_cost.incl_vat,
        "session": result.total_fixed_cost.incl_vat,
    }
    whole = sum(parts.values(), Decimal(0))
    distribution = {k: float(v / whole) for k, v in parts.items() if v and whole}
    return ChargePointPrice(s.plug, s.power_kw, round_money(total), distribution)


def charge_prices(session: Session, request: PriceRequest, rates: ExchangeRates) -> PriceAnswer:
    check_inputs(request)
    rates.rate(request.currency)  # an unknown currency is a 404 before any work
    vehicle = load_vehicle(session, request.vehicle_id)
    cpo = load_cpo(session, request.station.network)
    sessions = sessions_for(request, vehicle)
    filters = TariffFilters(
        country=request.station.country,
        vehicle_brand=vehicle.brand.name if vehicle else None,
        provider_customer_tariffs=request.provider_customer_tariffs,
        foreign_tariffs=request.foreign_tariffs,
        show_all_brand_restricted_tariffs=request.show_all_brand_restricted_tariffs,
    )
    limits = None
    if request.max_monthly_fees is not None:
        limits = {
            c: rates.convert(request.max_monthly_fees, request.currency, c)
            for c in rates.currencies
        }
    chosen = select_tariffs(
        all_tariffs(session),
        cpo,
        filters,
        listed=request.tariff_ids,
        mode=request.include_mode,
        monthly_limit_in=limits,
    )
    names = {c.id: c.name for c in CompanyRepository(session).by_ids([t.emp_id for t in chosen])}
    answers = []
    for tariff in chosen:
        prices = price_tariff(tariff, sessions, request, vehicle, rates)
        if all(p.price is None for p in prices) and not request.show_price_unavailable:
            continue
        fees = tariff.core.fees

        def money(amount: Decimal, source: str = tariff.core.currency) -> Decimal:
            return round_money(rates.convert(amount, source, request.currency))

        answers.append(
            TariffPrice(
                tariff,
                names.get(tariff.emp_id, ""),
                prices,
                money(fees.total_monthly_fee),
                money(fees.monthly_min_sales),
            )
        )
    answers.sort(key=_cheapest_first)
    return PriceAnswer(answers, sessions, request.currency, rates.rate_date.isoformat())


def _cheapest_first(answer: TariffPrice) -> tuple[bool, Decimal]:
    known = [p.price for p in answer.prices if p.price is not None]
    return (not known, min(known) if known else Decimal(0))
