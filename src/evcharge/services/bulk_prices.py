"""POST /v1/charge_prices/bulk: the cheapest price per station over a list of tariffs.

Work is shared across stations: each distinct (plug, power) is simulated once, and a price is
computed once per (tariff, country, CPO, plug, power), since nothing else changes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy.orm import Session

from evcharge.core.charging import ChargingOptions, ChargingProfile, simulate
from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.fx import ExchangeRates
from evcharge.core.network import Company, Station, Tariff
from evcharge.core.plugs import Plug, fits
from evcharge.core.pricing import price_session
from evcharge.core.tariff_selection import TariffFilters, passes_filters, usable_at
from evcharge.core.tariffs import ChargeSituation, Segment, applicable_components
from evcharge.core.vehicles import Vehicle
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.services.charge_prices import load_vehicle
from evcharge.services.tariff_cache import all_tariffs

MAX_STATIONS = 100
Price = Decimal | None
Best = tuple[Decimal, Plug, float] | None
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


@dataclass(frozen=True, slots=True)
class StationPrice:
    station: Station
    tariff: Tariff
    price: Decimal
    plug: Plug
    power_kw: float
    profile: ChargingProfile


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


def _load(session: Session, request: BulkRequest) -> tuple[list[Station], list[Tariff]]:
    stations = StationRepository(session).by_ids(list(request.station_ids))
    missing = sorted(set(request.station_ids) - {s.id for s in stations})
    if missing:
        raise NotFound("charging stations " + ", ".join(missing))
    tariffs = all_tariffs(session)
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
    return sorted(stations, key=lambda s: order[s.id]), chosen


class _Pricer:
    """Memoised simulation and pricing for one bulk request."""

    def __init__(self, request: BulkRequest, vehicle: Vehicle, rates: ExchangeRates) -> None:
        self.request, self.vehicle, self.rates = request, vehicle, rates
        self.options = ChargingOptions(allow_unbalanced_load=request.allow_unbalanced_load)
        self.profiles: dict[tuple[Plug, float], ChargingProfile] = {}
        self.prices: dict[tuple[str, tuple[int, ...], Plug, float], Price] = {}
        self.memos: dict[tuple[Plug, float], dict[tuple[object, ...], float]] = {}
        self.peaks: dict[tuple[Plug, float], float] = {}
        self.bests: dict[tuple[object, ...], Best] = {}
        self.usable: dict[tuple[str, str], list[Tariff]] = {}
        self.looks_at: dict[str, tuple[bool, bool]] = {}
        # Stations of one operator, country and set of charge points have one answer.
        self.groups: dict[tuple[str, str, frozenset[tuple[Plug, float]]], StationPrice | str] = {}

    def profile(self, plug: Plug, power_kw: float) -> ChargingProfile:
        key = (plug, power_kw)
        if key not in self.profiles:
            start, end = self.request.battery_range
            self.profiles[key] = simulate(
                self.vehicle,
                plug=plug,
                station_kw=power_kw,
                soc_start_pct=start,
                soc_end_pct=end,
                options=self.options,
            )
        return self.profiles[key]

    def price(self, tariff: Tariff, station: Station, plug: Plug, power_kw: float) -> Price:
        """Memoised on the components that apply, not on the station: two stations where the
        same components of a tariff apply get the same price for the same plug and power."""
        profile = self.profile(plug, power_kw)
        situation = ChargeSituation(
            country=station.country,
            cpo_id=station.operator_id,
            station_power_kw=power_kw,
            energy_type=profile.kind,
            car_ac_phases=self.vehicle.ac_phases,
            consumed_power_kw=self.peak_kw(plug, power_kw),
        )
        components = tariff.core.components
        chosen = applicable_components(components, situation)
        key = (tariff.id, chosen, plug, power_kw)
        if key not in self.prices:
            segments = [seg for i in chosen for seg in components[i].segments]
            self.prices[key] = self._price(tariff, segments, plug, power_kw) if segments else None
        return self.prices[key]

    def peak_kw(self, plug: Plug, power_kw: float) -> float:
        key = (plug, power_kw)
        if key not in self.peaks:
            self.peaks[key] = max(
                (s.power_kw for s in self.profile(plug, power_kw).slices), default=0.0
            )
        return self.peaks[key]

    def _price(self, tariff: Tariff, segments: list[Segment], plug: Plug, power_kw: float) -> Price:
        target = self.request.currency
        return price_session(
            self.profile(plug, power_kw),
            segments,
            start_min_of_day=self.request.start_time_min,
            currency=target,
            convert=lambda amount, ccy: self.rates.convert(amount, ccy, target),
            tariff_currency=tariff.core.currency,
            memo=self.memos.setdefault((plug, power_kw), {}),
        ).price


def _cheapest(
    pricer: _Pricer, station: Station, cpo: Company | None, tariffs: list[Tariff], f: TariffFilters
) -> StationPrice | str:
    limit = pricer.request.charge_points_power_lte
    points = frozenset(
        (cp.plug, cp.power_kw)
        for cp in station.charge_points
        if fits(pricer.vehicle, cp.plug) and (limit is None or cp.power_kw <= limit)
    )
    group = (station.country, station.operator_id, points)
    if group not in pricer.groups:
        pricer.groups[group] = _cheapest_for(pricer, station, points, cpo, tariffs, f)
    found = pricer.groups[group]
    return found if isinstance(found, str) else replace(found, station=station)


def _location_key(
    pricer: _Pricer, tariff: Tariff, station: Station
) -> tuple[str | None, str | None]:
    """The parts of a station's location that the tariff's restrictions look at."""
    if tariff.id not in pricer.looks_at:
        restrictions = [r for c in tariff.core.components for r in c.restrictions]
        pricer.looks_at[tariff.id] = (
            any(r.countries is not None for r in restrictions),
            any(r.cpo_ids is not None for r in restrictions),
        )
    by_country, by_cpo = pricer.looks_at[tariff.id]
    return (station.country if by_country else None, station.operator_id if by_cpo else None)


def _best(
    pricer: _Pricer, tariff: Tariff, station: Station, points: frozenset[tuple[Plug, float]]
) -> Best:
    """The tariff's cheapest (price, plug, power) over the points, memoised on what matters."""
    key = (tariff.id, _location_key(pricer, tariff, station), points)
    if key not in pricer.bests:
        best: Best = None
        for plug, power in sorted(points):
            price = pricer.price(tariff, station, plug, power)
            if price is not None and (best is None or price < best[0]):
                best = (price, plug, power)
        pricer.bests[key] = best
    return pricer.bests[key]


