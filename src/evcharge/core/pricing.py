"""The price engine: one charging profile under one tariff's applicable segments.

Rules (reference §2.1, §5; undocumented points are our reading, named here):
- kwh: energy delivered while the cumulative session energy is in [range_gte, range_lt) and the
  clock is in the segment's time-of-day window; energy is spread over each slice in proportion
  to time (slices are at most 5 % SoC wide).
- minute: session minutes in [range_gte, range_lt) that fall in the window.
- session: once, when the session starts inside the window.
- parking_minute: no request input exists for parking time, so it prices nothing here.
- billing_increment: the billable quantity of a segment is rounded up to whole increments.
- Windows may wrap midnight ([22:00, 06:00)) and repeat daily for sessions over 24 h.
- Negative unit prices are kept, never clamped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from evcharge.core.charging import ChargingProfile, ProfileSlice
from evcharge.core.errors import InvalidInput
from evcharge.core.money import quantity, round_money
from evcharge.core.tariffs import Dimension, Segment

DAY_MIN = 1440
Interval = tuple[float, float]
# Converts an amount from a currency into the requested one.
Convert = Callable[[Decimal, str], Decimal]


@dataclass(frozen=True, slots=True)
class SessionPrice:
    price: Decimal  # rounded to the cent
    cost_by_dimension: dict[Dimension, Decimal]  # exact, before rounding
    blocking_fee_start_min: int | None

    def distribution(self) -> dict[str, float]:
        """Each dimension's share of the price; only dimensions that cost something."""
        total = sum(self.cost_by_dimension.values(), Decimal(0))
        if total == 0:
            return {}
        return {d.value: float(c / total) for d, c in self.cost_by_dimension.items() if c != 0}


def price_session(
    profile: ChargingProfile,
    segments: Sequence[Segment],
    *,
    start_min_of_day: int,
    currency: str,
    convert: Convert | None = None,
    tariff_currency: str | None = None,
    memo: dict[tuple[object, ...], float] | None = None,
) -> SessionPrice:
    """The session price in `currency`. A segment's own currency, else `tariff_currency`, else
    `currency`, is what its unit price is in; other currencies go through `convert`.

    `memo`, when given, must belong to this profile and start time: billable quantities depend
    only on a segment's shape (dimension, ranges, window, increment), so tariffs that share a
    shape share the work."""
    costs: dict[Dimension, Decimal] = {}
    for segment in segments:
        billable = _billable_cached(profile, segment, start_min_of_day, memo)
        if billable == 0:
            continue
        cost = segment.price * quantity(billable)
        seg_currency = segment.currency or tariff_currency or currency
        if seg_currency != currency:
            if convert is None:
                raise InvalidInput(f"cannot convert {seg_currency} to {currency}")
            cost = convert(cost, seg_currency)
        costs[segment.dimension] = costs.get(segment.dimension, Decimal(0)) + cost
    total = sum(costs.values(), Decimal(0))
    return SessionPrice(round_money(total), costs, blocking_fee_start(segments))


def blocking_fee_start(segments: Iterable[Segment]) -> int | None:
    """The minute a blocking fee starts: the earliest minute segment starting after minute 0,
    provided no minute segment counts from the start (reference §5)."""
    starts = [s.range_gte or 0 for s in segments if s.dimension is Dimension.MINUTE]
    if not starts or min(starts) <= 0:
        return None
    return int(min(starts))


def segment_shape(segment: Segment) -> tuple[object, ...]:
    """What a segment's billable quantity depends on besides the profile and start: segments of
    one shape bill the same quantity, whatever their price or currency."""
    return (
        segment.dimension,
        segment.range_gte,
        segment.range_lt,
        segment.time_of_day_start_min,
        segment.time_of_day_end_min,
        segment.billing_increment,
    )


def billable(profile: ChargingProfile, segment: Segment, start_min_of_day: int) -> float:
    """The quantity `segment` bills for `profile` starting at `start_min_of_day` (kWh, minutes
    or sessions, rounded up to its billing increment)."""
    return _billable(_quantity(profile, segment, start_min_of_day), segment)


def _billable_cached(
    profile: ChargingProfile,
    segment: Segment,
    start: int,
    memo: dict[tuple[object, ...], float] | None,
) -> float:
    if memo is None:
        return billable(profile, segment, start)
    key = segment_shape(segment)
    held = memo.get(key)
    if held is None:
        held = memo[key] = billable(profile, segment, start)
    return held


def _billable(amount: float, segment: Segment) -> float:
    if amount <= 1e-12:
        return 0.0
    step = segment.billing_increment
    if step <= 0:
        return amount
    # Tolerance so that 30.0000000001 minutes is not billed as a fourth 10-minute block.
    return math.ceil(amount / step - 1e-9) * step


def _quantity(profile: ChargingProfile, segment: Segment, start: int) -> float:
    duration = profile.duration_min
    windows = _windows(segment, start, duration)
    if segment.dimension is Dimension.SESSION:
        return 1.0 if any(a <= 0 < b for a, b in windows) else 0.0
    if segment.dimension is Dimension.MINUTE:
        low = segment.range_gte or 0.0
        high = segment.range_lt if segment.range_lt is not None else math.inf
        return _overlap(windows, [(max(0.0, low), min(duration, high))])
    if segment.dimension is Dimension.KWH:
        if not segment.has_window and not segment.range_gte and segment.range_lt is None:
            return profile.energy_kwh  # every kWh of the session: no slice needs cutting
        return _energy(profile.slices, segment, windows)
    return 0.0


def _energy(slices: Sequence[ProfileSlice], segment: Segment, windows: list[Interval]) -> float:
    low = segment.range_gte or 0.0
    high = segment.range_lt if segment.range_lt is not None else math.inf
    total, cumulative = 0.0, 0.0
    for s in slices:
        e0, e1 = cumulative, cumulative + s.energy_kwh
        cumulative = e1
        if s.duration_min <= 0 or e1 <= low or e0 >= high:
            continue
        # The part of the slice's time where the cumulative energy lies in [low, high).
        t_low = s.start_min + max(0.0, (low - e0) / (e1 - e0)) * s.duration_min
        t_high = s.start_min + min(1.0, (high - e0) / (e1 - e0)) * s.duration_min
        minutes = _overlap(windows, [(t_low, t_high)])
        total += minutes * s.energy_kwh / s.duration_min
    return total


def _windows(segment: Segment, start: int, duration: float) -> list[Interval]:
    """Session-minute intervals (within [0, duration]) where the segment's window is open."""
    if not segment.has_window:
        return [(0.0, max(duration, 0.0) + 1e-9)]
    ws, we = segment.time_of_day_start_min or 0, segment.time_of_day_end_min or 0
    length = (we - ws) % DAY_MIN or DAY_MIN
    first_day = math.floor((start - DAY_MIN) / DAY_MIN)
    last_day = math.floor((start + duration) / DAY_MIN)
    intervals: list[Interval] = []
    for day in range(first_day, last_day + 1):
        a = day * DAY_MIN + ws - start
        intervals.append((a, a + length))
    return intervals


def _overlap(intervals: list[Interval], ranges: list[Interval]) -> float:
    total = 0.0
    for a, b in intervals:
        for c, d in ranges:
            total += max(0.0, min(b, d) - max(a, c))
    return total
