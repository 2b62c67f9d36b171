"""POST /v1/charge_prices: the price of one session at one station, for every usable tariff."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
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
from evcharge.core.plugs import EnergyType, Plug, energy_type
from evcharge.core.tariff_selection import IncludeMode, TariffFilters, select_tariffs
from evcharge.core.tariffs import NoPriceReason
from evcharge.core.vehicles import Vehicle
from evcharge.services.catalogue import Catalogue
from evcharge.services.pricing.ocpi_forecast import local_date
from evcharge.services.pricing.tariff_price import Situation, price_tariff

FLAT_PROFILE_SLICES = 12


@dataclass(frozen=True, slots=True)
class StationInput:
    country: str
    network: str  # the CPO company id
    latitude: float
    longitude: float
    # (plug, kW, energy type): a stored station's groups say theirs; a request gives the
    # plug's own (core/plugs.py energy_type), as Chargeprice's charge points carry none.
    charge_points: tuple[tuple[Plug, float, EnergyType], ...]


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


def flat_profile(
    plug: Plug, energy_kwh: float, duration_min: float, kind: EnergyType | None = None
) -> ChargingProfile:
    """A given energy over a given time, at constant power (input mode energy + duration), at
    a charge point of `kind` (None: the plug's own, core/plugs.py)."""
    e, t = energy_kwh / FLAT_PROFILE_SLICES, duration_min / FLAT_PROFILE_SLICES
    slices = tuple(ProfileSlice(i * t, t, e, e, 0, 0) for i in range(FLAT_PROFILE_SLICES))
    return ChargingProfile(kind or energy_type(plug), slices)


def sessions_for(request: PriceRequest, vehicle: Vehicle | None) -> list[ChargePointSession]:
    options = ChargingOptions(
        car_ac_phases=request.car_ac_phases, allow_unbalanced_load=request.allow_unbalanced_load
    )
    result = []
    for plug, power, kind in request.station.charge_points:
        if vehicle is not None and request.battery_range is not None:
            start, end = request.battery_range
            profile = simulate(
                vehicle,
                plug=plug,
                station_kw=power,
                soc_start_pct=start,
                soc_end_pct=end,
                options=options,
                kind=kind,
            )
        else:
            assert request.energy_kwh is not None
            assert request.duration_min is not None
            profile = flat_profile(plug, request.energy_kwh, request.duration_min, kind)
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


def load_vehicle(catalogue: Catalogue, session: Session, vehicle_id: str | None) -> Vehicle | None:
    if vehicle_id is None:
        return None
    found = catalogue.vehicle(session, vehicle_id)
    if found is None:
        raise NotFound(f"vehicle {vehicle_id}")
    return found


def load_cpo(catalogue: Catalogue, session: Session, cpo_id: str) -> Company:
    found = catalogue.companies(session).get(cpo_id)
    if found is None or not found.is_cpo:
        raise NotFound(f"network (CPO) {cpo_id}")
    return found


def session_day(request: PriceRequest, now_utc: datetime) -> date | None:
    """The station's local date the session starts on: the request's, else today there."""
    return request.session_date or local_date(request.station.country, now_utc)


def price_tariff_at_points(
    tariff: Tariff,
    sessions: list[ChargePointSession],
    request: PriceRequest,
    vehicle: Vehicle | None,
    rates: ExchangeRates,
    day: date | None,
) -> list[ChargePointPrice]:
    phases = request.car_ac_phases or (vehicle.ac_phases if vehicle else 3)
    prices = []
    for s in sessions:
        situation = Situation(
            country=request.station.country,
            cpo_id=request.station.network,
            power_kw=s.power_kw,
            profile=s.profile,
            car_ac_phases=phases,
            start_time_min=request.start_time_min,
            local_day=day,
            currency=request.currency,
        )
        p = price_tariff(tariff, situation, rates)
        prices.append(
            ChargePointPrice(
                s.plug,
                s.power_kw,
                p.price,
                p.distribution,
                p.blocking_fee_start_min,
                p.no_price_reason,
            )
        )
    return prices


def charge_prices(
    session: Session, catalogue: Catalogue, request: PriceRequest, rates: ExchangeRates
) -> PriceAnswer:
    check_inputs(request)
    rates.rate(request.currency)  # an unknown currency is a 404 before any work
    vehicle = load_vehicle(catalogue, session, request.vehicle_id)
    cpo = load_cpo(catalogue, session, request.station.network)
    return price_at_station(
        request,
        vehicle,
        cpo,
        catalogue.companies(session),
        catalogue.tariffs(session),
        rates,
        catalogue.now_utc(),
    )


def price_at_station(
    request: PriceRequest,
    vehicle: Vehicle | None,
    cpo: Company,
    companies: dict[str, Company],
    tariffs: list[Tariff],
    rates: ExchangeRates,
    now_utc: datetime,
) -> PriceAnswer:
    """Every kept tariff's price at each of the station's charge points, cheapest first; the
    session starts at the request's start time on its date (else the station's today, as of
    `now_utc`)."""
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
        tariffs,
        cpo,
        filters,
        listed=request.tariff_ids,
        mode=request.include_mode,
        monthly_limit_in=limits,
    )
    day = session_day(request, now_utc)
    answers = []
    for tariff in chosen:
        prices = price_tariff_at_points(tariff, sessions, request, vehicle, rates, day)
        if all(p.price is None for p in prices) and not request.show_price_unavailable:
            continue
        fees = tariff.core.fees

        def money(amount: Decimal, source: str = tariff.core.currency) -> Decimal:
            return round_money(rates.convert(amount, source, request.currency))

        provider = companies.get(tariff.emp_id)
        answers.append(
            TariffPrice(
                tariff,
                provider.name if provider else "",
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