def _cheapest_for(
    pricer: _Pricer,
    station: Station,
    points: frozenset[tuple[Plug, float]],
    cpo: Company | None,
    tariffs: list[Tariff],
    f: TariffFilters,
) -> StationPrice | str:
    if not points:
        return "no charge point fits the vehicle (and the power limit)"
    where = (station.operator_id, station.country)
    if where not in pricer.usable:
        pricer.usable[where] = [t for t in tariffs if usable_at(t, cpo) and passes_filters(t, f)]
    usable = pricer.usable[where]
    if not usable:
        return "none of the tariffs can be used at this station's operator"
    winner: tuple[Decimal, Plug, float, Tariff] | None = None
    for tariff in usable:
        best = _best(pricer, tariff, station, points)
        if best is not None and (winner is None or best[0] < winner[0]):
            winner = (*best, tariff)
    if winner is None:
        return "no usable tariff has a price here"
    price, plug, power, tariff = winner
    return StationPrice(station, tariff, price, plug, power, pricer.profile(plug, power))


def bulk_prices(session: Session, request: BulkRequest, rates: ExchangeRates) -> BulkAnswer:
    _check(request)
    rates.rate(request.currency)
    vehicle = load_vehicle(session, request.vehicle_id)
    assert vehicle is not None
    stations, tariffs = _load(session, request)
    cpos = {
        c.id: c for c in CompanyRepository(session).by_ids(list({s.operator_id for s in stations}))
    }
    pricer = _Pricer(request, vehicle, rates)
    answer = BulkAnswer(currency=request.currency, rate_date=rates.rate_date.isoformat())
    for station in stations:
        f = TariffFilters(
            country=station.country, vehicle_brand=vehicle.brand.name, include_direct_payment=True
        )
        result = _cheapest(pricer, station, cpos.get(station.operator_id), tariffs, f)
        if isinstance(result, str):
            answer.unpriced.append((station.id, result))
        else:
            answer.prices.append(result)
    return answer
