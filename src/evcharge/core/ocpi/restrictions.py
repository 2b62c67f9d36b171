"""When a tariff element is active (mod_tariffs TariffRestrictions; reference §3.3, §5).

Restrictions are checked at the start of each charging period, with the local wall time in the
location's time zone, the energy charged before the period, the time since the session started
and the period's own current and power. A period is priced wholly by what is active at its start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from evcharge.core.ocpi.model import CdrDimension, ChargingPeriod, DayOfWeek, Restrictions

DAY_MIN = 1440


@dataclass(frozen=True, slots=True)
class Instant:
    """What the restrictions of one charging period are evaluated against."""

    local: datetime  # the period's start, in the location's time zone
    kwh_before: Decimal  # energy charged in earlier periods
    seconds_since_start: Decimal  # from the start of the session (not of charging: ocpi#434)
    period: ChargingPeriod
    reservation: bool  # the period is reserved time (RESERVATION_TIME), not a charging session
    reservation_expired: bool  # the reservation ended without a charging session


def active(r: Restrictions | None, at: Instant) -> bool:
    if r is None:
        return not at.reservation  # an unrestricted element prices the charging session only
    return (
        _reservation(r, at)
        and _time_of_day(r, at.local.hour * 60 + at.local.minute)
        and (r.start_date is None or at.local.date() >= r.start_date)
        and (r.end_date is None or at.local.date() < r.end_date)
        and (not r.day_of_week or DayOfWeek(_DAYS[at.local.weekday()]) in r.day_of_week)
        and _between(at.kwh_before, r.min_kwh, r.max_kwh)
        and _between(at.seconds_since_start, _dec(r.min_duration_s), _dec(r.max_duration_s))
        and _measured(at.period, CdrDimension.MIN_CURRENT, CdrDimension.MAX_CURRENT,
                      r.min_current_a, r.max_current_a)
        and _measured(at.period, CdrDimension.MIN_POWER, CdrDimension.MAX_POWER,
                      r.min_power_kw, r.max_power_kw)
    )  # fmt: skip


_DAYS = [d.value for d in DayOfWeek]


def _reservation(r: Restrictions, at: Instant) -> bool:
    """Reserved time is priced only by reservation elements, the session only by the others
    (§3.9: the one reading that reproduces all six reservation numbers of the spec).
    RESERVATION_EXPIRES applies only to a reservation that expired without a session."""
    if r.reservation is None:
        return not at.reservation
    if not at.reservation:
        return False
    return r.reservation.value == "RESERVATION" or at.reservation_expired


def _time_of_day(r: Restrictions, minute: int) -> bool:
    start, end = r.start_time_min, r.end_time_min
    if start is None and end is None:
        return True
    if start is None:
        return minute < (end or DAY_MIN)  # "00:00" as the end is the end of the day
    if end is None:
        return minute >= start
    if end == 0:
        end = DAY_MIN
    if start == end:
        # Undefined in the spec; a whole-day window is the fail-safe reading (ocpi-kit).
        return True
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end  # wraps past midnight, e.g. 22:00-06:00


def _between(value: Decimal, low: Decimal | None, high: Decimal | None) -> bool:
    """min inclusive, max exclusive, as the spec words every range restriction."""
    return (low is None or value >= low) and (high is None or value < high)


def _dec(seconds: int | None) -> Decimal | None:
    return None if seconds is None else Decimal(seconds)


def _measured(
    period: ChargingPeriod,
    min_dim: CdrDimension,
    max_dim: CdrDimension,
    low: Decimal | None,
    high: Decimal | None,
) -> bool:
    """Current and power are about the period itself ("now", not the session). A min bound is
    compared with the period's MIN_ value and a max bound with its MAX_ value; when only the
    other one was measured it stands in; when neither was, the restriction is taken as met, as
    tandemdrive does (a CDR without measurements cannot contradict it)."""
    measured_min, measured_max = period.volume(min_dim), period.volume(max_dim)
    smallest = measured_min if measured_min is not None else measured_max
    largest = measured_max if measured_max is not None else measured_min
    if low is not None and smallest is not None and smallest < low:
        return False
    return not (high is not None and largest is not None and largest >= high)
