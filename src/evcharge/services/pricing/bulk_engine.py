"""The bulk price engine: the cheapest usable tariff per station, for one vehicle and range.

How the work is shared (issue 3's performance rules):
- a profile is simulated once per (vehicle inputs, range, options, energy type, power drawn),
  across requests;
- a price is computed once per (profile, start, currency, tariff, the parts of the location its
  restrictions look at), across requests, in the tariff set, so a tariff write drops it;
- usability of every tariff at an operator is one cached boolean mask, and only usable tariffs
  are priced;
- every price comes from pricing/tariff_price.py, the function the single-station answer uses;
- the choice per station is a NumPy reduction over a tariffs x charge points price matrix, one
  per (country, CPO) when some tariff's restrictions look at them (most real tariffs do).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple, cast

import numpy as np
from numpy.typing import NDArray

from evcharge.core.charging import (
    ChargingOptions,
    ChargingProfile,
    drawn_kw,
    simulate,
    simulator_inputs,
)
from evcharge.core.cheapest import Cell, ColumnSet, PriceMatrix, TariffMask, near_cheapest
from evcharge.core.fx import ExchangeRates
from evcharge.core.network import Company, Station, Tariff
from evcharge.core.plugs import EnergyType, Plug, fits
from evcharge.core.tariff_selection import TariffFilters, is_selected
from evcharge.core.vehicles import Vehicle
from evcharge.services.catalogue import PricingMemos, TariffSet
from evcharge.services.catalogue.compiled import SCREEN_MARGIN, Floats, Session, ShapeQuantities
from evcharge.services.catalogue.tariff_set import Positions
from evcharge.services.pricing.ocpi_forecast import local_date
from evcharge.services.pricing.tariff_price import Situation, price_tariff

Point = tuple[Plug, float, EnergyType]  # a charge point group's plug, kW and energy type
Location = tuple[str, str]  # (country, CPO id)
_UNPRICED = object()  # "not in the memo", which None (no price) cannot say


def _point_key(point: Point) -> tuple[str, float, str]:
    """A charge point in memo keys as plain values: tuples of strings and numbers are not
    tracked by the garbage collector, so half a million memo keys add nothing to its pauses."""
    return (point[0].value, point[1], point[2].value)


@dataclass(frozen=True, slots=True)
class BulkQuestion:
    vehicle: Vehicle
    battery_range: tuple[float, float]
    currency: str
    start_time_min: int
    allow_unbalanced_load: bool
    charge_points_power_lte: float | None


class StationPrice(NamedTuple):
    """A station's cheapest price. A tuple, not a frozen dataclass: a request makes one per
    station (100), and a frozen dataclass's __init__ (a setattr per field) cost 7 % of a new
    question's engine time."""

    station: Station
    tariff: Tariff
    price: Decimal
    plug: Plug
    power_kw: float
    profile: ChargingProfile


