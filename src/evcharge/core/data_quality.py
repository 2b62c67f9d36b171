"""How far the catalogue can be trusted: curves against the makers' published times, and how
complete the V2X answers are. Pure: the report (cli/data.py) and the tests read the same numbers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from evcharge.core.curve_fit import AGREEMENT, simulated_minutes
from evcharge.core.v2x import Market, MarketV2x, bidirectional_result
from evcharge.core.vehicles import CurveProvenance, Vehicle

# A curve agrees with its maker when its simulated time is within this share of the figure.
REFERENCE_TOLERANCE = AGREEMENT


@dataclass(frozen=True, slots=True)
class ReferenceCheck:
    vehicle: Vehicle
    published_min: float
    simulated_min: float

    @property
    def error(self) -> float:
        """Signed relative error: +0.1 means the simulation is 10 % slower than the maker."""
        return (self.simulated_min - self.published_min) / self.published_min

    @property
    def agrees(self) -> bool:
        return abs(self.error) <= REFERENCE_TOLERANCE


def reference_check(vehicle: Vehicle) -> ReferenceCheck | None:
    """The vehicle's curve simulated over its maker's reference window; None without one."""
    ref = vehicle.reference_charge
    if ref is None or not vehicle.dc_charging_curve:
        return None
    simulated = simulated_minutes(vehicle, vehicle.dc_charging_curve, ref)
    return ReferenceCheck(vehicle, ref.duration_min, simulated)


@dataclass(frozen=True, slots=True)
class DataReport:
    by_provenance: dict[CurveProvenance, int]
    checks: list[ReferenceCheck]
    v2x_complete: dict[Market, tuple[int, int]]  # market -> (complete answers, answers)

    @property
    def median_error(self) -> float | None:
        return statistics.median(abs(c.error) for c in self.checks) if self.checks else None

    @property
    def worst(self) -> ReferenceCheck | None:
        return max(self.checks, key=lambda c: abs(c.error), default=None)


def data_report(vehicles: Iterable[Vehicle]) -> DataReport:
    listed = list(vehicles)
    counts = Counter(v.curve_provenance for v in listed)
    checks = [c for c in (reference_check(v) for v in listed) if c is not None]
    complete: dict[Market, tuple[int, int]] = {}
    for market in Market:
        sold = [v for v in listed if market in v.markets]
        full = sum(1 for v in sold if _complete(v.bidirectional.get(market, MarketV2x())))
        complete[market] = (full, len(sold))
    return DataReport({p: counts.get(p, 0) for p in CurveProvenance}, checks, complete)


def _complete(facts: MarketV2x) -> bool:
    return not bidirectional_result(facts)[1]


@dataclass(frozen=True, slots=True)
class BestSeller:
    """A best-selling model, as its sources name it; `model_keys` are the catalogue's names of
    it after `model_key` normalisation."""

    brand: str
    model: str
    model_keys: frozenset[str]


# Europe's best-selling BEV models: the 2025 full year by Dataforce (Model Y 151,331, Elroq
# 94,106, Model 3 86,261, ID.4 80,123, ID.3 78,667, ID.7 76,368), reported by EV Central
# (https://evcentral.com.au/volkswagen-knocks-tesla-off-top-spot-in-europe-id-3-id-4-and-id-7-
# deliver-big-growth-as-demand-slows-for-model-3-and-model-y, January 2026); Enyaq 52,650 and
# ID.4 with ID.5 66,000 in January-September 2025 by Schmidt Automotive Research
# (https://thrustzoneindia.com/industry-news/59/vw-group-and-newcomers-challenge-tesla-in-
# dynamic-european-ev-market/); Renault 5 over 67,000 in January-October 2025
# (https://thenewswheel.com/tesla-top-10-evs-europe).
BEST_SELLERS_EUROPE = (
    BestSeller("Tesla", "Model Y", frozenset({"modely"})),
    BestSeller("Škoda", "Elroq", frozenset({"elroq"})),
    BestSeller("Tesla", "Model 3", frozenset({"model3"})),
    BestSeller("Volkswagen", "ID.4", frozenset({"id4"})),
    BestSeller("Volkswagen", "ID.3", frozenset({"id3"})),
    BestSeller("Volkswagen", "ID.7", frozenset({"id7", "id7tourer"})),
    BestSeller("Škoda", "Enyaq", frozenset({"enyaq", "enyaqiv", "enyaqcoupe"})),
    BestSeller("Renault", "5", frozenset({"5etechelectric", "5etech", "r5"})),
    BestSeller("Volkswagen", "ID.5", frozenset({"id5"})),
)


@dataclass(frozen=True, slots=True)
class BestSellerCheck:
    """What a new user sees for a best seller's variants in `market`: each should have a
    complete V2X card and a charge time checked against its maker's figure."""

    best_seller: BestSeller
    variants: list[Vehicle]  # the model's variants sold in the market
    incomplete_v2x: list[Vehicle]
    unchecked_time: list[Vehicle]  # no maker figure, or one the curve misses

    @property
    def passes(self) -> bool:
        return bool(self.variants) and not self.incomplete_v2x and not self.unchecked_time


def best_seller_checks(
    vehicles: Iterable[Vehicle], market: Market = Market.EU
) -> list[BestSellerCheck]:
    from evcharge.core.vehicle_matching import model_key  # the matching rule's normalisation

    sold = [v for v in vehicles if market in v.markets]
    checks = []
    for best in BEST_SELLERS_EUROPE:
        of_model = [
            v for v in sold if v.brand.name == best.brand and model_key(v.model) in best.model_keys
        ]
        incomplete = [
            v for v in of_model if not _complete(v.bidirectional.get(market, MarketV2x()))
        ]
        unchecked = [v for v in of_model if not ((c := reference_check(v)) and c.agrees)]
        checks.append(BestSellerCheck(best, of_model, incomplete, unchecked))
    return checks
