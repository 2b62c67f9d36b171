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
