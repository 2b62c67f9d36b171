"""Validation of a vehicle record: every rule names itself so a rejection says what broke."""

from __future__ import annotations

from itertools import pairwise

from evcharge.core.curves import PHASE_VOLTAGE_KV, THREE_PHASE_CURRENT_A
from evcharge.core.errors import InvalidVehicle
from evcharge.core.v2x import SupportStatus
from evcharge.core.vehicles import Vehicle

# Plausibility bounds. The widest real values we know: 0.8 kWh scooters to ~250 kWh trucks,
# 1 MW (MCS-class) DC, 22 kW three-phase EU AC and 19.2 kW (80 A) single-phase US AC.
BATTERY_KWH = (0.5, 250.0)
DC_KW = (1.0, 1000.0)
AC_KW = (0.5, 43.5)
AC_MAX_PER_PHASE_KW = 19.2
CONSUMPTION_KWH_PER_100KM = (3.0, 60.0)
V2X_KW = (0.1, 50.0)
# The AC table is the pattern's value at most; the pattern itself is only ±0.35 kW exact.
AC_TABLE_TOLERANCE_KW = 0.35
# Published curves are the car's capability; allow a little above the rated maximum.
CURVE_OVER_MAX = 1.05


def validate_vehicle(v: Vehicle) -> Vehicle:
    """Return `v` unchanged if it passes every rule, else raise InvalidVehicle naming the rule."""
    for rule in (_battery, _ac, _ac_table, _dc, _curve, _consumption, _v2x, _year):
        rule(v)
    return v


def _fail(v: Vehicle, rule: str, detail: str) -> InvalidVehicle:
    return InvalidVehicle(v.label, rule, detail)


def _between(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _battery(v: Vehicle) -> None:
    if not _between(v.usable_battery_size_kwh, BATTERY_KWH):
        raise _fail(v, "battery_plausible", f"usable battery {v.usable_battery_size_kwh} kWh")


def _year(v: Vehicle) -> None:
    if v.release_year is not None and not 2008 <= v.release_year <= 2030:
        raise _fail(v, "release_year_plausible", f"release year {v.release_year}")


def _ac(v: Vehicle) -> None:
    if v.ac_phases not in (1, 2, 3):
        raise _fail(v, "ac_phases", f"ac_phases must be 1, 2 or 3, got {v.ac_phases}")
    if not _between(v.ac_max_power_kw, AC_KW):
        raise _fail(v, "ac_power_plausible", f"ac_max_power {v.ac_max_power_kw} kW")
    if v.ac_max_power_kw > v.ac_phases * AC_MAX_PER_PHASE_KW:
        raise _fail(
            v,
            "ac_phases_consistent",
            f"{v.ac_max_power_kw} kW AC is more than {v.ac_phases} phase(s) can carry",
        )


def _ac_table(v: Vehicle) -> None:
    for station_kw, car_kw in v.ac_power_per_charging_point_kw.items():
        if car_kw < 0 or car_kw > v.ac_max_power_kw + AC_TABLE_TOLERANCE_KW:
            raise _fail(
                v, "ac_table_plausible", f"{car_kw} kW at a {station_kw} kW point exceeds ac_max"
            )
        if car_kw > station_kw + AC_TABLE_TOLERANCE_KW:
            raise _fail(
                v, "ac_table_plausible", f"{car_kw} kW at a {station_kw} kW point exceeds the point"
            )
        current_a = THREE_PHASE_CURRENT_A.get(station_kw)
        if current_a is not None:
            phase_limit_kw = v.ac_phases * PHASE_VOLTAGE_KV * current_a
            if car_kw > phase_limit_kw + AC_TABLE_TOLERANCE_KW:
                raise _fail(
                    v,
                    "ac_table_phases",
                    f"{car_kw} kW at a {station_kw} kW point needs more than "
                    f"{v.ac_phases} phase(s) ({phase_limit_kw:.1f} kW)",
                )


def _dc(v: Vehicle) -> None:
    has_ports = bool(v.dc_ports)
    if (v.dc_max_power_kw is None) == has_ports:
        raise _fail(v, "dc_ports_consistent", "dc_max_power and dc_ports must be given together")
    if v.dc_max_power_kw is not None and not _between(v.dc_max_power_kw, DC_KW):
        raise _fail(v, "dc_power_plausible", f"dc_max_power {v.dc_max_power_kw} kW")


def _curve(v: Vehicle) -> None:
    curve = v.dc_charging_curve
    if v.dc_max_power_kw is None:
        if curve:
            raise _fail(v, "curve_without_dc", "a DC curve needs DC charging")
        return
    if len(curve) < 2:
        raise _fail(v, "curve_soc_rising", "a DC curve needs at least 2 points")
    if curve[0].soc_pct != 0 or curve[-1].soc_pct != 100:
        raise _fail(v, "curve_soc_rising", "SoC must run from 0 to 100")
    for left, right in pairwise(curve):
        if right.soc_pct <= left.soc_pct:
            raise _fail(
                v, "curve_soc_rising", f"SoC {right.soc_pct} follows {left.soc_pct}: not rising"
            )
    ceiling_kw = v.dc_max_power_kw * CURVE_OVER_MAX
    for point in curve[:-1]:
        if not 0 < point.power_kw <= ceiling_kw:
            raise _fail(
                v,
                "curve_power_plausible",
                f"{point.power_kw} kW at {point.soc_pct} % is outside (0, {ceiling_kw:.0f}] kW",
            )
    # 0 kW at 100 % says the car stops there (measured curves do, e.g. the Chevrolet Bolt's);
    # the simulator integrates it with a floor (core.charging.DC_POWER_FLOOR_KW).
    last = curve[-1]
    if not 0 <= last.power_kw <= ceiling_kw:
        raise _fail(
            v,
            "curve_power_plausible",
            f"{last.power_kw} kW at {last.soc_pct} % is outside [0, {ceiling_kw:.0f}] kW",
        )


def _consumption(v: Vehicle) -> None:
    value = v.energy_consumption_kwh_per_100km
    if value is not None and not _between(value, CONSUMPTION_KWH_PER_100KM):
        raise _fail(v, "consumption_plausible", f"{value} kWh/100 km")


def _v2x(v: Vehicle) -> None:
    for market, facts in v.bidirectional.items():
        if market not in v.markets:
            raise _fail(v, "v2x_market_sold", f"V2X facts for {market}, where it is not sold")
        for name in ("v2l", "v2h_ac", "v2h_dc", "v2g_ac", "v2g_dc"):
            fact = getattr(facts, name)
            if fact.power_kw is not None and not _between(fact.power_kw, V2X_KW):
                raise _fail(v, "v2x_power_plausible", f"{market} {name} {fact.power_kw} kW")
            if fact.status is not SupportStatus.UNKNOWN and not fact.source_url:
                raise _fail(v, "v2x_sourced", f"{market} {name} has a status but no source URL")
