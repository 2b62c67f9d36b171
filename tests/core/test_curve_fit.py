"""Curves fitted to a maker's published charge time: the shape, the fit, and provenance.

Hand-worked example (50 kWh usable, 100 kW rated, DC efficiency 0.97, 150 kW charger), for the
family's curve with its knee at 50 %: (0, 70) (10, 100) (50, 100) (75, 50) (100, 15).
  10→50 %: 20 kWh flat at 100 kW: 20 / 0.97 / 100 h            = 12.371 min
  50→75 %: 12.5 kWh, 100→50 kW: 12.5/0.97 · ln(50/100)/(50-100) h = 10.719 min
  75→80 %: 2.5 kWh, 50→43 kW:   2.5/0.97 · ln(43/50)/(43-50) h   =  3.332 min
  10→80 %: 26.42 min. So a maker's "10-80 % in 26.42 min" must fit the knee back to 50 %.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from evcharge.core.charging import dc_duration_min
from evcharge.core.curve_fit import fit_curve, shaped_curve, with_curve_provenance
from evcharge.core.vehicles import (
    ASSUMED_RANGE_START_SOC_PCT,
    CurvePoint,
    CurveProvenance,
    DistanceUnit,
    RangeAdded,
    RangeBasis,
    ReferenceCharge,
    ReferenceKind,
    range_added_reference,
)
from tests.builders import make_vehicle

CAR = make_vehicle(usable_battery_size_kwh=50.0, dc_max_power_kw=100.0)


def reference(minutes: float, *, charger_kw: float = 150.0) -> ReferenceCharge:
    return ReferenceCharge(
        10, 80, charger_kw, minutes, "https://maker.example/spec", date(2026, 1, 1)
    )


def minutes_10_80(curve: tuple[CurvePoint, ...], charger_kw: float = 150.0) -> float:
    return dc_duration_min(CAR, curve, station_kw=charger_kw, soc_start_pct=10, soc_end_pct=80)


def test_the_shape_ramps_holds_to_the_knee_and_tapers() -> None:
    assert shaped_curve(100.0, 50.0) == (
        CurvePoint(0.0, 70.0), CurvePoint(10.0, 100.0), CurvePoint(50.0, 100.0),
        CurvePoint(75.0, 50.0), CurvePoint(100.0, 15.0),
    )  # fmt: skip


def test_the_hand_worked_time() -> None:
    assert minutes_10_80(shaped_curve(100.0, 50.0)) == pytest.approx(26.42, abs=0.005)


def test_the_fit_finds_the_knee_of_the_hand_worked_time() -> None:
    fitted = fit_curve(CAR, reference(26.42))
    assert fitted is not None
    assert fitted[2] == CurvePoint(pytest.approx(50.0, abs=0.1), 100.0)
    assert minutes_10_80(fitted) == pytest.approx(26.42, abs=0.05)


@pytest.mark.parametrize("minutes", [21.7, 24.0, 30.0, 37.0, 60.0, 90.0])
def test_every_feasible_figure_is_reproduced(minutes: float) -> None:
    # 21.65 min is the fastest possible (flat at 100 kW over 35 kWh / 0.97); slower figures are
    # met by an earlier knee, then by a lower peak.
    fitted = fit_curve(CAR, reference(minutes))
    assert fitted is not None
    assert minutes_10_80(fitted) == pytest.approx(minutes, rel=0.01)
    assert max(p.power_kw for p in fitted) <= 100.0


def test_a_figure_faster_than_the_rated_maximum_allows_is_not_fitted() -> None:
    assert fit_curve(CAR, reference(15.0)) is None


def test_a_figure_a_little_too_fast_gets_the_fastest_curve() -> None:
    # The fastest shape (knee at 95 %) is flat at 100 kW over 10-80 %: 21.649 min. A maker's
    # rounded "20 min" is 8 % faster: within the agreement, so that curve stands in.
    fitted = fit_curve(CAR, reference(20.0))
    assert fitted == shaped_curve(100.0, 95.0)
    assert minutes_10_80(fitted) == pytest.approx(21.649, abs=0.001)


def test_the_charger_named_by_the_maker_caps_the_fit() -> None:
    # At a 50 kW charger the fastest 10→80 % is 35 / 0.97 / 50 h = 43.30 min: 38 min is 14 %
    # faster than that, beyond the agreement.
    assert fit_curve(CAR, reference(38.0, charger_kw=50.0)) is None
    fitted = fit_curve(CAR, reference(45.0, charger_kw=50.0))
    assert fitted is not None
    assert minutes_10_80(fitted, charger_kw=50.0) == pytest.approx(45.0, rel=0.01)


def test_provenance_measured_fitted_or_default() -> None:
    measured = with_curve_provenance(CAR, measured=True)
    assert measured.curve_provenance is CurveProvenance.MEASURED
    assert measured.dc_charging_curve == CAR.dc_charging_curve
    fitted = with_curve_provenance(replace(CAR, reference_charge=reference(30.0)), measured=False)
    assert fitted.curve_provenance is CurveProvenance.FITTED_TO_PUBLISHED
    assert minutes_10_80(fitted.dc_charging_curve) == pytest.approx(30.0, rel=0.01)
    assert not fitted.dc_default_charging_curve
    unknown = with_curve_provenance(CAR, measured=False)
    assert unknown.curve_provenance is CurveProvenance.DEFAULT
    infeasible = with_curve_provenance(
        replace(CAR, reference_charge=reference(15.0)), measured=False
    )
    assert infeasible.curve_provenance is CurveProvenance.DEFAULT
    no_dc = replace(CAR, dc_max_power_kw=None, dc_ports=(), dc_charging_curve=())
    assert with_curve_provenance(no_dc, measured=False).curve_provenance is CurveProvenance.NONE


FLAT_100 = replace(CAR, dc_charging_curve=(CurvePoint(0, 100), CurvePoint(100, 100)))


def test_a_measured_curve_that_agrees_within_10_percent_is_kept() -> None:
    # Flat 100 kW: 35 kWh / 0.97 / 100 kW = 21.649 min; 23 min published is 5.9 % off.
    kept = with_curve_provenance(replace(FLAT_100, reference_charge=reference(23.0)), measured=True)
    assert kept.curve_provenance is CurveProvenance.MEASURED
    assert kept.dc_charging_curve == FLAT_100.dc_charging_curve


def test_a_measured_curve_that_contradicts_the_maker_is_scaled_to_its_figure() -> None:
    # 27 min published: the flat curve scales to 35 / 0.97 / (27 / 60) = 80.2 kW.
    scaled = with_curve_provenance(
        replace(FLAT_100, reference_charge=reference(27.0)), measured=True
    )
    assert scaled.curve_provenance is CurveProvenance.FITTED_TO_PUBLISHED
    assert [p.power_kw for p in scaled.dc_charging_curve] == [80.2, 80.2]
    assert minutes_10_80(scaled.dc_charging_curve) == pytest.approx(27.0, abs=0.05)


def test_a_measured_curve_no_factor_can_fix_stays_measured() -> None:
    # Faster than the rated 100 kW allows: no factor meets 15 min.
    kept = with_curve_provenance(replace(FLAT_100, reference_charge=reference(15.0)), measured=True)
    assert kept.curve_provenance is CurveProvenance.MEASURED


# A maker's range-added figure (core.vehicles.RangeAdded), worked by hand on CAR (50 kWh usable,
# 100 kW rated, DC efficiency 0.97): "up to 150 km (of 300 km WLTP) in 16.8 min".
#   share of the battery: 150 / 300 = 50 %; the maker states no start, so 10 % is assumed:
#   window 10 -> 60 %, 25 kWh into the battery.
# The family's curve with its knee at 40 %: (0, 70) (10, 100) (40, 100) (70, 50) (100, 15).
#   10→40 %: 15 kWh flat at 100 kW: 15 / 0.97 / 100 h                        =  9.278 min
#   40→60 %: 10 kWh, 100→66.67 kW: 10/0.97 · ln(66.67/100)/(66.67-100) h     =  7.524 min
#   10→60 %: 16.80 min. So the figure must fit the knee back to 40 %.
FIGURE = RangeAdded(150.0, 300.0, DistanceUnit.KM, RangeBasis.WLTP, start_soc_stated=False)


def range_reference(minutes: float, figure: RangeAdded = FIGURE, **start: float) -> ReferenceCharge:
    return range_added_reference(
        figure,
        charger_power_kw=150.0,
        duration_min=minutes,
        source_url="https://maker.example/spec",
        as_of=date(2026, 1, 1),
        **start,
    )


def test_a_range_figure_becomes_a_window_from_the_assumed_start() -> None:
    ref = range_reference(16.8)
    assert (ref.soc_from_pct, ref.soc_to_pct) == (ASSUMED_RANGE_START_SOC_PCT, 60.0) == (10, 60)
    assert ref.kind is ReferenceKind.RANGE_ADDED
    assert reference(30.0).kind is ReferenceKind.SOC_WINDOW


@pytest.mark.parametrize(
    ("added", "rated", "unit", "start", "window"),
    [
        # Chevrolet's 70 of 300 mi (EPA): 23.33 % -> 10 to 33.3 %.
        (70.0, 300.0, DistanceUnit.MI, None, (10.0, 33.3)),
        # Lucid's 300 of 517 mi: 58.03 % -> 10 to 68.0 %.
        (300.0, 517.0, DistanceUnit.MI, None, (10.0, 68.0)),
        # A start the maker states is used as it is: 20 + 150 / 300 = 70 %.
        (150.0, 300.0, DistanceUnit.KM, 20.0, (20.0, 70.0)),
    ],
)
def test_the_window_is_the_share_of_the_rated_range(
    added: float, rated: float, unit: DistanceUnit, start: float | None, window: tuple[float, float]
) -> None:
    figure = RangeAdded(added, rated, unit, RangeBasis.EPA, start_soc_stated=start is not None)
    ref = range_reference(10.0, figure, **({} if start is None else {"start_soc_pct": start}))
    assert (ref.soc_from_pct, ref.soc_to_pct) == window


def test_a_range_figure_past_a_full_battery_is_refused() -> None:
    with pytest.raises(ValueError, match="ends at 105"):
        range_reference(10.0, replace(FIGURE, added_distance=285.0))  # 10 + 95 %


def test_a_start_is_given_exactly_when_the_maker_states_one() -> None:
    # Otherwise an assumed 10 % could be stored as the maker's, or a given start as ours.
    with pytest.raises(ValueError, match="exactly when the maker states one"):
        range_reference(10.0, replace(FIGURE, start_soc_stated=True))
    with pytest.raises(ValueError, match="exactly when the maker states one"):
        range_reference(10.0, FIGURE, start_soc_pct=10.0)


def test_the_fit_reproduces_the_hand_worked_range_figure() -> None:
    car = replace(CAR, reference_charge=range_reference(16.8))
    fitted = with_curve_provenance(car, measured=False)
    assert fitted.curve_provenance is CurveProvenance.FITTED_TO_PUBLISHED
    assert fitted.dc_charging_curve[2] == CurvePoint(pytest.approx(40.0, abs=0.1), 100.0)
    minutes = dc_duration_min(
        CAR, fitted.dc_charging_curve, station_kw=150.0, soc_start_pct=10, soc_end_pct=60
    )
    assert minutes == pytest.approx(16.8, abs=0.05)


def test_an_assumed_start_never_rescales_a_measured_curve() -> None:
    # Flat 100 kW over 10→60 %: 25 / 0.97 / 100 h = 15.46 min; 20 min published is 29 % slower.
    assumed = replace(FLAT_100, reference_charge=range_reference(20.0))
    kept = with_curve_provenance(assumed, measured=True)
    assert kept.curve_provenance is CurveProvenance.MEASURED
    assert kept.dc_charging_curve == FLAT_100.dc_charging_curve
    # A start the maker states is the maker's window, which rescales as a window does:
    # 25 / 0.97 / (20 / 60) = 77.3 kW.
    stated = replace(FIGURE, start_soc_stated=True)
    scaled = with_curve_provenance(
        replace(FLAT_100, reference_charge=range_reference(20.0, stated, start_soc_pct=10.0)),
        measured=True,
    )
    assert scaled.curve_provenance is CurveProvenance.FITTED_TO_PUBLISHED
    assert [p.power_kw for p in scaled.dc_charging_curve] == [77.3, 77.3]
