"""Chargeprice tariffs compiled into arrays, to screen every tariff's price at once.

A bulk question prices up to 200 tariffs at each charge point of up to 100 stations. Priced
one by one (tariff_price.py, exact Decimal) a question the memos have not seen costs about
15 µs a cell; compiled, one charge point costs a few NumPy operations for every tariff:

- each segment's billable quantity depends only on its shape (core.pricing.segment_shape), so
  the profile's quantity per distinct shape is computed once per charge point;
- a component applies or not by its restrictions; components sharing restrictions share the
  answer, evaluated once per situation (with core.tariffs.applies, the single rule);
- a tariff's price is the sum over its applicable segments of price x quantity x exchange
  rate, one weighted bincount.

The result is a float screen, not the answer: the bulk engine takes the cheapest by this screen,
then prices every tariff within a cent of it exactly, through tariff_price.price_tariff, so the
answer is the single-station path's to the cent. OCPI tariffs are not compiled (they price a
forecast CDR): their cells are always priced exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from numpy.typing import NDArray

from evcharge.core.charging import ChargingProfile
from evcharge.core.errors import NotFound
from evcharge.core.fx import ExchangeRates
from evcharge.core.network import Tariff
from evcharge.core.plugs import EnergyType
from evcharge.core.pricing import billable, segment_shape
from evcharge.core.tariffs import ChargeSituation, PriceComponent, Restriction, Segment, applies

# Screened prices within this of the cheapest are priced exactly: rounding to the cent moves a
# price by at most half a cent, and float sums differ from exact ones by far less.
SCREEN_MARGIN = 0.011
# Applicability per situation (station power, energy type, phases, location where looked at).
MAX_SITUATIONS = 50_000

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Arrays:
    segment_tariff: NDArray[np.intp]  # per segment: its tariff's row in the set
    segment_rule: NDArray[np.intp]  # per segment: the index of its component's restrictions
    segment_shape: NDArray[np.intp]  # per segment: the index of its shape
    segment_price: Floats  # per segment: unit price in its currency, as float
    segment_currency: NDArray[np.intp]  # per segment: index into `currencies`


class CompiledTariffs:
    """The Chargeprice tariffs of a tariff set (rows in the set's order; OCPI rows empty)."""

    def __init__(self, tariffs: Sequence[Tariff]) -> None:
        self.rows = len(tariffs)
        rules: dict[tuple[Restriction, ...], int] = {}
        self.shape_index: dict[tuple[object, ...], int] = {}
        shapes = self.shape_index
        currencies: dict[str, int] = {}
        self.shape_segments: list[Segment] = []  # one representative segment per shape
        self.rule_components: list[PriceComponent] = []  # one component per distinct rule
        columns: list[list[float]] = [[], [], [], [], []]
        # Per row, the rule of each of its components (none for OCPI rows).
        self.tariff_rules: list[NDArray[np.intp]] = []
        for row, tariff in enumerate(tariffs):
            own: list[int] = []
            self.tariff_rules.append(np.array(own, dtype=np.intp))
            if tariff.ocpi is not None:
                continue
            for component in tariff.core.components:
                rule = rules.setdefault(component.restrictions, len(rules))
                own.append(rule)
                self.tariff_rules[row] = np.array(own, dtype=np.intp)
                if rule == len(self.rule_components):
                    self.rule_components.append(component)
                for segment in component.segments:
                    shape = shapes.setdefault(segment_shape(segment), len(shapes))
                    if shape == len(self.shape_segments):
                        self.shape_segments.append(segment)
                    code = segment.currency or tariff.core.currency
                    price = _as_float(segment.price)
                    for column, value in zip(
                        columns,
                        (row, rule, shape, price, currencies.setdefault(code, len(currencies))),
                        strict=True,
                    ):
                        column.append(value)
        self.currencies = list(currencies)
        self.shape_keys = list(shapes)
        owners = np.array(columns[0], dtype=np.intp)
        # Segments are appended tariff by tariff: where each tariff's run starts, and its row.
        self._starts = (
            np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(owners) else owners
        )
        self._owners = owners[self._starts]
        restrictions = [r for c in self.rule_components for r in c.restrictions]
        # What no rule looks at is left out of the applicability memo's key.
        self._looks = (
            any(r.countries is not None for r in restrictions),
            any(r.cpo_ids is not None for r in restrictions),
            any(r.use_consumed_charging_power for r in restrictions),
        )
        self._ruled: dict[tuple[object, ...], NDArray[np.bool_]] = {}
        self._arrays = _Arrays(
            np.array(columns[0], dtype=np.intp),
            np.array(columns[1], dtype=np.intp),
            np.array(columns[2], dtype=np.intp),
            np.array(columns[3], dtype=np.float64),
            np.array(columns[4], dtype=np.intp),
        )

    def factors(self, rates: ExchangeRates, target: str) -> Floats:
        """Per compiled currency, the float rate into `target`; NaN for one the rates lack (its
        tariffs then screen as unpriced)."""
        out = []
        for code in self.currencies:
            try:
                out.append(float(rates.convert(Decimal(1), code, target)))
            except (NotFound, ArithmeticError):
                out.append(math.nan)
        return np.array(out, dtype=np.float64)

    def no_quantities(self) -> ShapeQuantities:
        """A per-shape quantity cache for one profile, nothing computed yet."""
        return ShapeQuantities(self.shape_index, np.full(len(self.shape_segments), math.nan))

    def ruled(self, situation: ChargeSituation) -> NDArray[np.bool_]:
        """Whether each distinct rule (a component's restrictions) applies, kept across
        requests for situations alike in every field some rule looks at."""
        country, cpo, consumed = self._looks
        dc = situation.energy_type is EnergyType.DC
        key = (
            situation.country if country else "",
            situation.cpo_id if cpo else None,
            situation.station_power_kw,
            situation.energy_type,
            0 if dc else situation.car_ac_phases,  # phases restrict AC sessions only
            situation.consumed_power_kw if consumed else 0.0,
        )
        held = self._ruled.get(key)
        if held is None:
            if len(self._ruled) >= MAX_SITUATIONS:
                self._ruled.clear()  # cheap to recompute: start over, as BoundedMemo does
            held = self._ruled[key] = np.fromiter(
                (applies(c, situation) for c in self.rule_components),
                dtype=np.bool_,
                count=len(self.rule_components),
            )
        return held

    def applicable(self, row: int, situation: ChargeSituation) -> NDArray[np.bool_]:
        """Which of row's components apply in `situation`, in the tariff's order (as
        core.tariffs.applies says, from the rules kept per situation). A Chargeprice tariff
        prices a profile alike wherever the same components apply, so its exact price can be
        kept per this mask's bytes, not per station."""
        return self.ruled(situation)[self.tariff_rules[row]]

    def screen(
        self,
        sessions: Sequence[Session],
        start_min_of_day: int,
        factors: Floats,
    ) -> Floats:
        """Row j, column t: the screened price of tariff t for sessions[j], infinite where no
        segment applies, outside the session's `rows` and for OCPI rows. Each session's
        quantities cache (no_quantities) gets the shapes its priced segments use, once per
        profile; every session is then one row of a few array operations."""
        a = self._arrays
        prices = np.full((len(sessions), self.rows), math.inf)
        if not len(a.segment_tariff) or not sessions:
            return prices
        ruled = np.stack([self.ruled(s.situation) for s in sessions])[:, a.segment_rule]
        wanted = np.stack([s.rows for s in sessions])[:, a.segment_tariff]
        live = ruled & wanted
        # The shapes each session prices, gathered per profile (sessions at one charge point
        # share its profile and quantities), then the quantities not computed yet.
        used = np.zeros((len(sessions), len(self.shape_segments)), dtype=np.bool_)
        rows, segments = np.nonzero(live)
        used[rows, a.segment_shape[segments]] = True
        per_profile: dict[int, tuple[Session, NDArray[np.bool_]]] = {}
        for s, shapes in zip(sessions, used, strict=True):
            held = per_profile.get(id(s.quantities))
            per_profile[id(s.quantities)] = (s, shapes if held is None else held[1] | shapes)
        for s, shapes in per_profile.values():
            for k in np.flatnonzero(shapes & np.isnan(s.quantities.by_shape)).tolist():
                s.quantities[self.shape_keys[k]] = billable(
                    s.profile, self.shape_segments[k], start_min_of_day
                )
        quantities = np.stack([s.quantities.by_shape for s in sessions])[:, a.segment_shape]
        costs = np.where(live, quantities * (a.segment_price * factors[a.segment_currency]), 0.0)
        # Segments are stored tariff by tariff: a tariff's sum is one slice of each row.
        sums = np.add.reduceat(costs, self._starts, axis=1)
        counted = np.add.reduceat(live.astype(np.int32), self._starts, axis=1)
        prices[:, self._owners] = np.where(counted > 0, sums, math.inf)
        prices[np.isnan(prices)] = math.inf
        return prices


@dataclass(frozen=True, slots=True)
class Session:
    """One session to screen: its restrictions' situation, its profile with its quantities
    cache, and the rows (a mask over the set) worth pricing."""

    situation: ChargeSituation
    profile: ChargingProfile
    quantities: ShapeQuantities
    rows: NDArray[np.bool_]


class ShapeQuantities(dict[tuple[object, ...], float]):
    """One profile's billable quantity per segment shape, shared by the screen (as an array by
    shape index) and the exact path (as core.pricing's quantity memo, keyed by shape)."""

    def __init__(self, index: dict[tuple[object, ...], int], by_shape: Floats) -> None:
        super().__init__()
        self.index = index
        self.by_shape = by_shape

    def get(self, key: tuple[object, ...], default: float | None = None) -> float | None:  # type: ignore[override]
        k = self.index.get(key)
        if k is not None and not math.isnan(self.by_shape[k]):
            return float(self.by_shape[k])
        return super().get(key, default)

    def __setitem__(self, key: tuple[object, ...], value: float) -> None:
        k = self.index.get(key)
        if k is not None:
            self.by_shape[k] = value
        super().__setitem__(key, value)


def _as_float(amount: object) -> float:
    value = float(amount)  # type: ignore[arg-type]
    return value if math.isfinite(value) else math.nan