@dataclass(slots=True)
class _Request:
    """What one request computes: keys into the shared memos, and per-profile quantity memos."""

    question: BulkQuestion
    rates: ExchangeRates
    tset: TariffSet
    memos: PricingMemos
    now_utc: datetime
    options: ChargingOptions = field(init=False)
    profile_key: int = field(init=False)
    price_key: int = field(init=False)
    situations: dict[tuple[Location, Point], Situation] = field(default_factory=dict)
    tariffs_key: int = 0  # the request's tariffs, as a number (see price_stations)
    # Per drawn power (see draw): charge points the car charges alike at share them.
    quantities_by_shape: dict[tuple[str, float], ShapeQuantities] = field(default_factory=dict)
    draws: dict[Point, tuple[str, float]] = field(default_factory=dict)
    # Per request: each point's memo key and profile, each country's date.
    point_keys: dict[Point, tuple[str, float, str]] = field(default_factory=dict)
    profiles: dict[Point, ChargingProfile] = field(default_factory=dict)
    local_days: dict[str, date | None] = field(default_factory=dict)
    # Per (tariff, the parts of the location it looks at, point): its exact price. Stations of
    # many locations share most cells, and a lookup here skips building the shared memo's key.
    exact: dict[tuple[str, str, str, Point], Decimal | None] = field(default_factory=dict)
    factors: Floats = field(init=False)  # per compiled currency, its rate into the question's

    def __post_init__(self) -> None:
        q = self.question
        self.options = ChargingOptions(allow_unbalanced_load=q.allow_unbalanced_load)
        intern = self.memos.intern
        self.profile_key = intern((simulator_inputs(q.vehicle), q.battery_range, self.options))
        # No date: only OCPI tariffs price by weekday and date, and their keys add the station's
        # local date (_day); the rest keep their memo across midnight.
        self.price_key = intern(
            (self.profile_key, q.start_time_min, q.currency, self.rates.rate_date)
        )
        self.factors = self.tset.compiled.factors(self.rates, q.currency)

    def point_key(self, point: Point) -> tuple[str, float, str]:
        held = self.point_keys.get(point)
        if held is None:
            held = self.point_keys[point] = _point_key(point)
        return held

    def local_day(self, country: str) -> date | None:
        """The station's date now, once per country and request."""
        if country not in self.local_days:
            self.local_days[country] = local_date(country, self.now_utc)
        return self.local_days[country]

    def profile(self, point: Point) -> ChargingProfile:
        held = self.profiles.get(point)
        if held is None:
            held = self.profiles[point] = self._profile(point)
        return held

    def draw(self, point: Point) -> tuple[str, float]:
        """The energy type and the power the car draws at `point`: charge points alike in both
        charge alike (a 150 and a 350 kW charger for a car that takes 100 kW), so they share
        one simulated profile and its quantities."""
        held = self.draws.get(point)
        if held is None:
            plug, station_kw, kind = point
            drawn = drawn_kw(self.question.vehicle, plug, station_kw, self.options, kind)
            held = self.draws[point] = (kind.value, drawn)
        return held

    def _profile(self, point: Point) -> ChargingProfile:
        key = (self.profile_key, self.draw(point))
        profiles = self.memos.profiles
        hit = profiles.get(key)
        if hit is None:
            start, end = self.question.battery_range
            hit = profiles.put(
                key,
                simulate(
                    self.question.vehicle,
                    plug=point[0],
                    station_kw=point[1],
                    soc_start_pct=start,
                    soc_end_pct=end,
                    options=self.options,
                    kind=point[2],
                ),
            )
        return hit

    def price(self, tariff: Tariff, where: Location, point: Point) -> Decimal | None:
        situation = self.situation(where, point)
        applicable = None
        if tariff.ocpi is None:
            # Priced alike wherever the same components apply, whatever the station.
            row = self.tset.index[tariff.id]
            applicable = self.tset.compiled.applicable(row, situation.restricted)
            scope: object = applicable.tobytes()
        else:
            # Local time and date in the station's zone, which follows the country.
            scope = (where[0], self._day(tariff, where[0]))
        key = (self.price_key, tariff.id, scope, self.point_key(point))
        prices = self.tset.prices
        # One read: another request may clear the memo between a check and a second read.
        held = prices.get(key, _UNPRICED)
        if held is not _UNPRICED:
            return cast(Decimal | None, held)
        return prices.put(
            key,
            price_tariff(
                tariff,
                situation,
                self.rates,
                quantities=self.shape_quantities(point),
                applicable=None if applicable is None else applicable.tolist(),
            ).price,
        )

    def exact_price(self, tariff: Tariff, where: Location, point: Point) -> Decimal | None:
        """`price`, kept for the request per what the tariff's price can depend on: the
        country and CPO only where its restrictions (or, for OCPI, its time zone) look at them."""
        by_country, by_cpo = self.tset.scope[tariff.id]
        key = (tariff.id, where[0] if by_country else "", where[1] if by_cpo else "", point)
        held = self.exact.get(key, _UNPRICED)
        if held is _UNPRICED:
            held = self.exact[key] = self.price(tariff, where, point)
        return cast(Decimal | None, held)

    def situation(self, where: Location, point: Point) -> Situation:
        """The session at `point` of a station at `where`, built once per request (its peak
        power is computed once, not once per tariff)."""
        hit = self.situations.get((where, point))
        if hit is None:
            q = self.question
            hit = self.situations[(where, point)] = Situation(
                country=where[0],
                cpo_id=where[1],
                power_kw=point[1],
                profile=self.profile(point),
                car_ac_phases=q.vehicle.ac_phases,
                start_time_min=q.start_time_min,
                local_day=self.local_day(where[0]),
                currency=q.currency,
            )
        return hit

    def _day(self, tariff: Tariff, country: str) -> date | None:
        """The local date an OCPI tariff prices by (a UTC date served yesterday's weekday for
        hours after midnight east of UTC); None for the others, which ignore the date."""
        return self.local_day(country) if tariff.ocpi is not None else None

    def matrices(
        self,
        tariffs: list[Tariff],
        positions: Positions,
        specs: list[tuple[Location | None, list[Point], TariffMask]],
    ) -> list[PriceMatrix]:
        """Per spec (location or None, columns, needed rows), the needed tariffs' screened
        prices at each column (infinite in the other rows: they cannot be used there), kept
        across requests for the same question, tariffs and points (and location, when some
        tariff's restrictions look at it). The Chargeprice tariffs of every matrix not kept
        are screened in one pass (pricing/compiled.py); OCPI ones are priced exactly."""
        keys = [self._matrix_key(where, columns, needed) for where, columns, needed in specs]
        found: dict[tuple[object, ...], PriceMatrix] = {}
        todo: dict[tuple[object, ...], tuple[Location | None, list[Point], TariffMask]] = {}
        for key, spec in zip(keys, specs, strict=True):
            if key not in found and key not in todo:
                held = self.tset.matrices.get(key)
                if held is None:
                    todo[key] = spec
                else:
                    found[key] = held
        if todo:
            found.update(self._screened(tariffs, positions, todo))
        return [found[k] for k in keys]

    def _screened(
        self,
        tariffs: list[Tariff],
        positions: Positions,
        todo: dict[tuple[object, ...], tuple[Location | None, list[Point], TariffMask]],
    ) -> dict[tuple[object, ...], PriceMatrix]:
        """The matrices of `todo`, screened in one pass and kept."""
        compiled = self.tset.compiled
        sessions: list[Session] = []
        for where, columns, needed in todo.values():
            rows = np.zeros(compiled.rows, dtype=np.bool_)
            rows[positions[needed]] = True
            at = where or ("", "")
            sessions.extend(
                Session(
                    self.situation(at, point).restricted,
                    self.profile(point),
                    self.shape_quantities(point),
                    rows,
                )
                for point in columns
            )
        screened = compiled.screen(sessions, self.question.start_time_min, self.factors)
        widths = [len(columns) for _where, columns, _needed in todo.values()]
        # Tariffs x every column of every matrix; a tariff not needed there cannot be used.
        prices = screened[:, positions].T
        needed = np.stack([needed for _where, _columns, needed in todo.values()])
        prices[~np.repeat(needed, widths, axis=0).T] = math.inf
        ocpi = self._ocpi_rows(tariffs)
        out = {}
        first = 0
        for (key, (where, columns, needed_here)), width in zip(todo.items(), widths, strict=True):
            matrix = prices[:, first : first + width].copy()
            first += width
            at = where or ("", "")
            for r in ocpi[needed_here[ocpi]].tolist():
                priced = (self.price(tariffs[r], at, point) for point in columns)
                matrix[r] = [math.inf if p is None else float(p) for p in priced]
            out[key] = self.tset.matrices.put(key, matrix)
        return out

    def _ocpi_rows(self, tariffs: list[Tariff]) -> NDArray[np.intp]:
        """The rows of `tariffs` that are OCPI tariffs (priced exactly, never screened)."""
        if not self.tset.dated:  # the set holds no OCPI tariff
            return np.empty(0, dtype=np.intp)
        return np.flatnonzero([t.ocpi is not None for t in tariffs])

    def _matrix_key(
        self, where: Location | None, columns: list[Point], needed: TariffMask
    ) -> tuple[object, ...]:
        # An OCPI tariff among them prices by the local date: it keys the matrix too.
        day = self.local_day(where[0]) if where and self.tset.dated else None
        needed_key = self.memos.intern((self.tariffs_key, needed.tobytes()))
        return (self.price_key, needed_key, tuple(map(self.point_key, columns)), where, day)

    def shape_quantities(self, point: Point) -> ShapeQuantities:
        """The profile's billable quantity per compiled segment shape, filled in as needed."""
        draw = self.draw(point)
        held = self.quantities_by_shape.get(draw)
        if held is None:
            held = self.quantities_by_shape[draw] = self.tset.compiled.no_quantities()
        return held

    def mask(self, positions: Positions, cpo: Company | None, country: str) -> TariffMask:
        """Which of the set's tariffs a customer can use at this operator (brand and direct
        payment filters included), as one cached array."""
        q = self.question
        # The brand only matters where some tariff is for certain brands' cars.
        brand = q.vehicle.brand if self.tset.branded else None
        key = (None if cpo is None else (cpo.id, cpo.supported_emp_ids), country, brand)
        hit = self.tset.masks.get(key)
        if hit is None:
            f = TariffFilters(country=country, vehicle_brand=q.vehicle.brand.name)
            everything = self.tset.tariffs
            hit = self.tset.masks.put(
                key,
                np.fromiter(
                    (is_selected(t, cpo, f) for t in everything),
                    dtype=np.bool_,
                    count=len(everything),
                ),
            )
        return hit[positions]


