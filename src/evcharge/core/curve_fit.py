"""A DC curve fitted to a maker's published charge time, where no measured curve exists.

The shape is the one measured curves share (data-sources.md §6): power ramps up from 70 % of
the peak at 0 % SoC to the peak at 10 %, holds it to a knee, then tapers: to half the peak
halfway from the knee to 100 %, and to 15 % of the peak at 100 %. The peak is the car's rated
DC maximum. Two numbers are fitted, in this order, by bisection on the simulated time (the
simulator that bills sessions, so a fitted curve is exactly as fast as the maker says):

1. the knee, from 15 % to 95 % SoC: a later knee charges faster;
2. only if even a knee at 15 % is faster than the maker's time, the peak, scaled down from
   100 % to 20 % of the rated maximum (the car never reaches its rating in practice).

If a flat peak to 95 % is still slower than the maker's figure, the figure cannot be met
within the rated maximum: that fastest curve stands in while it is within 10 % of the figure,
and beyond that no curve is fitted (None): the data needs a look.

A measured curve is kept while its time is within 10 % of the maker's figure. Beyond that it
contradicts the maker (a test of another variant, or in the cold): its shape is kept and its
power scaled by one factor until its time meets the figure, and it counts as fitted.

A maker's "range added in N minutes" figure is fitted the same way, over the window it is
converted to (core.vehicles.range_added_reference): the share of the battery the range adds,
from the start the maker states or else the assumed 10 %. A window we assumed never rescales a
measured curve; the data report shows any disagreement instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from evcharge.core.charging import dc_duration_min
from evcharge.core.vehicles import CurvePoint, CurveProvenance, ReferenceCharge, Vehicle

KNEE_RANGE_PCT = (15.0, 95.0)  # from 15 %: the ramp to 10 % and the knee stay two points
PEAK_SHARE_RANGE = (0.2, 1.0)
SCALE_RANGE = (0.2, 1.5)
# A measured curve is kept as measured while its time is within this share of the maker's.
AGREEMENT = 0.10
_START_SHARE, _MID_SHARE, _END_SHARE = 0.7, 0.5, 0.15
_STEPS = 50  # bisection halvings: far below a hundredth of a minute


def shaped_curve(peak_kw: float, knee_pct: float) -> tuple[CurvePoint, ...]:
    """The family's curve for a peak and a knee, rounded as stored (0.1 % and 0.1 kW)."""
    mid_pct = knee_pct + (100.0 - knee_pct) / 2
    points = [
        (0.0, _START_SHARE * peak_kw),
        (10.0, peak_kw),
        (knee_pct, peak_kw),
        (mid_pct, _MID_SHARE * peak_kw),
        (100.0, _END_SHARE * peak_kw),
    ]
    rounded = [(round(soc, 1), round(kw, 1)) for soc, kw in points]
    unique = [p for i, p in enumerate(rounded) if i == 0 or p[0] > rounded[i - 1][0]]
    return tuple(CurvePoint(soc, kw) for soc, kw in unique)


def with_curve_provenance(vehicle: Vehicle, *, measured: bool) -> Vehicle:
    """The vehicle with its curve's provenance: its measured curve; else a curve fitted to its
    reference charge time; else the default-curve rule it already carries. A car without DC
    charging has no curve at all (NONE)."""
    if vehicle.dc_max_power_kw is None:
        return replace(vehicle, curve_provenance=CurveProvenance.NONE)
    reference = vehicle.reference_charge
    if measured:
        if (
            reference is None
            or _agrees(vehicle, vehicle.dc_charging_curve, reference)
            or _window_assumed(reference)
        ):
            # A range figure whose start we assumed cannot overrule a measurement: the window,
            # not the curve, is what is in doubt. The report still shows the disagreement.
            return replace(vehicle, curve_provenance=CurveProvenance.MEASURED)
        # A measurement that contradicts the maker (another variant, a cold battery): keep its
        # shape, scale its power until it meets the maker's figure.
        scaled = scale_to_published(vehicle, reference)
        if scaled is None:
            return replace(vehicle, curve_provenance=CurveProvenance.MEASURED)
        return replace(
            vehicle, dc_charging_curve=scaled, curve_provenance=CurveProvenance.FITTED_TO_PUBLISHED
        )
    fitted = fit_curve(vehicle, reference) if reference else None
    if fitted is None:
        return replace(vehicle, curve_provenance=CurveProvenance.DEFAULT)
    return replace(
        vehicle,
        dc_charging_curve=fitted,
        dc_default_charging_curve=False,
        curve_provenance=CurveProvenance.FITTED_TO_PUBLISHED,
    )


