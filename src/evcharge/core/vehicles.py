"""Vehicles with their charging capabilities: the catalogue's core types.

Field names follow Chargeprice's v2 vehicle model with units added (reference §3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from evcharge.core.v2x import Bidirectional, Market


class VehicleType(StrEnum):
    CAR = "car"
    VAN = "van"
    MOTORBIKE = "motorbike"


class EvType(StrEnum):
    BEV = "bev"
    PHEV = "phev"


class AcPort(StrEnum):
    TYPE1 = "type1"
    TYPE2 = "type2"
    # NACS carries AC too (Tesla North America, Cybertruck).
    NACS = "nacs"


class DcPort(StrEnum):
    CCS = "ccs"
    CCS1 = "ccs1"
    CHADEMO = "chademo"
    TESLA_SUC = "tesla_suc"
    TESLA_CCS = "tesla_ccs"
    NACS = "nacs"


# Station ratings of Chargeprice's `ac_power_per_charging_point` table, in kW.
AC_STATION_POWERS_KW: tuple[float, ...] = (2.0, 2.3, 3.7, 7.4, 11.0, 16.0, 22.0, 43.0)


@dataclass(frozen=True, slots=True)
class CurvePoint:
    soc_pct: float
    power_kw: float


class CurveProvenance(StrEnum):
    """How a vehicle's DC curve was obtained."""

    MEASURED = "measured"  # a curve measured on the car (a test or a maker's chart)
    FITTED_TO_PUBLISHED = "fitted_to_published"  # fitted so its time equals the maker's figure
    DEFAULT = "default"  # Chargeprice's default-curve rule: no measurement, no maker figure
    NONE = "none"  # the car cannot charge on DC, so it has no DC curve to obtain


class ReferenceKind(StrEnum):
    """What a maker published: a state-of-charge window, or range added in some minutes."""

    SOC_WINDOW = "soc_window"  # "10-80 % in 18 min": the window is the maker's own
    RANGE_ADDED = "range_added"  # "up to 282 km in 15 min": the window is derived from it


class RangeBasis(StrEnum):
    """The test cycle a range is rated on; a range figure and its rated range share one."""

    WLTP = "wltp"
    EPA = "epa"


class DistanceUnit(StrEnum):
    KM = "km"
    MI = "mi"


# Makers that publish "range added in N minutes" (Tesla, GM, Lucid, Rivian) do not say from
# which state of charge. Such "up to" figures are peak figures: the most range a stop can add,
# which a car reaches from a low battery, preconditioned, before its taper. 10 % is where every
# maker that does publish a window starts its fast-charge figure (10-80 %), and where
# independent fast-charge tests start; starting at 0 % would add the ramp-up below 10 % that
# "up to" figures leave out. So a range figure is read as charging from 10 %, and the reference
# says the start is assumed (`RangeAdded.start_soc_stated`), never the maker's.
ASSUMED_RANGE_START_SOC_PCT = 10.0


@dataclass(frozen=True, slots=True)
class RangeAdded:
    """A maker's "up to `added_distance` in N minutes" figure, and the rated range on the same
    basis that makes it a share of the battery: a car's range estimate is its state of charge
    times its rated range, so the figure adds added / rated of the usable battery.

    Why the rated range and not distance x rated consumption: WLTP and EPA consumption is
    measured at the wall and includes the charging losses (10-15 %), so it would overstate
    the energy the battery gains; the rated range is what the usable battery itself gives.
    `start_soc_stated` is False when the maker does not state the start (see
    ASSUMED_RANGE_START_SOC_PCT)."""

    added_distance: float
    rated_distance: float
    distance_unit: DistanceUnit
    basis: RangeBasis
    start_soc_stated: bool

    @property
    def battery_share_pct(self) -> float:
        """The share of the usable battery the figure adds, in % of it."""
        return 100.0 * self.added_distance / self.rated_distance


@dataclass(frozen=True, slots=True)
class ReferenceCharge:
    """A maker's published DC charge time: from `soc_from_pct` to `soc_to_pct` at a charger
    of `charger_power_kw` in `duration_min` minutes, per `source_url`, true as of `as_of`.

    With `range_added` the maker published range added, not a window: the window is derived
    from it (`range_added_reference`), and `kind` says so wherever the reference is shown."""

    soc_from_pct: float
    soc_to_pct: float
    charger_power_kw: float
    duration_min: float
    source_url: str
    as_of: date
    range_added: RangeAdded | None = None

    @property
    def kind(self) -> ReferenceKind:
        return ReferenceKind.SOC_WINDOW if self.range_added is None else ReferenceKind.RANGE_ADDED


def range_added_reference(
    figure: RangeAdded,
    *,
    charger_power_kw: float,
    duration_min: float,
    source_url: str,
    as_of: date,
    start_soc_pct: float | None = None,
) -> ReferenceCharge:
    """The reference window of a range-added figure: from `start_soc_pct`, the maker's stated
    start (given exactly when `figure.start_soc_stated`), else the assumed 10 %, up by the share
    of the battery the figure adds, rounded to 0.1 % as windows are stored. Raises ValueError
    past 100 %, or when a start is given for a figure that states none or the reverse (an
    assumed start must never be labelled the maker's)."""
    if figure.start_soc_stated != (start_soc_pct is not None):
        raise ValueError(
            "a start state of charge is given exactly when the maker states one: "
            f"start_soc_stated={figure.start_soc_stated}, start_soc_pct={start_soc_pct}"
        )
    start = ASSUMED_RANGE_START_SOC_PCT if start_soc_pct is None else start_soc_pct
    soc_to_pct = round(start + figure.battery_share_pct, 1)
    if not 0.0 <= start < soc_to_pct <= 100.0:
        raise ValueError(
            f"{figure.added_distance:g} of {figure.rated_distance:g} {figure.distance_unit} "
            f"from {start:g} % ends at {soc_to_pct:g} %"
        )
    return ReferenceCharge(
        soc_from_pct=start,
        soc_to_pct=soc_to_pct,
        charger_power_kw=charger_power_kw,
        duration_min=duration_min,
        source_url=source_url,
        as_of=as_of,
        range_added=figure,
    )


@dataclass(frozen=True, slots=True)
class Brand:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Vehicle:
    """One vehicle variant: `id` is the public UUID, `evdb_vehicle_id` the stable integer id."""

    id: str
    evdb_vehicle_id: int
    brand: Brand
    model: str
    variant: str
    release_year: int | None
    vehicle_type: VehicleType
    ev_type: EvType
    usable_battery_size_kwh: float
    ac_phases: int
    ac_ports: tuple[AcPort, ...]
    ac_max_power_kw: float
    ac_power_per_charging_point_kw: dict[float, float]
    dc_ports: tuple[DcPort, ...]
    dc_max_power_kw: float | None
    dc_charging_curve: tuple[CurvePoint, ...]
    dc_default_charging_curve: bool
    energy_consumption_kwh_per_100km: float | None
    markets: tuple[Market, ...] = (Market.UK, Market.EU, Market.US)
    bidirectional: Bidirectional = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    curve_provenance: CurveProvenance = CurveProvenance.MEASURED
    reference_charge: ReferenceCharge | None = None

    @property
    def label(self) -> str:
        """How people name it: brand, model, variant and year (EVMap#268: variants must differ)."""
        words = " ".join(w for w in (self.brand.name, self.model, self.variant) if w)
        return f"{words} ({self.release_year})" if self.release_year else words