@dataclass(slots=True)
class _Job:
    """The stations of one location, as column sets of its price matrix."""

    where: Location
    ids: list[int]
    columns: list[Point]
    prices: PriceMatrix
    usable: TariffMask
    set_of: dict[int, ColumnSet]  # per station, its charge points as columns
    sets: list[ColumnSet] = field(init=False)

    def __post_init__(self) -> None:
        self.sets = sorted(set(self.set_of.values()))


def _points(
    question: BulkQuestion, station: Station, fitting: dict[tuple[Plug, EnergyType], bool]
) -> frozenset[Point]:
    limit = question.charge_points_power_lte
    return frozenset(
        (cp.plug, cp.power_kw, cp.energy_type)
        for cp in station.charge_points
        if fitting[cp.plug, cp.energy_type] and (limit is None or cp.power_kw <= limit)
    )


def price_stations(
    question: BulkQuestion,
    stations: list[Station],
    cpos: dict[str, Company],
    tariffs: list[Tariff],
    tset: TariffSet,
    rates: ExchangeRates,
    *,
    memos: PricingMemos,
    now_utc: datetime,
) -> list[StationPrice | str]:
    """Per station, in order, its cheapest price or the reason it has none, for a session
    starting at the question's start time on the station's date as of `now_utc`."""
    request = _Request(question, rates, tset, memos, now_utc)
    kinds = {(cp.plug, cp.energy_type) for s in stations for cp in s.charge_points}
    fitting = {(p, k): fits(question.vehicle, p, k) for p, k in kinds}
    points_of = [_points(question, s, fitting) for s in stations]
    answers: list[StationPrice | str] = [""] * len(stations)
    by_location: dict[Location, list[int]] = defaultdict(list)
    for i, station in enumerate(stations):
        if points_of[i]:
            by_location[(station.country, station.operator_id)].append(i)
        else:
            answers[i] = "no charge point fits the vehicle (and the power limit)"
    positions = tset.positions(tariffs)
    # Most real tariffs price by country or CPO; otherwise one matrix serves every location.
    located = any(any(tset.scope[t.id]) for t in tariffs)
    request.tariffs_key = memos.intern((positions.tobytes(),))
    usable_at_location = {}
    for where, ids in by_location.items():
        usable = request.mask(positions, cpos.get(where[1]), where[0])
        if usable.any():
            usable_at_location[where] = usable
        else:
            for i in ids:
                answers[i] = "none of the tariffs can be used at this station's operator"
    specs: list[tuple[Location | None, list[Point], TariffMask]] = []
    spec_of: list[int] = []  # per location of usable_at_location, its spec
    if located:
        specs = [
            (where, sorted({p for i in by_location[where] for p in points_of[i]}), usable)
            for where, usable in usable_at_location.items()
        ]
        spec_of = list(range(len(specs)))
    elif usable_at_location:  # one matrix: every location's points, every usable tariff
        everywhere = {p for w in usable_at_location for i in by_location[w] for p in points_of[i]}
        usable_anywhere = np.logical_or.reduce(list(usable_at_location.values()))
        specs = [(None, sorted(everywhere), usable_anywhere)]
        spec_of = [0] * len(usable_at_location)
    matrices = request.matrices(tariffs, positions, specs)
    column_ofs = [{p: n for n, p in enumerate(columns)} for _at, columns, _needed in specs]
    jobs = []
    for (where, usable), k in zip(usable_at_location.items(), spec_of, strict=True):
        column_of, ids = column_ofs[k], by_location[where]
        set_of = {i: tuple(sorted(column_of[p] for p in points_of[i])) for i in ids}
        jobs.append(_Job(where, ids, specs[k][1], matrices[k], usable, set_of))
    for job, picks in zip(jobs, _cheapest(request, tariffs, jobs), strict=True):
        for i in job.ids:
            picked = picks[job.set_of[i]]
            if picked is None:
                answers[i] = "no usable tariff has a price here"
            else:
                tariff, price, (plug, power, _kind), profile = picked
                answers[i] = StationPrice(stations[i], tariff, price, plug, power, profile)
    return answers


