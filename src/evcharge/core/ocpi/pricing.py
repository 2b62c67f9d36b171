"""Prices a session (a CDR's charging periods) under an OCPI 2.2.1 tariff, and explains it.

The algorithm is reference §9:
1. Per period and per tariff dimension, the active component is the first component of that
   dimension in the first element whose restrictions hold at the period's start (§3.2, §3.3).
2. Quantities come from the period volumes: ENERGY kWh, TIME and PARKING_TIME hours; reserved
   time (RESERVATION_TIME) is priced by the TIME component of a reservation element (§3.4).
3. FLAT is billed once per context: once for the session, once for a reservation (§3.6).
4. step_size rounds the session total of billable quantity up, once for ENERGY and once for
   time, with the step of the last billable component; the extra goes to that last billable
   period at its price. When parking is billed, only parking is rounded (§3.5).
5. Each line: excl = quantity x price; incl = excl x (1 + vat/100), or excl when no VAT applies.
6. min_price and max_price clamp the excl and incl totals independently (§3.8).
Money stays exact; rounding is left to the presentation (§3.7).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from decimal import Decimal

from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.checks import check_cdr, check_tariff
from evcharge.core.ocpi.model import (
    Cdr,
    CdrDimension,
    OcpiTariff,
    Price,
    PriceComponent,
    TariffDimension,
)
from evcharge.core.ocpi.restrictions import Instant, active

ZERO = Decimal(0)
HOUR_S = Decimal(3600)
KWH_WH = Decimal(1000)


@dataclass(frozen=True, slots=True)
class Money:
    excl_vat: Decimal
    incl_vat: Decimal

    def __add__(self, other: Money) -> Money:
        return Money(self.excl_vat + other.excl_vat, self.incl_vat + other.incl_vat)


NO_MONEY = Money(ZERO, ZERO)


@dataclass(frozen=True, slots=True)
class Choice:
    """Which element and component priced a dimension of a period (indexes from 0)."""

    element: int
    component: int
    price_component: PriceComponent


@dataclass(slots=True)
class Line:
    """One priced dimension of one period."""

    dimension: TariffDimension
    volume_of: CdrDimension | None  # None for FLAT
    volume: Decimal  # kWh or hours (1 for FLAT)
    choice: Choice
    reservation: bool
    step_extra: Decimal = ZERO  # added by step_size rounding, in the volume's unit

    @property
    def quantity(self) -> Decimal:
        return self.volume + self.step_extra

    @property
    def cost(self) -> Money:
        component = self.choice.price_component
        excl = self.quantity * component.price
        vat = component.vat
        return Money(excl, excl if vat is None else excl * (1 + vat / 100))


@dataclass(slots=True)
class PeriodPrice:
    index: int
    start: datetime
    end: datetime
    reservation: bool
    lines: list[Line] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StepRounding:
    volume_of: CdrDimension
    total: Decimal  # billable quantity before rounding, kWh or hours
    billed: Decimal  # after rounding
    step_size: int  # Wh or s, of the last billable component
    period: int  # the period that takes the extra
    skipped_because: str | None = None


@dataclass(frozen=True, slots=True)
class PriceLimit:
    rule: str  # "min_price" or "max_price"
    applies_to: str  # "excl_vat" or "incl_vat"
    before: Decimal
    after: Decimal


@dataclass(slots=True)
class CdrPrice:
    tariff: OcpiTariff
    total_cost: Money
    total_fixed_cost: Money
    total_energy_cost: Money
    total_time_cost: Money
    total_parking_cost: Money
    total_reservation_cost: Money
    total_energy: Decimal
    total_time: Decimal
    total_parking_time: Decimal
    periods: list[PeriodPrice]
    step_roundings: list[StepRounding]
    limits: list[PriceLimit]
    warnings: list[str]


def select_tariff(cdr: Cdr, tariffs: tuple[OcpiTariff, ...] | None = None) -> OcpiTariff:
    """The tariff that prices this CDR: the one its periods name, else the first valid at the
    session start whose type fits the token (AD_HOC_PAYMENT for an ad-hoc user, REGULAR or
    untyped otherwise), else the first valid at the start (§3.1)."""
    candidates = tariffs if tariffs is not None else cdr.tariffs
    if not candidates:
        raise InvalidInput("no tariff given: pass one, or a CDR that embeds its tariffs")
    named = {p.tariff_id for p in cdr.charging_periods if p.tariff_id}
    valid = [t for t in candidates if t.valid_at(cdr.start_date_time)]
    for tariff in valid:
        if tariff.id in named:
            return tariff
    ad_hoc = cdr.token_type == "AD_HOC_USER"
    for tariff in valid:
        kind = tariff.type.value if tariff.type else None
        if (kind == "AD_HOC_PAYMENT") if ad_hoc else kind in (None, "REGULAR"):
            return tariff
    if valid:
        return valid[0]
    raise InvalidInput(
        f"no tariff is valid at the session start {cdr.start_date_time.isoformat()}: "
        + "; ".join(_validity(t) for t in candidates)
    )


def _validity(t: OcpiTariff) -> str:
    start = t.start_date_time.isoformat() if t.start_date_time else "always"
    end = t.end_date_time.isoformat() if t.end_date_time else "open end"
    return f"tariff {t.id} is valid from {start} until {end}"


def price_cdr(cdr: Cdr, tariff: OcpiTariff, time_zone: tzinfo) -> CdrPrice:
    """Raises InvalidInput, naming the field, for what checks.py refuses."""
    check_tariff(tariff, _tariff_pointer(cdr, tariff))
    check_cdr(cdr, tariff)
    periods = cdr.charging_periods
    warnings = list(cdr.warnings)
    session_start = min(cdr.start_date_time, periods[0].start_date_time)
    if periods[0].start_date_time < cdr.start_date_time or any(
        p.start_date_time > cdr.end_date_time for p in periods
    ):
        warnings.append("periods_outside_start_end_date_time")
    if not tariff.valid_at(cdr.start_date_time):
        warnings.append("tariff_not_valid_at_session_start")
    charged = any(
        (p.volume(d) or ZERO) != 0
        for p in periods
        for d in (CdrDimension.ENERGY, CdrDimension.TIME, CdrDimension.PARKING_TIME)
    )
    reserved = any(p.volume(CdrDimension.RESERVATION_TIME) is not None for p in periods)
    priced = _choose(cdr, tariff, time_zone, session_start, expired=reserved and not charged)
    roundings = _round_steps(priced)
    return _totals(cdr, tariff, priced, roundings, warnings, session_start)


def _tariff_pointer(cdr: Cdr, tariff: OcpiTariff) -> str:
    """Where the tariff is in the request: embedded in the CDR, or given beside it."""
    for i, embedded in enumerate(cdr.tariffs):
        if embedded is tariff:
            return f"/cdr/tariffs/{i}"
    return "/tariff"


def _ends(cdr: Cdr) -> Iterator[datetime]:
    """A period ends where the next starts; the last at the session end (mod_cdrs)."""
    periods = cdr.charging_periods
    for i in range(len(periods)):
        yield periods[i + 1].start_date_time if i + 1 < len(periods) else cdr.end_date_time


def _first_active(tariff: OcpiTariff, dimension: TariffDimension, at: Instant) -> Choice | None:
    for e, element in enumerate(tariff.elements):
        for c, component in enumerate(element.price_components):
            if component.type is dimension:
                if active(element.restrictions, at):
                    return Choice(e, c, component)
                break  # the first component of a type in an element is the one (§3.2)
    return None


# (tariff dimension, the volume it prices, priced in a reservation period?)
_VOLUMES = (
    (TariffDimension.ENERGY, CdrDimension.ENERGY, False),
    (TariffDimension.TIME, CdrDimension.TIME, False),
    (TariffDimension.PARKING_TIME, CdrDimension.PARKING_TIME, False),
    (TariffDimension.TIME, CdrDimension.RESERVATION_TIME, True),
)


def _choose(
    cdr: Cdr, tariff: OcpiTariff, zone: tzinfo, session_start: datetime, *, expired: bool
) -> list[PeriodPrice]:
    kwh_before = ZERO
    flat_billed = {False: False, True: False}
    priced = []
    for i, (period, end) in enumerate(zip(cdr.charging_periods, _ends(cdr), strict=True)):
        reservation = period.volume(CdrDimension.RESERVATION_TIME) is not None
        at = Instant(
            local=period.start_date_time.astimezone(zone),
            kwh_before=kwh_before,
            seconds_since_start=Decimal(
                str((period.start_date_time - session_start).total_seconds())
            ),
            period=period,
            reservation=reservation,
            reservation_expired=expired,
        )
        result = PeriodPrice(i, period.start_date_time, end, reservation)
        if not flat_billed[reservation]:
            flat = _first_active(tariff, TariffDimension.FLAT, at)
            if flat is not None:
                result.lines.append(Line(TariffDimension.FLAT, None, Decimal(1), flat, reservation))
                flat_billed[reservation] = True
        for dimension, volume_of, in_reservation in _VOLUMES:
            volume = period.volume(volume_of)
            if volume is None or volume == 0 or in_reservation != reservation:
                continue
            choice = _first_active(tariff, dimension, at)
            if choice is not None:
                result.lines.append(Line(dimension, volume_of, volume, choice, reservation))
        kwh_before += period.volume(CdrDimension.ENERGY) or ZERO
        priced.append(result)
    return priced


def _billable(priced: list[PeriodPrice], volume_of: CdrDimension) -> list[tuple[int, Line]]:
    return [(p.index, line) for p in priced for line in p.lines if line.volume_of is volume_of]


def _round_steps(priced: list[PeriodPrice]) -> list[StepRounding]:
    roundings = []
    parking_billed = bool(_billable(priced, CdrDimension.PARKING_TIME))
    for _dimension, volume_of, _reservation in _VOLUMES:
        billable = _billable(priced, volume_of)
        if not billable:
            continue
        total = sum((line.volume for _, line in billable), ZERO)
        index, last = billable[-1]
        step = last.choice.price_component.step_size
        if volume_of is CdrDimension.TIME and parking_billed:
            # §3.5 rule 6: charging time followed by billed parking is not rounded.
            roundings.append(StepRounding(volume_of, total, total, step, index, "parking_billed"))
            continue
        if step <= 0 or total <= 0:
            # step_size 0 means no rounding (§3.5.8); rounding a negative total (V2G) "up" is
            # undefined, so it is left as measured.
            reason = "no_step" if step <= 0 else "not_positive"
            roundings.append(StepRounding(volume_of, total, total, step, index, reason))
            continue
        unit = KWH_WH if volume_of is CdrDimension.ENERGY else HOUR_S
        billed = Decimal(math.ceil(total * unit / step)) * step / unit
        last.step_extra = billed - total
        roundings.append(StepRounding(volume_of, total, billed, step, index))
    return roundings


def _sum(lines: Iterator[Line]) -> Money:
    total = NO_MONEY
    for line in lines:
        total = total + line.cost
    return total


def _totals(
    cdr: Cdr,
    tariff: OcpiTariff,
    priced: list[PeriodPrice],
    roundings: list[StepRounding],
    warnings: list[str],
    session_start: datetime,
) -> CdrPrice:
    lines = [line for p in priced for line in p.lines]

    def cost(dimension: TariffDimension, *, reservation: bool = False) -> Money:
        return _sum(
            line
            for line in lines
            if line.dimension is dimension and line.reservation == reservation
        )

    reservation_cost = _sum(line for line in lines if line.reservation)
    subtotal = _sum(iter(lines))
    total, limits = _clamp(subtotal, tariff.min_price, tariff.max_price)

    def volume(d: CdrDimension) -> Decimal:
        return sum(((p.volume(d) or ZERO) for p in cdr.charging_periods), ZERO)

    return CdrPrice(
        tariff=tariff,
        total_cost=total,
        total_fixed_cost=cost(TariffDimension.FLAT),
        total_energy_cost=cost(TariffDimension.ENERGY),
        total_time_cost=cost(TariffDimension.TIME),
        total_parking_cost=cost(TariffDimension.PARKING_TIME),
        total_reservation_cost=reservation_cost,
        total_energy=volume(CdrDimension.ENERGY),
        total_time=Decimal(str((cdr.end_date_time - session_start).total_seconds())) / HOUR_S,
        total_parking_time=volume(CdrDimension.PARKING_TIME),
        periods=priced,
        step_roundings=roundings,
        limits=limits,
        warnings=warnings,
    )


def _clamp(
    subtotal: Money, low: Price | None, high: Price | None
) -> tuple[Money, list[PriceLimit]]:
    """min_price and max_price bound the excl and the incl total each on its own (§3.8). A
    bound without incl_vat moves the incl total with the excl one, at the session's VAT ratio."""
    limits = []
    excl, incl = subtotal.excl_vat, subtotal.incl_vat
    ratio = incl / excl if excl else Decimal(1)
    for rule, bound, sign in (("min_price", low, -1), ("max_price", high, 1)):
        if bound is None:
            continue
        if (subtotal.excl_vat - bound.excl_vat) * sign > 0:
            limits.append(PriceLimit(rule, "excl_vat", subtotal.excl_vat, bound.excl_vat))
            excl = bound.excl_vat
            if bound.incl_vat is None:
                limits.append(PriceLimit(rule, "incl_vat", incl, excl * ratio))
                incl = excl * ratio
        if bound.incl_vat is not None and (subtotal.incl_vat - bound.incl_vat) * sign > 0:
            limits.append(PriceLimit(rule, "incl_vat", subtotal.incl_vat, bound.incl_vat))
            incl = bound.incl_vat
    return Money(excl, incl), limits
