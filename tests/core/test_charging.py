"""The charging simulator, against sessions integrated by hand."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evcharge.core.charging import (
    ChargingOptions,
    LossFactors,
    ac_power_kw,
    drawn_kw,
    simulate,
)
from evcharge.core.curves import default_ac_table
from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug
from evcharge.core.vehicles import AcPort, CurvePoint, DcPort
from tests.builders import make_vehicle

# make_vehicle(): 60 kWh, curve 0 %:120, 20 %:150, 50 %:140, 80 %:70, 100 %:11 kW, DC max 150.
CAR = make_vehicle()


def test_a_dc_charge_integrated_by_hand() -> None:
    # At a 100 kW charger, 20 -> 80 %, eta 0.97:
    #  20..50 %: curve 150->140 kW, capped at 100 kW.
    #  50..80 %: curve 140->70 kW crosses 100 kW at 50 + 40*30/70 = 67.142857 %.
    #  Constant part 20..67.142857 %: 60 x 0.47142857 = 28.285714 kWh in the battery,
    #    t = 28.285714 / (0.97 x 100) h = 0.2916053 h = 17.49632 min.
    #  Linear part 67.142857..80 %: 60 x 0.12857143 = 7.714286 kWh, power 100 -> 70 kW,
    #    t = 7.714286 / 0.97 x ln(70/100) / (70 - 100) h = 0.0945531 h = 5.673186 min.
    #  Total 23.16951 min; grid energy 36 / 0.97 = 37.113402 kWh.
    profile = simulate(CAR, plug=Plug.CCS, station_kw=100, soc_start_pct=20, soc_end_pct=80)
    assert profile.kind is EnergyType.DC
    assert profile.duration_min == pytest.approx(23.16951, abs=1e-4)
    assert profile.battery_energy_kwh == pytest.approx(36.0)
    assert profile.energy_kwh == pytest.approx(37.113402, abs=1e-6)
    assert max(s.power_kw for s in profile.slices) == pytest.approx(100.0)


def test_slices_are_contiguous_and_at_most_five_percent_wide() -> None:
    profile = simulate(CAR, plug=Plug.CCS, station_kw=300, soc_start_pct=10, soc_end_pct=90)
    for before, after in zip(profile.slices, profile.slices[1:], strict=False):
        assert after.start_min == pytest.approx(before.end_min)
        assert after.soc_start_pct == pytest.approx(before.soc_end_pct)
    assert all(s.soc_end_pct - s.soc_start_pct <= 5 + 1e-9 for s in profile.slices)


def test_the_vehicle_dc_maximum_caps_a_faster_charger() -> None:
    capped = make_vehicle(dc_max_power_kw=50.0)
    # 0 -> 50 % at min(curve >= 120, 50) = 50 kW: 30 kWh / (0.97 x 50) h = 37.113 min.
    profile = simulate(capped, plug=Plug.CCS, station_kw=350, soc_start_pct=0, soc_end_pct=50)
    assert profile.duration_min == pytest.approx(30 / (0.97 * 50) * 60)


def test_charge_points_drawing_the_same_power_charge_alike() -> None:
    # DC max 150 kW: a 300 and a 350 kW charger both cap the curve at 150; a 22 kW AC point and
    # an 11 kW one give this 11 kW car the same power (the bulk engine simulates them once).
    opts = ChargingOptions()
    assert drawn_kw(CAR, Plug.CCS, 300, opts) == drawn_kw(CAR, Plug.CCS, 350, opts) == 150
    assert drawn_kw(CAR, Plug.CCS, 100, opts) == 100
    assert drawn_kw(CAR, Plug.TYPE2, 22, opts) == drawn_kw(CAR, Plug.TYPE2, 11, opts) == 11
    for plug, fast, faster in ((Plug.CCS, 300, 350), (Plug.TYPE2, 11, 22)):
        a = simulate(CAR, plug=plug, station_kw=fast, soc_start_pct=10, soc_end_pct=90)
        b = simulate(CAR, plug=plug, station_kw=faster, soc_start_pct=10, soc_end_pct=90)
        assert a == b


def test_an_ac_charge_at_constant_power() -> None:
    # 3-phase 11 kW car at a 22 kW point draws 11 kW; 10 -> 90 % = 48 kWh battery,
    # eta 0.90: 53.333 kWh from the grid over 48 / (0.9 x 11) h = 290.909 min.
    profile = simulate(CAR, plug=Plug.TYPE2, station_kw=22, soc_start_pct=10, soc_end_pct=90)
    assert profile.energy_kwh == pytest.approx(48 / 0.9)
    assert profile.duration_min == pytest.approx(48 / (0.9 * 11) * 60)


ONE_PHASE = make_vehicle(
    ac_phases=1,
    ac_max_power_kw=7.4,
    ac_power_per_charging_point_kw=default_ac_table(phases=1, ac_max_power_kw=7.4),
)


@pytest.mark.parametrize(
    ("case", "vehicle", "station", "options", "expected_kw"),
    [
        # 1-phase 7.4 kW car at 22 kW: the table gives min(7.4, 1 x 0.23 x 32 = 7.36 -> 7.4).
        ("single phase at 22 kW, unbalanced load allowed", ONE_PHASE, 22.0,
         ChargingOptions(allow_unbalanced_load=True), 7.4),
        ("single phase at 22 kW, default: capped at 4.5 kW", ONE_PHASE, 22.0,
         ChargingOptions(), 4.5),
        ("single phase at 3.7 kW stays under the cap", ONE_PHASE, 3.7, ChargingOptions(), 3.7),
        # car_ac_phases=1 makes a 3-phase 11 kW car single-phase: 1 x 0.23 x 16 = 3.68 -> 3.7.
        ("car_ac_phases 1 overrides a 3-phase car at 11 kW", CAR, 11.0,
         ChargingOptions(car_ac_phases=1), 3.7),
        ("3-phase 11 kW car at 43 kW", CAR, 43.0, ChargingOptions(), 11.0),
        ("3-phase car at a 7.4 kW (single-phase) point", CAR, 7.4, ChargingOptions(), 7.4),
    ],
)  # fmt: skip
def test_ac_power(
    case: str, vehicle: object, station: float, options: ChargingOptions, expected_kw: float
) -> None:
    assert ac_power_kw(vehicle, station, options) == pytest.approx(expected_kw)  # type: ignore[arg-type]


def test_low_power_ac_loses_more() -> None:
    # 2.3 kW Schuko, eta 0.80 below 3.7 kW: 6 kWh battery (20 -> 30 %) costs 7.5 kWh.
    profile = simulate(CAR, plug=Plug.SCHUKO, station_kw=2.3, soc_start_pct=20, soc_end_pct=30)
    assert profile.energy_kwh == pytest.approx(7.5)
    assert profile.duration_min == pytest.approx(7.5 / 2.3 * 60)


def test_loss_factors_are_configurable() -> None:
    options = ChargingOptions(losses=LossFactors(dc=1.0))
    profile = simulate(
        CAR, plug=Plug.CCS, station_kw=50, soc_start_pct=0, soc_end_pct=10, options=options
    )
    assert profile.energy_kwh == pytest.approx(6.0)
    assert profile.duration_min == pytest.approx(6 / 50 * 60)


@pytest.mark.parametrize(
    ("case", "vehicle", "plug"),
    [
        ("no DC at all", make_vehicle(dc_ports=(), dc_max_power_kw=None, dc_charging_curve=()),
         Plug.CCS),
        ("CHAdeMO plug, CCS car", CAR, Plug.CHADEMO),
        ("Tesla-only Supercharger, non-Tesla", CAR, Plug.TESLA_SUC),
    ],
)  # fmt: skip
def test_no_dc_price_without_the_matching_inlet(case: str, vehicle: object, plug: Plug) -> None:
    with pytest.raises(InvalidInput, match="cannot charge"):
        simulate(vehicle, plug=plug, station_kw=50, soc_start_pct=20, soc_end_pct=80)  # type: ignore[arg-type]


def test_ac_adapters_are_assumed_for_every_ac_plug() -> None:
    type1_car = make_vehicle(ac_ports=(AcPort.TYPE1,))
    profile = simulate(type1_car, plug=Plug.TYPE2, station_kw=11, soc_start_pct=20, soc_end_pct=30)
    assert profile.energy_kwh > 0


def test_a_tesla_with_ccs_may_use_tesla_ccs_superchargers() -> None:
    from evcharge.core.ids import brand_id
    from evcharge.core.vehicles import Brand

    tesla = make_vehicle(brand=Brand(brand_id("Tesla"), "Tesla"), dc_ports=(DcPort.CCS,))
    assert simulate(tesla, plug=Plug.TESLA_CCS, station_kw=250, soc_start_pct=10, soc_end_pct=80)


@pytest.mark.parametrize(("start", "end"), [(80, 20), (50, 50), (-1, 50), (10, 101)])
def test_a_bad_battery_range_is_refused(start: float, end: float) -> None:
    with pytest.raises(InvalidInput, match="battery range"):
        simulate(CAR, plug=Plug.CCS, station_kw=50, soc_start_pct=start, soc_end_pct=end)


socs = st.floats(min_value=0, max_value=100, allow_nan=False)
powers = st.sampled_from([3.7, 11.0, 22.0, 50.0, 150.0, 350.0])


@given(a=socs, b=socs, c=socs, station=powers, dc=st.booleans())
def test_a_longer_battery_range_never_takes_less_time(
    a: float, b: float, c: float, station: float, dc: bool
) -> None:
    start, mid, end = sorted((a, b, c))
    if not (start < mid < end):
        return
    plug = Plug.CCS if dc else Plug.TYPE2
    short = simulate(CAR, plug=plug, station_kw=station, soc_start_pct=start, soc_end_pct=mid)
    long = simulate(CAR, plug=plug, station_kw=station, soc_start_pct=start, soc_end_pct=end)
    assert long.duration_min >= short.duration_min
    assert long.energy_kwh >= short.energy_kwh
    assert math.isfinite(long.duration_min)


# A curve ending at 0 kW (the Chevrolet Bolt's in open-ev-data): its last point counts as
# DC_POWER_FLOOR_KW = 1 kW, so 85 -> 100 % runs linearly from 16 to 1 kW. By hand:
# 58 kWh x 15 % = 8.7 kWh into the battery; t = 8.7 / 0.97 x ln(16 / 1) / (16 - 1) h
# = 8.969072 x 0.184839 h = 1.657837 h = 99.470 min.
BOLT = make_vehicle(
    usable_battery_size_kwh=58.0,
    dc_max_power_kw=55.0,
    dc_charging_curve=(CurvePoint(0, 55), CurvePoint(56, 38), CurvePoint(85, 16),
                       CurvePoint(100, 0)),
)  # fmt: skip


def test_a_curve_ending_at_0_kw_reaches_100_percent_at_the_floor_power() -> None:
    profile = simulate(BOLT, plug=Plug.CCS, station_kw=50, soc_start_pct=85, soc_end_pct=100)
    assert profile.duration_min == pytest.approx(99.470, abs=0.001)
    assert profile.slices[-1].soc_end_pct == 100
    assert all(math.isfinite(s.duration_min) and s.duration_min > 0 for s in profile.slices)
    assert profile.battery_energy_kwh == pytest.approx(8.7)


def test_a_nacs_level_2_post_charges_on_ac_like_any_ac_point() -> None:
    # A Tesla Destination post (NACS, AC): the 11 kW on-board charger, as at a Type 2 of 11 kW
    # (10 -> 90 %: 48 kWh / 0.9 = 53.333 kWh over 290.909 min), not the DC curve.
    nacs = simulate(
        CAR, plug=Plug.NACS, station_kw=11, soc_start_pct=10, soc_end_pct=90, kind=EnergyType.AC
    )
    type2 = simulate(CAR, plug=Plug.TYPE2, station_kw=11, soc_start_pct=10, soc_end_pct=90)
    assert nacs == type2
    assert nacs.kind is EnergyType.AC
    assert nacs.energy_kwh == pytest.approx(48 / 0.9)
    assert nacs.duration_min == pytest.approx(48 / (0.9 * 11) * 60)
    assert drawn_kw(CAR, Plug.NACS, 11, ChargingOptions(), EnergyType.AC) == 11