Pick = tuple[Tariff, Decimal, Point, ChargingProfile]


def _cheapest(
    request: _Request, tariffs: list[Tariff], jobs: list[_Job]
) -> list[dict[ColumnSet, Pick | None]]:
    """Per job, the cheapest usable (tariff, charge point) of each of its column sets, exactly:
    the screen's near-cheapest cells of every set of the request come from one reduction
    (core/cheapest.py), and only those cells are priced exactly."""
    if not jobs:
        return []
    # Every matrix side by side; locations sharing a matrix share its columns.
    blocks: dict[int, PriceMatrix] = {}
    first: dict[int, int] = {}
    width = 0
    for job in jobs:
        if id(job.prices) not in blocks:
            blocks[id(job.prices)], first[id(job.prices)] = job.prices, width
            width += job.prices.shape[1]
    prices = np.concatenate(list(blocks.values()), axis=1)
    # Jobs share a matrix only when no tariff looks at the location (price_stations: one
    # matrix then, else one per location), so there every exact price, and hence a column
    # set's pick, is the same at each job alike in usable tariffs (most operators of a
    # country accept the same roaming partners): reduce and pick each such set once.
    alike = [(id(job.prices), job.usable.tobytes()) for job in jobs]  # (matrix id, mask)
    unique: dict[tuple[int, bytes, ColumnSet], int] = {}
    reduced: list[tuple[_Job, ColumnSet]] = []  # each unique set, at the first job that has it
    for job, (matrix_id, mask) in zip(jobs, alike, strict=True):
        for cols in job.sets:
            if unique.setdefault((matrix_id, mask, cols), len(reduced)) == len(reduced):
                reduced.append((job, cols))
    sets = [tuple(first[id(job.prices)] + c for c in cols) for job, cols in reduced]
    usable = np.stack([job.usable for job, _cols in reduced])
    cells = near_cheapest(prices, sets, usable, SCREEN_MARGIN)
    chosen = [
        _exact_cheapest(
            request, tariffs, job, cols, [(r, c - first[id(job.prices)]) for r, c in near]
        )
        for (job, cols), near in zip(reduced, cells, strict=True)
    ]
    return [
        {cols: chosen[unique[matrix_id, mask, cols]] for cols in job.sets}
        for job, (matrix_id, mask) in zip(jobs, alike, strict=True)
    ]


