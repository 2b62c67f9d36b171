"""What the engine refuses before it prices: input that would give wrong money, and numbers it
cannot carry.

Every refusal is an InvalidInput whose `pointer` (RFC 6901) names the offending field in the
document {"tariff": ..., "cdr": ...}: the body of POST /v1/cdr_prices, whose two objects the CLI
reads from files. A tariff the CDR embeds is /cdr/tariffs/<i>.

The bounds keep every amount inside what Decimal carries exactly at 4 decimals (28 digits, so
below 1e24): a line costs at most MAX_PRICE x MAX_VOLUME x (1 + MAX_VAT_PCT/100) = 2e12, and a
body of max_body_bytes holds far fewer than 1e6 lines. Each bound is far above any real tariff
or session, so only junk meets it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import NoReturn

from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.model import Cdr, CdrDimension, OcpiTariff, Price, PriceComponent
from evcharge.core.tariffs import MAX_TARIFF_AMOUNT

MAX_PRICE = MAX_TARIFF_AMOUNT  # per kWh, per hour or per session; also min_price, max_price
MAX_VAT_PCT = Decimal(100)
MAX_STEP_SIZE = 1_000_000  # Wh for ENERGY (1 MWh), s for time (11.6 days)
MAX_VOLUME = Decimal(1_000_000)  # per period: kWh either way (V2G), A, kW, %
MAX_PERIOD_HOURS = Decimal(8760)  # per period, TIME, PARKING_TIME and RESERVATION_TIME: a year
# CDR timestamps are turned into local wall time; outside these years that overflows, and no
# charging session happened (or is planned) there.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
TIME_VOLUMES = frozenset(
    {CdrDimension.TIME, CdrDimension.PARKING_TIME, CdrDimension.RESERVATION_TIME}
)


def check_tariff(tariff: OcpiTariff, at: str = "/tariff") -> None:
    """Refuse a tariff whose price would be ambiguous or beyond the bounds; `at` is its pointer."""
    for e, element in enumerate(tariff.elements):
        seen: dict[str, int] = {}
        for c, component in enumerate(element.price_components):
            where = f"{at}/elements/{e}/price_components/{c}"
            _check_component(component, where)
            if component.type in seen:
                # OCPI prices a dimension by one component per element: with two, which one
                # applies is a guess (the first, in some engines), and a guess is wrong money.
                _refuse(
                    f"{where}/type",
                    f"tariff element {e} has two {component.type.value} price components "
                    f"({seen[component.type]} and {c}): give each dimension one per element",
                )
            seen[component.type] = c
    _check_limits(tariff.min_price, tariff.max_price, at)


def _check_component(component: PriceComponent, at: str) -> None:
    _within(component.price, -MAX_PRICE, MAX_PRICE, f"{at}/price")
    if component.vat is not None:
        _within(component.vat, Decimal(0), MAX_VAT_PCT, f"{at}/vat")
    if not 0 <= component.step_size <= MAX_STEP_SIZE:
        shown = _shown(Decimal(component.step_size))
        _refuse(f"{at}/step_size", f"{shown} is outside 0..{MAX_STEP_SIZE}")


def _check_limits(low: Price | None, high: Price | None, at: str) -> None:
    for name, bound in (("min_price", low), ("max_price", high)):
        if bound is not None:
            _within(bound.excl_vat, -MAX_PRICE, MAX_PRICE, f"{at}/{name}/excl_vat")
            if bound.incl_vat is not None:
                _within(bound.incl_vat, -MAX_PRICE, MAX_PRICE, f"{at}/{name}/incl_vat")
    if low is None or high is None:
        return
    # A minimum above the maximum has no total that satisfies both: which one wins would be
    # an accident of the order the clamps run in.
    pairs = (("excl_vat", low.excl_vat, high.excl_vat), ("incl_vat", low.incl_vat, high.incl_vat))
    for part, minimum, maximum in pairs:
        if minimum is not None and maximum is not None and minimum > maximum:
            _refuse(
                f"{at}/min_price/{part}",
                f"min_price.{part} {minimum} is greater than max_price.{part} {maximum}",
            )


def check_cdr(cdr: Cdr, tariff: OcpiTariff) -> None:
    """Refuse a CDR that cannot be priced under `tariff`, naming the field."""
    if cdr.currency != tariff.currency:
        # Pricing in the tariff's currency would answer an amount in money the CDR is not in.
        _refuse(
            "/cdr/currency",
            f"the CDR's currency {cdr.currency} is not the currency of tariff {tariff.id} "
            f"({tariff.currency}); price a CDR under a tariff in its own currency",
        )
    if not cdr.charging_periods:
        _refuse("/cdr/charging_periods", "a CDR needs at least one charging period")
    _check_moment(cdr.start_date_time, "/cdr/start_date_time")
    _check_moment(cdr.end_date_time, "/cdr/end_date_time")
    if cdr.end_date_time < cdr.start_date_time:
        _refuse("/cdr/end_date_time", "end_date_time is before start_date_time")
    previous = None
    for i, period in enumerate(cdr.charging_periods):
        at = f"/cdr/charging_periods/{i}"
        _check_moment(period.start_date_time, f"{at}/start_date_time")
        if previous is not None and period.start_date_time < previous:
            _refuse(f"{at}/start_date_time", "charging periods must be in time order")
        previous = period.start_date_time
        # The dict keeps the order of the CDR's list (duplicates are refused when parsing),
        # so the index is the position in "dimensions".
        for j, (dimension, volume) in enumerate(period.dimensions.items()):
            _check_volume(dimension, volume, f"{at}/dimensions/{j}/volume")


def _check_volume(dimension: CdrDimension, volume: Decimal, at: str) -> None:
    if dimension in TIME_VOLUMES:
        # Negative time would be priced as a refund for time nobody spent; ENERGY alone may be
        # negative (V2G export).
        if volume < 0:
            _refuse(at, f"{dimension.value} volume {volume} is negative: time is 0 or more hours")
        _within(volume, Decimal(0), MAX_PERIOD_HOURS, at)
    else:
        _within(volume, -MAX_VOLUME, MAX_VOLUME, at)


def _check_moment(moment: datetime, at: str) -> None:
    if not EARLIEST <= moment < LATEST:
        _refuse(at, f"{moment.isoformat()} is outside the years {EARLIEST.year}..{LATEST.year - 1}")


def _within(value: Decimal, low: Decimal, high: Decimal, at: str) -> None:
    if not value.is_finite() or not low <= value <= high:
        _refuse(at, f"{_shown(value)} is outside {low}..{high}")


def _shown(value: Decimal) -> str:
    # Junk can be a number of thousands of digits; a message shows six.
    return f"{value.normalize():.6g}"


def _refuse(at: str, problem: str) -> NoReturn:
    # The pointer is in the message too: the CLI shows only the message.
    raise InvalidInput(f"{at}: {problem}", pointer=at)
