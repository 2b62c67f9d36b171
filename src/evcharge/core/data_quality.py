"""How far the catalogue can be trusted: curves against the makers' published times, how
complete the V2X answers are, and how much of each market's best sellers it holds. Pure: the
report (cli/data.py) and the tests read the same numbers.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from evcharge.core.best_sellers import EUROPE_2025, BestSellerList, RankedModel, is_model
from evcharge.core.curve_fit import AGREEMENT, simulated_minutes
from evcharge.core.v2x import Market, MarketV2x, bidirectional_result
from evcharge.core.vehicles import CurveProvenance, ReferenceKind, Vehicle

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

    @property
    def kind(self) -> ReferenceKind:
        """A window the maker published, or one derived from range added."""
        reference = self.vehicle.reference_charge
        assert reference is not None  # a check exists only for a vehicle with a reference
        return reference.kind


def figure_kinds(vehicles: Iterable[Vehicle]) -> str:
    """What the makers published for these vehicles, for a report's cell: e.g. "window 2;
    range (start assumed) 1"; "-" when none has a figure."""
    counts = Counter(_figure_kind(v) for v in vehicles if v.reference_charge is not None)
    return "; ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "-"


def _figure_kind(vehicle: Vehicle) -> str:
    reference = vehicle.reference_charge
    assert reference is not None
    if reference.range_added is None:
        return "window"
    return "range" if reference.range_added.start_soc_stated else "range (start assumed)"


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

    @property
    def agreeing(self) -> int:
        """How many checks are within REFERENCE_TOLERANCE of the maker's figure."""
        return sum(1 for c in self.checks if c.agrees)

    def of_kind(self, kind: ReferenceKind) -> DataReport:
        """The report's checks against one kind of maker's figure, with the same measures."""
        checks = [c for c in self.checks if c.kind is kind]
        return DataReport(self.by_provenance, checks, self.v2x_complete)


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
class BestSellerCheck:
    """What a new user sees for a best seller's variants in `market`: each should have a
    complete V2X card and a charge time checked against its maker's figure."""

    best_seller: RankedModel
    variants: list[Vehicle]  # the model's variants sold in the market
    incomplete_v2x: list[Vehicle]
    unchecked_time: list[Vehicle]  # no maker figure, or one the curve misses

    @property
    def passes(self) -> bool:
        return bool(self.variants) and not self.incomplete_v2x and not self.unchecked_time


def best_seller_checks(
    vehicles: Iterable[Vehicle], market: Market = Market.EU
) -> list[BestSellerCheck]:
    """The check for each of Europe's ten best sellers (`EUROPE_2025`), on its variants sold in
    `market`."""
    sold = [v for v in vehicles if market in v.markets]
    checks = []
    for best in EUROPE_2025.models:
        of_model = [v for v in sold if is_model(v, best)]
        incomplete = [
            v for v in of_model if not _complete(v.bidirectional.get(market, MarketV2x()))
        ]
        unchecked = [v for v in of_model if not ((c := reference_check(v)) and c.agrees)]
        checks.append(BestSellerCheck(best, of_model, incomplete, unchecked))
    return checks


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of a best-seller list the catalogue holds: a listed model is covered when at
    least one vehicle sold in the list's market is that model (`best_sellers.is_model`)."""

    best_sellers: BestSellerList
    covered: list[tuple[RankedModel, list[Vehicle]]]  # each with its variants in the market
    missing: list[RankedModel]

    @property
    def listed(self) -> int:
        return len(self.best_sellers.models)


def coverage(vehicles: Iterable[Vehicle], best_sellers: BestSellerList) -> Coverage:
    sold = [v for v in vehicles if best_sellers.market in v.markets]
    covered: list[tuple[RankedModel, list[Vehicle]]] = []
    missing: list[RankedModel] = []
    for ranked in best_sellers.models:
        variants = [v for v in sold if is_model(v, ranked)]
        if variants:
            covered.append((ranked, variants))
        else:
            missing.append(ranked)
    return Coverage(best_sellers, covered, missing)