def _exact_cheapest(
    request: _Request,
    tariffs: list[Tariff],
    job: _Job,
    cols: ColumnSet,
    cells: list[Cell],
) -> Pick | None:
    """The cheapest of `cells` (the screen's near-cheapest of `cols`), exactly (_best_of). A
    cell the screen priced but the exact path cannot (an amount too large to compute with)
    drops out, and the next cheapest are tried."""
    usable = job.usable
    while cells:
        pick = _best_of(request, tariffs, job, cells)
        if pick is not None:
            return pick
        usable = usable.copy()
        usable[[r for r, _c in cells]] = False
        [cells] = near_cheapest(job.prices, [cols], usable[np.newaxis], SCREEN_MARGIN)
    return None


def _best_of(request: _Request, tariffs: list[Tariff], job: _Job, cells: list[Cell]) -> Pick | None:
    """The cheapest of `cells` with an exact price (pricing/tariff_price.py), the first of
    equal prices winning; None when none has one."""
    best: tuple[Decimal, int, int] | None = None
    for r, c in cells:
        price = request.exact_price(tariffs[r], job.where, job.columns[c])
        if price is not None and (best is None or price < best[0]):
            best = (price, r, c)
    if best is None:
        return None
    price, r, c = best
    point = job.columns[c]
    return tariffs[r], price, point, request.profile(point)
