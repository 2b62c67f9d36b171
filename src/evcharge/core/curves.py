"""DC charging curves and AC power tables: the documented default rules.

Sources: chargeprice-api.md §3/§5 and data-sources.md §6 (default curve; AC table pattern).
"""

from __future__ import annotations

from itertools import pairwise

from evcharge.core.vehicles import AC_STATION_POWERS_KW, CurvePoint

# Station ratings up to 7.4 kW are single-phase; above, three-phase at these currents (A/phase).
_SINGLE_PHASE_MAX_STATION_KW = 7.4
THREE_PHASE_CURRENT_A: dict[float, float] = {11.0: 16.0, 16.0: 23.2, 22.0: 32.0, 43.0: 62.3}
PHASE_VOLTAGE_KV = 0.23


def default_curve(*, dc_max_power_kw: float, ac_max_power_kw: float) -> tuple[CurvePoint, ...]:
    """Chargeprice's default-curve rule: 0 % → 0.95·dc_max, 75 % → dc_max, 100 % → ac_max."""
    return (
        CurvePoint(0.0, round(0.95 * dc_max_power_kw, 2)),
        CurvePoint(75.0, dc_max_power_kw),
        CurvePoint(100.0, ac_max_power_kw),
    )


def ac_power_at_station_kw(*, station_kw: float, phases: int, ac_max_power_kw: float) -> float:
    """The power a car draws at an AC station of `station_kw`, by the table's documented pattern."""
    if station_kw <= _SINGLE_PHASE_MAX_STATION_KW:
        return min(ac_max_power_kw, station_kw)
    current_a = THREE_PHASE_CURRENT_A.get(station_kw, station_kw / (3 * PHASE_VOLTAGE_KV))
    return round(min(ac_max_power_kw, phases * PHASE_VOLTAGE_KV * current_a), 1)


def default_ac_table(*, phases: int, ac_max_power_kw: float) -> dict[float, float]:
    return {
        kw: ac_power_at_station_kw(station_kw=kw, phases=phases, ac_max_power_kw=ac_max_power_kw)
        for kw in AC_STATION_POWERS_KW
    }


def power_at_soc_kw(curve: tuple[CurvePoint, ...], soc_pct: float) -> float:
    """Linear interpolation of a validated curve (SoC rising from 0 to 100)."""
    if soc_pct <= curve[0].soc_pct:
        return curve[0].power_kw
    for left, right in pairwise(curve):
        if soc_pct <= right.soc_pct:
            share = (soc_pct - left.soc_pct) / (right.soc_pct - left.soc_pct)
            return left.power_kw + share * (right.power_kw - left.power_kw)
    return curve[-1].power_kw
