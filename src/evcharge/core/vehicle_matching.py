"""When two records describe the same real vehicle variant, and which of them to keep.

The rule (README, "How imports merge"): a record matches a stored vehicle when

- the canonical brand is the same (`core.brands`) and so is the vehicle type and BEV/PHEV;
- the model is the same after normalisation (case, accents, spaces and punctuation ignored:
  "IONIQ 5" = "Ioniq 5" = "ioniq-5");
- the usable battery differs by at most `BATTERY_TOLERANCE_KWH` (sources disagree on net vs
  gross by about that much, while real variants of one model differ by 5 kWh or more);
- the drivetrain does not contradict (one says AWD, the other RWD/FWD); unknown matches both;
- they are sold in at least one common market (a US-only variant is not the European one);
- the model years are at most `MODEL_YEAR_GAP` apart, or one is unknown: the curated set and
  the 2021 dataset name a variant by its launch year, the 2025 dataset repeats it every year.

Among several matches the closest wins: the nearest model year (an earlier one on a tie, the
variant on sale at the time), then the nearest battery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evcharge.core.names import words
from evcharge.core.v2x import Market
from evcharge.core.vehicles import CurveProvenance, EvType, Vehicle, VehicleType

BATTERY_TOLERANCE_KWH = 2.0
MODEL_YEAR_GAP = 4
_ALL_WHEEL = re.compile(
    r"\b(awd|4wd|4x4|all wheel|dual motor|twin motor|quattro|4motion|4matic|xdrive|e four)\b"
)
_TWO_WHEEL = re.compile(r"\b(rwd|fwd|2wd|rear wheel|front wheel|single motor)\b")
# How much a record tells about charging: a measured curve beats a fitted one beats the rule.
_CURVE_RANK = {
    CurveProvenance.MEASURED: 2,
    CurveProvenance.FITTED_TO_PUBLISHED: 1,
    CurveProvenance.DEFAULT: 0,
    CurveProvenance.NONE: 0,
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored vehicle, as much of it as matching needs."""

    vehicle_id: str
    source: str
    source_key: str
    label: str
    brand_id: str
    model: str
    variant: str
    release_year: int | None
    vehicle_type: VehicleType
    ev_type: EvType
    usable_battery_size_kwh: float
    markets: tuple[Market, ...]
    richness: tuple[int, ...]
    sources: tuple[str, ...] = ()  # its own source URLs, not those attached to it


def model_key(model: str) -> str:
    """The model without case, accents, spaces or punctuation: "IONIQ 5" -> "ioniq5"."""
    return "".join(words(model))


def drivetrain(variant: str) -> str | None:
    """ "awd", "2wd", or None when the variant's name does not say."""
    spaced = " ".join(words(variant))
    if _ALL_WHEEL.search(spaced):
        return "awd"
    if _TWO_WHEEL.search(spaced):
        return "2wd"
    return None


def richness(vehicle: Vehicle) -> tuple[int, ...]:
    """Orders records of one variant by what they tell: the curve's provenance first, then
    whether consumption and DC are known. The richer record is the one kept."""
    return (
        _CURVE_RANK[vehicle.curve_provenance],
        int(vehicle.energy_consumption_kwh_per_100km is not None),
        int(vehicle.dc_max_power_kw is not None),
    )


def _years_close(a: int | None, b: int | None) -> bool:
    return a is None or b is None or abs(a - b) <= MODEL_YEAR_GAP


def _drivetrains_agree(a: str, b: str) -> bool:
    one, other = drivetrain(a), drivetrain(b)
    return one is None or other is None or one == other


def _brand_id(record: Vehicle | Candidate) -> str:
    return record.brand_id if isinstance(record, Candidate) else record.brand.id


def same_variant(record: Vehicle | Candidate, candidate: Candidate) -> bool:
    """True when `record` and `candidate` describe the same real variant (module docstring).
    `record` may be a stored vehicle too: a newly curated vehicle claims stored imports."""
    return (
        _brand_id(record) == candidate.brand_id
        and model_key(record.model) == model_key(candidate.model)
        and record.vehicle_type is candidate.vehicle_type
        and record.ev_type is candidate.ev_type
        and abs(record.usable_battery_size_kwh - candidate.usable_battery_size_kwh)
        <= BATTERY_TOLERANCE_KWH
        and _drivetrains_agree(record.variant, candidate.variant)
        and bool(set(record.markets) & set(candidate.markets))
        and _years_close(record.release_year, candidate.release_year)
    )


def closest(record: Vehicle | Candidate, candidates: list[Candidate]) -> Candidate | None:
    """The matching candidate nearest to `record` (module docstring), or None."""
    matches = [c for c in candidates if same_variant(record, c)]
    if not matches:
        return None
    return min(matches, key=lambda c: _distance(record, c))


def _distance(record: Vehicle | Candidate, c: Candidate) -> tuple[int, int, float, str]:
    if record.release_year is None or c.release_year is None:
        year_gap, later = 0, 0
    else:
        year_gap, later = (
            abs(record.release_year - c.release_year),
            int(c.release_year > record.release_year),
        )
    battery_gap = abs(record.usable_battery_size_kwh - c.usable_battery_size_kwh)
    return year_gap, later, battery_gap, c.vehicle_id