def scale_to_published(
    vehicle: Vehicle, reference: ReferenceCharge
) -> tuple[CurvePoint, ...] | None:
    """The vehicle's own curve with every power scaled by one factor (20 % to 150 %, never above
    the rated maximum) so that its time equals the published one; None if no factor can."""
    rated = vehicle.dc_max_power_kw
    if rated is None or not vehicle.dc_charging_curve:
        return None

    def scaled(factor: float) -> tuple[CurvePoint, ...]:
        return tuple(
            CurvePoint(p.soc_pct, round(min(p.power_kw * factor, rated), 1))
            for p in vehicle.dc_charging_curve
        )

    def minutes_at(factor: float) -> float:
        return simulated_minutes(vehicle, scaled(factor), reference)

    low, high = SCALE_RANGE
    if not minutes_at(high) <= reference.duration_min <= minutes_at(low):
        return None
    return scaled(_bisect(minutes_at, reference.duration_min, low, high))


def _window_assumed(reference: ReferenceCharge) -> bool:
    return reference.range_added is not None and not reference.range_added.start_soc_stated


def _agrees(vehicle: Vehicle, curve: tuple[CurvePoint, ...], reference: ReferenceCharge) -> bool:
    minutes = simulated_minutes(vehicle, curve, reference)
    return abs(minutes - reference.duration_min) <= AGREEMENT * reference.duration_min


def simulated_minutes(
    vehicle: Vehicle, curve: tuple[CurvePoint, ...], reference: ReferenceCharge
) -> float:
    """The simulator's time for `curve` over the maker's reference window and charger."""
    return dc_duration_min(
        vehicle,
        curve,
        station_kw=reference.charger_power_kw,
        soc_start_pct=reference.soc_from_pct,
        soc_end_pct=reference.soc_to_pct,
    )


def fit_curve(vehicle: Vehicle, reference: ReferenceCharge) -> tuple[CurvePoint, ...] | None:
    """A curve whose simulated time over the reference window equals the published minutes."""
    if vehicle.dc_max_power_kw is None:
        return None
    rated = vehicle.dc_max_power_kw

    def minutes(curve: tuple[CurvePoint, ...]) -> float:
        return simulated_minutes(vehicle, curve, reference)

    target = reference.duration_min
    fastest = shaped_curve(rated, KNEE_RANGE_PCT[1])
    if minutes(fastest) > target:
        # Makers round their figures down ("about 40 min"): the fastest curve the rating allows
        # stands in while it is within the agreement; beyond, the figure contradicts the specs.
        return fastest if minutes(fastest) <= target * (1 + AGREEMENT) else None
    if minutes(shaped_curve(rated, KNEE_RANGE_PCT[0])) >= target:
        knee = _bisect(lambda k: minutes(shaped_curve(rated, k)), target, *KNEE_RANGE_PCT)
        return shaped_curve(rated, knee)
    share = _bisect(
        lambda s: minutes(shaped_curve(rated * s, KNEE_RANGE_PCT[0])), target, *PEAK_SHARE_RANGE
    )
    return shaped_curve(rated * share, KNEE_RANGE_PCT[0])


def _bisect(minutes_at: Callable[[float], float], target: float, low: float, high: float) -> float:
    """The x in [low, high] where the decreasing `minutes_at(x)` equals `target`."""
    for _ in range(_STEPS):
        middle = (low + high) / 2
        if minutes_at(middle) > target:
            low = middle
        else:
            high = middle
    return (low + high) / 2
