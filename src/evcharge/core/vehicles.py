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


@dataclass(frozen=True, slots=True)
class ReferenceCharge:
    """A maker's published DC charge time: from `soc_from_pct` to `soc_to_pct` at a charger
    of `charger_power_kw` in `duration_min` minutes, per `source_url`, true as of `as_of`."""

    soc_from_pct: float
    soc_to_pct: float
    charger_power_kw: float
    duration_min: float
    source_url: str
    as_of: date


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
