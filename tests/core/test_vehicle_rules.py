from __future__ import annotations

from typing import Any

import pytest

from evcharge.core.errors import InvalidVehicle
from evcharge.core.v2x import Market, MarketV2x, SupportStatus, V2xFact
from evcharge.core.vehicle_rules import validate_vehicle
from evcharge.core.vehicles import CurvePoint, DcPort
from tests.builders import make_vehicle


def test_a_valid_vehicle_passes_unchanged() -> None:
    vehicle = make_vehicle()
    assert validate_vehicle(vehicle) is vehicle


def curve(*points: tuple[float, float]) -> tuple[CurvePoint, ...]:
    return tuple(CurvePoint(s, p) for s, p in points)


BROKEN: list[tuple[str, dict[str, Any], str]] = [
    (
        "curve starts above 0 %",
        {"dc_charging_curve": curve((5, 100), (100, 10))},
        "curve_soc_rising",
    ),
    (
        "curve ends below 100 %",
        {"dc_charging_curve": curve((0, 100), (90, 10))},
        "curve_soc_rising",
    ),
    (
        "curve SoC falls",
        {"dc_charging_curve": curve((0, 100), (50, 90), (40, 80), (100, 10))},
        "curve_soc_rising",
    ),
    (
        "curve SoC repeats",
        {"dc_charging_curve": curve((0, 100), (50, 90), (50, 80), (100, 10))},
        "curve_soc_rising",
    ),
    ("curve of one point", {"dc_charging_curve": curve((0, 100))}, "curve_soc_rising"),
    (
        "curve far above dc max",
        {"dc_charging_curve": curve((0, 100), (50, 400), (100, 10))},
        "curve_power_plausible",
    ),
    (
        "curve with zero kW",
        {"dc_charging_curve": curve((0, 0), (100, 10))},
        "curve_power_plausible",
    ),
    ("curve without DC", {"dc_max_power_kw": None, "dc_ports": ()}, "curve_without_dc"),
    ("DC power without ports", {"dc_ports": ()}, "dc_ports_consistent"),
    (
        "ports without DC power",
        {"dc_max_power_kw": None, "dc_charging_curve": ()},
        "dc_ports_consistent",
    ),
    ("2 MW DC", {"dc_max_power_kw": 2000.0}, "dc_power_plausible"),
    ("battery of 900 kWh", {"usable_battery_size_kwh": 900.0}, "battery_plausible"),
    ("four phases", {"ac_phases": 4}, "ac_phases"),
    ("AC of 100 kW", {"ac_max_power_kw": 100.0}, "ac_power_plausible"),
    ("22 kW AC on one phase", {"ac_phases": 1, "ac_max_power_kw": 22.0}, "ac_phases_consistent"),
    (
        "AC table needs three phases on a one-phase car",
        {"ac_phases": 1, "ac_max_power_kw": 7.4, "ac_power_per_charging_point_kw": {11.0: 7.4}},
        "ac_table_phases",
    ),
    (
        "AC table above the car's maximum",
        {"ac_power_per_charging_point_kw": {22.0: 22.0}},
        "ac_table_plausible",
    ),
    (
        "AC table above the charge point",
        {"ac_power_per_charging_point_kw": {3.7: 7.4}},
        "ac_table_plausible",
    ),
    (
        "consumption of 90 kWh/100 km",
        {"energy_consumption_kwh_per_100km": 90.0},
        "consumption_plausible",
    ),
    ("release year 1990", {"release_year": 1990}, "release_year_plausible"),
    (
        "V2X facts for a market where it is not sold",
        {"bidirectional": {Market.US: MarketV2x()}},
        "v2x_market_sold",
    ),
    (
        "V2X status without a source",
        {"bidirectional": {Market.UK: MarketV2x(v2l=V2xFact(SupportStatus.AVAILABLE, 3.6))}},
        "v2x_sourced",
    ),
    (
        "V2L of 500 kW",
        {
            "bidirectional": {
                Market.UK: MarketV2x(v2l=V2xFact(SupportStatus.AVAILABLE, 500, source_url="u"))
            }
        },
        "v2x_power_plausible",
    ),
]


@pytest.mark.parametrize(("case", "overrides", "rule"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_bad_record_is_rejected_naming_itself_and_the_rule(
    case: str, overrides: dict[str, Any], rule: str
) -> None:
    vehicle = make_vehicle(**overrides)
    with pytest.raises(InvalidVehicle) as caught:
        validate_vehicle(vehicle)
    assert caught.value.rule == rule
    assert "Testmark Volt One 60 kWh" in caught.value.message
    assert rule in caught.value.message


def test_a_us_single_phase_car_at_48_amps_is_plausible() -> None:
    # 240 V x 48 A = 11.5 kW on one phase (J1772 / NACS): valid in the US.
    vehicle = make_vehicle(
        ac_phases=1, ac_max_power_kw=11.5, ac_power_per_charging_point_kw={7.4: 7.4}
    )
    assert validate_vehicle(vehicle) is vehicle


def test_chademo_only_car_is_valid() -> None:
    vehicle = make_vehicle(
        dc_ports=(DcPort.CHADEMO,),
        dc_max_power_kw=50.0,
        dc_charging_curve=curve((0, 45), (80, 40), (100, 6)),
    )
    assert validate_vehicle(vehicle) is vehicle


def test_a_curve_may_end_at_0_kw_the_car_stopping_at_100_percent() -> None:
    curve = (CurvePoint(0, 55), CurvePoint(85, 16), CurvePoint(100, 0))
    vehicle = make_vehicle(dc_max_power_kw=55.0, dc_charging_curve=curve)
    assert validate_vehicle(vehicle) == vehicle


def test_0_kw_before_100_percent_is_still_rejected() -> None:
    curve = (CurvePoint(0, 55), CurvePoint(85, 0), CurvePoint(100, 10))
    with pytest.raises(InvalidVehicle, match="curve_power_plausible"):
        validate_vehicle(make_vehicle(dc_max_power_kw=55.0, dc_charging_curve=curve))
