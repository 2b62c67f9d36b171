"""A simulated charging profile as the CDR its session would produce (reference §3.3).

The OCPI engine prices each period by what is active at its start, so a forecast must cut its
periods wherever a restriction can change: at every element's start/end time and local midnight
(days, dates), at duration thresholds, and where the charged energy crosses a kWh threshold.
Each period carries ENERGY (kWh), TIME (h) and its power as MIN_POWER/MAX_POWER, as a CPO's CDR
would. Pricing this CDR is then the same computation as pricing the real session's CDR.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from itertools import pairwise

from evcharge.core.charging import ChargingProfile
from evcharge.core.ocpi.model import Cdr, CdrDimension, ChargingPeriod, OcpiTariff

MIN_PERIOD_MIN = 1e-9


def _dec(value: float) -> Decimal:
    # Through the shortest repr, as the JSON parser reads numbers: a CDR written out and read
    # back prices exactly the same.
    return Decimal(repr(round(value, 9)))


def _time_cuts(tariff: OcpiTariff, start: datetime, minutes: float, zone: tzinfo) -> set[float]:
    """Session minutes where a time-of-day, date or duration restriction may change."""
    clocks = {0}
    durations: set[float] = set()
    for element in tariff.elements:
        r = element.restrictions
        if r is None:
            continue
        clocks.update(m for m in (r.start_time_min, r.end_time_min) if m is not None)
        durations.update(s / 60 for s in (r.min_duration_s, r.max_duration_s) if s is not None)
    cuts = {d for d in durations if 0 < d < minutes}
    local_start = start.astimezone(zone)
    day: date = local_start.date()
    while True:
        for clock in clocks:
            wall = datetime.combine(day, time(clock // 60 % 24, clock % 60), tzinfo=zone)
            offset = (wall - start).total_seconds() / 60
            if 0 < offset < minutes:
                cuts.add(offset)
        day += timedelta(days=1)
        if (datetime.combine(day, time(0), tzinfo=zone) - start).total_seconds() / 60 > minutes:
            return cuts


def _energy_cuts(tariff: OcpiTariff, profile: ChargingProfile) -> set[float]:
    """Session minutes where the charged energy crosses a min_kwh/max_kwh threshold."""
    thresholds = sorted(
        float(k)
        for e in tariff.elements
        if e.restrictions is not None
        for k in (e.restrictions.min_kwh, e.restrictions.max_kwh)
        if k is not None
    )
    cuts, charged = set(), 0.0
    for s in profile.slices:
        for kwh in thresholds:
            if charged < kwh < charged + s.energy_kwh:
                cuts.add(s.start_min + s.duration_min * (kwh - charged) / s.energy_kwh)
        charged += s.energy_kwh
    return cuts


def _at(start: datetime, minutes: float) -> datetime:
    # Whole milliseconds: a cut computed in floats lands on its boundary (22:00:00.000), never a
    # hair before it, where the restriction would still read the old window.
    return start + timedelta(milliseconds=round(minutes * 60_000))


def profile_cdr(profile: ChargingProfile, tariff: OcpiTariff, start: datetime, zone: tzinfo) -> Cdr:
    """The CDR of charging `profile` from `start`, cut where `tariff` can change price."""
    total = profile.duration_min
    cuts = sorted(_time_cuts(tariff, start, total, zone) | _energy_cuts(tariff, profile))
    periods = []
    for s in profile.slices:
        edges = [s.start_min, *(c for c in cuts if s.start_min < c < s.end_min), s.end_min]
        for a, b in pairwise(edges):
            if b - a < MIN_PERIOD_MIN:
                continue
            share = (b - a) / s.duration_min
            power = _dec(s.power_kw)
            periods.append(
                ChargingPeriod(
                    _at(start, a),
                    {
                        CdrDimension.ENERGY: _dec(s.energy_kwh * share),
                        CdrDimension.TIME: _dec((b - a) / 60),
                        CdrDimension.MIN_POWER: power,
                        CdrDimension.MAX_POWER: power,
                    },
                    tariff.id,
                )
            )
    return Cdr(
        start_date_time=start,
        end_date_time=_at(start, total),
        currency=tariff.currency,
        charging_periods=tuple(periods),
        tariffs=(tariff,),
    )
