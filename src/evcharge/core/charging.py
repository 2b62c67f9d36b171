"""The charging simulator: (vehicle, charge point, battery range) -> a charging profile.

Power drawn from the station at SoC s (data-sources.md §6.2):
    DC: P(s) = min(curve(s), station kW, vehicle DC max)
    AC: P = the vehicle's AC table at the station's power (or phases x current), constant,
        capped at 4.5 kW for a single-phase car unless unbalanced load is allowed.
The battery receives η·P; η comes from `LossFactors`. Each linear piece of P(s) is integrated
exactly: with P linear from P0 to P1 over a SoC step holding E kWh of battery,
    t = E / η · ln(P1/P0) / (P1 - P0)      (= E / (η·P0) when P1 = P0).
Slice times are minutes from the start of the session; the price engine adds the clock time.

A curve may end at 0 kW (100 %): the car stops there. With P reaching 0 the integral diverges
(ln 0), so 100 % would never be reached; the simulator counts any curve point below
`DC_POWER_FLOOR_KW` as that floor instead, which DC chargers deliver before they end a session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise

from evcharge.core.curves import ac_power_at_station_kw
from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug, energy_type, fits
from evcharge.core.vehicles import CurvePoint, Vehicle

# Chargeprice: with allow_unbalanced_load false, "power is restricted to 4.5 kW" for 1-phase cars.
SINGLE_PHASE_LIMIT_KW = 4.5
# Slices are at most this wide, so the engine can split them by time of day almost linearly.
MAX_SLICE_SOC_PCT = 5.0
# The least power a curve point counts for: a curve ending at 0 kW would take forever (above).
DC_POWER_FLOOR_KW = 1.0


@dataclass(frozen=True, slots=True)
class LossFactors:
    """Grid-to-battery efficiency per mode (data-sources.md §6.4): ADAC 2022 measured 6-10 %
    AC loss on 11 kW wallboxes and 13-24 % on 2.3 kW Schuko; ADAC 2025 measured 1-4 % on warm
    DC (6-10 % cold)."""

    ac: float = 0.90
    ac_low_power: float = 0.80
    ac_low_power_below_kw: float = 3.7
    dc: float = 0.97

    def efficiency(self, kind: EnergyType, power_kw: float) -> float:
        if kind is EnergyType.DC:
            return self.dc
        return self.ac_low_power if power_kw < self.ac_low_power_below_kw else self.ac


@dataclass(frozen=True, slots=True)
class ChargingOptions:
    car_ac_phases: int | None = None
    allow_unbalanced_load: bool = False
    losses: LossFactors = field(default_factory=LossFactors)


@dataclass(frozen=True, slots=True)
class ProfileSlice:
    start_min: float
    duration_min: float
    energy_kwh: float  # drawn from the grid: what the station meters and bills
    battery_energy_kwh: float
    soc_start_pct: float
    soc_end_pct: float

    @property
    def end_min(self) -> float:
        return self.start_min + self.duration_min

    @property
    def power_kw(self) -> float:
        return self.energy_kwh * 60 / self.duration_min if self.duration_min else 0.0


@dataclass(frozen=True, slots=True)
class ChargingProfile:
    kind: EnergyType
    slices: tuple[ProfileSlice, ...]
    # Totals, summed once: pricing asks for them per tariff and charge point.
    energy_kwh: float = field(init=False)
    battery_energy_kwh: float = field(init=False)
    peak_kw: float = field(init=False)  # the highest power the car draws in the session

    def __post_init__(self) -> None:
        set_total = object.__setattr__  # frozen: set once, here
        set_total(self, "energy_kwh", sum(s.energy_kwh for s in self.slices))
        set_total(self, "battery_energy_kwh", sum(s.battery_energy_kwh for s in self.slices))
        set_total(self, "peak_kw", max((s.power_kw for s in self.slices), default=0.0))

    @property
    def duration_min(self) -> float:
        return self.slices[-1].end_min if self.slices else 0.0


def simulator_inputs(vehicle: Vehicle) -> tuple[object, ...]:
    """Every vehicle field `simulate` reads: vehicles with equal inputs charge alike, so this
    keys a profile memo that survives a re-import changing the curve."""
    return (
        vehicle.id,
        vehicle.brand.name,  # plug fit
        vehicle.usable_battery_size_kwh,
        vehicle.ac_phases,
        vehicle.ac_ports,
        vehicle.ac_max_power_kw,
        tuple(sorted(vehicle.ac_power_per_charging_point_kw.items())),
        vehicle.dc_ports,
        vehicle.dc_max_power_kw,
        vehicle.dc_charging_curve,
    )


def ac_power_kw(vehicle: Vehicle, station_kw: float, options: ChargingOptions) -> float:
    phases = options.car_ac_phases or vehicle.ac_phases
    table = vehicle.ac_power_per_charging_point_kw
    if options.car_ac_phases is None and station_kw in table:
        power = table[station_kw]
    else:
        power = ac_power_at_station_kw(
            station_kw=station_kw, phases=phases, ac_max_power_kw=vehicle.ac_max_power_kw
        )
    power = min(power, station_kw, vehicle.ac_max_power_kw)
    if phases == 1 and not options.allow_unbalanced_load:
        power = min(power, SINGLE_PHASE_LIMIT_KW)
    return power


def simulate(
    vehicle: Vehicle,
    *,
    plug: Plug,
    station_kw: float,
    soc_start_pct: float,
    soc_end_pct: float,
    options: ChargingOptions | None = None,
    kind: EnergyType | None = None,
) -> ChargingProfile:
    """The profile of charging `vehicle` from `soc_start_pct` to `soc_end_pct` at this point;
    `kind` is the charge point's energy type (None: the plug's own, core/plugs.py)."""
    options = options or ChargingOptions()
    kind = kind or energy_type(plug)
    _check(vehicle, plug, kind, station_kw, soc_start_pct, soc_end_pct)
    power = drawn_kw(vehicle, plug, station_kw, options, kind)
    if kind is EnergyType.AC:
        pieces = [(soc_start_pct, power, soc_end_pct, power)]
    else:
        pieces = _dc_pieces(vehicle.dc_charging_curve, power, soc_start_pct, soc_end_pct)
    return ChargingProfile(kind, _integrate(vehicle, kind, pieces, options.losses))


def drawn_kw(
    vehicle: Vehicle,
    plug: Plug,
    station_kw: float,
    options: ChargingOptions,
    kind: EnergyType | None = None,
) -> float:
    """The power `simulate` charges at on AC, or caps the car's curve at on DC: two charge
    points of one energy type with the same drawn power give the same profile. `kind` as in
    `simulate`."""
    if (kind or energy_type(plug)) is EnergyType.AC:
        return ac_power_kw(vehicle, station_kw, options)
    return min(station_kw, vehicle.dc_max_power_kw or station_kw)


def dc_duration_min(
    vehicle: Vehicle,
    curve: tuple[CurvePoint, ...],
    *,
    station_kw: float,
    soc_start_pct: float,
    soc_end_pct: float,
    losses: LossFactors | None = None,
) -> float:
    """Minutes to charge `vehicle` on DC along `curve` (not necessarily its own) at a charger of
    `station_kw`: the same integration `simulate` bills, for fitting and checking curves."""
    cap = min(station_kw, vehicle.dc_max_power_kw or station_kw)
    pieces = _dc_pieces(curve, cap, soc_start_pct, soc_end_pct)
    slices = _integrate(vehicle, EnergyType.DC, pieces, losses or LossFactors())
    return sum(s.duration_min for s in slices)


def _check(
    vehicle: Vehicle, plug: Plug, kind: EnergyType, station_kw: float, start: float, end: float
) -> None:
    if not 0 <= start < end <= 100:
        raise InvalidInput(
            f"battery range must rise within 0..100 %, got {start:g} -> {end:g}",
            parameter="battery_range",
        )
    if station_kw <= 0:
        raise InvalidInput(f"charge point power must be positive, got {station_kw:g} kW")
    if not fits(vehicle, plug, kind):
        raise InvalidInput(f"{vehicle.label} cannot charge at a {plug.value} plug")


Piece = tuple[float, float, float, float]  # (soc0, kW0, soc1, kW1), power linear in SoC


def _dc_pieces(
    curve: tuple[CurvePoint, ...], cap_kw: float, start: float, end: float
) -> list[Piece]:
    """min(curve, cap) over [start, end] as linear pieces, broken where the curve crosses cap."""
    pieces: list[Piece] = []
    for left, right in pairwise(_floored(curve)):
        s0, s1 = max(left.soc_pct, start), min(right.soc_pct, end)
        if s1 <= s0:
            continue
        p0, p1 = _at(left, right, s0), _at(left, right, s1)
        cuts = [s0, s1]
        if (p0 - cap_kw) * (p1 - cap_kw) < 0:
            cuts.insert(1, s0 + (cap_kw - p0) * (s1 - s0) / (p1 - p0))
        for a, b in pairwise(cuts):
            pieces.append(
                (a, min(_at(left, right, a), cap_kw), b, min(_at(left, right, b), cap_kw))
            )
    return pieces


def _floored(curve: tuple[CurvePoint, ...]) -> tuple[CurvePoint, ...]:
    """The curve with every point at least DC_POWER_FLOOR_KW, so 1/P stays finite."""
    return tuple(CurvePoint(p.soc_pct, max(p.power_kw, DC_POWER_FLOOR_KW)) for p in curve)


def _at(left: CurvePoint, right: CurvePoint, soc: float) -> float:
    share = (soc - left.soc_pct) / (right.soc_pct - left.soc_pct)
    return left.power_kw + share * (right.power_kw - left.power_kw)


def _integrate(
    vehicle: Vehicle, kind: EnergyType, pieces: list[Piece], losses: LossFactors
) -> tuple[ProfileSlice, ...]:
    slices: list[ProfileSlice] = []
    clock_min = 0.0
    for s0, p0, s1, p1 in pieces:
        steps = max(1, math.ceil((s1 - s0) / MAX_SLICE_SOC_PCT - 1e-9))
        for i in range(steps):
            a, b = s0 + (s1 - s0) * i / steps, s0 + (s1 - s0) * (i + 1) / steps
            pa, pb = p0 + (p1 - p0) * (a - s0) / (s1 - s0), p0 + (p1 - p0) * (b - s0) / (s1 - s0)
            battery_kwh = vehicle.usable_battery_size_kwh * (b - a) / 100
            eta = losses.efficiency(kind, (pa + pb) / 2)
            hours = battery_kwh / eta * _inverse_mean_power(pa, pb)
            grid_kwh = battery_kwh / eta
            slices.append(ProfileSlice(clock_min, hours * 60, grid_kwh, battery_kwh, a, b))
            clock_min += hours * 60
    return tuple(slices)


def _inverse_mean_power(p0: float, p1: float) -> float:
    """The mean of 1/P over a piece where P runs linearly from p0 to p1 (both > 0)."""
    if math.isclose(p0, p1, rel_tol=1e-12):
        return 1 / p0
    return math.log(p1 / p0) / (p1 - p0)
