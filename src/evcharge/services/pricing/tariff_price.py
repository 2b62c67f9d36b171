"""The one place a tariff is priced for one session at one charge point.

The Chargeprice-or-OCPI decision is made here and nowhere else: an imported OCPI tariff prices
the CDR its session would produce (ocpi_forecast.py), shown with VAT as Chargeprice's prices
are; a Chargeprice tariff prices its applicable segments (core/pricing.py). POST
/v1/charge_prices, the bulk engine, `evcharge quote` and the tests' oracle all call it, so they
cannot disagree on a price.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from evcharge.core.charging import ChargingProfile
from evcharge.core.fx import ExchangeRates
from evcharge.core.money import round_money
from evcharge.core.network import Tariff
from evcharge.core.ocpi.model import OcpiTariff
from evcharge.core.pricing import price_session
from evcharge.core.tariffs import (
    ChargeSituation,
    NoPriceReason,
    applicable_segments,
    segments_where,
)
from evcharge.services.pricing.ocpi_forecast import forecast_price

# An OCPI tariff's restrictions are local time; without the station's zone it cannot be priced.
NO_ZONE = NoPriceReason.NO_RELIABLE_DATA_AVAILABLE
# A stored tariff whose prices cannot be computed with has, to the caller, no reliable data.
UNPRICEABLE = NoPriceReason.NO_RELIABLE_DATA_AVAILABLE

log = logging.getLogger("evcharge.prices")


@dataclass(frozen=True, slots=True)
class Situation:
    """One session: where, at which charge point, its simulated profile, and when it starts."""

    country: str
    cpo_id: str
    power_kw: float
    profile: ChargingProfile
    car_ac_phases: int
    start_time_min: int  # local time at the station
    # The station's local date the session starts on (OCPI day and date restrictions); None
    # where the country has several zones and the station's is not known.
    local_day: date | None
    currency: str
    # What a Chargeprice tariff's restrictions are matched against (the car's peak power in
    # this session included), built once.
    restricted: ChargeSituation = field(init=False)

    def __post_init__(self) -> None:
        restricted = ChargeSituation(
            country=self.country,
            cpo_id=self.cpo_id,
            station_power_kw=self.power_kw,
            energy_type=self.profile.kind,
            car_ac_phases=self.car_ac_phases,
            consumed_power_kw=self.profile.peak_kw,
        )
        object.__setattr__(self, "restricted", restricted)


@dataclass(frozen=True, slots=True)
class PointPrice:
    price: Decimal | None
    # The exact cost per dimension (kwh, minute, ...), before rounding.
    costs: dict[str, Decimal] = field(default_factory=dict)
    blocking_fee_start_min: int | None = None
    no_price_reason: NoPriceReason | None = None

    @property
    def distribution(self) -> dict[str, float]:
        """Each dimension's share of the price; only dimensions that cost something."""
        whole = sum(self.costs.values(), Decimal(0))
        if not whole:
            return {}
        return {k: float(v / whole) for k, v in self.costs.items() if v}


def price_tariff(
    tariff: Tariff,
    situation: Situation,
    rates: ExchangeRates,
    *,
    quantities: dict[tuple[object, ...], float] | None = None,
    applicable: Sequence[bool] | None = None,
) -> PointPrice:
    """`tariff`'s price for `situation` in its currency, or why it has none. `quantities` is
    a memo of the profile's energy and minutes per window, shared by the tariffs priced on
    the same profile (the bulk engine passes one per charge point). `applicable` says which of
    a Chargeprice tariff's components apply in `situation` where the caller knows already
    (the bulk engine's compiled rules, which answer as core.tariffs.applies does); None: they
    are worked out here."""
    try:
        if tariff.ocpi is not None:
            return _ocpi_price(tariff.ocpi, situation, rates)
        return _chargeprice_price(tariff, situation, rates, quantities, applicable)
    except ArithmeticError:
        # A stored price too large to compute with (written straight into the database, or by
        # an older version that did not bound prices) costs this tariff its price, not the
        # answer.
        log.warning("tariff %s cannot be priced", tariff.id, exc_info=True)
        return PointPrice(None, no_price_reason=UNPRICEABLE)


def _chargeprice_price(
    tariff: Tariff,
    s: Situation,
    rates: ExchangeRates,
    quantities: dict[tuple[object, ...], float] | None,
    applicable: Sequence[bool] | None,
) -> PointPrice:
    components = tariff.core.components
    if applicable is None:
        segments = applicable_segments(components, s.restricted)
    else:
        segments = segments_where(components, applicable)
    if not segments:
        return PointPrice(None, no_price_reason=tariff.no_price_reason)
    target = s.currency
    result = price_session(
        s.profile,
        segments,
        start_min_of_day=s.start_time_min,
        currency=target,
        convert=lambda amount, currency: rates.convert(amount, currency, target),
        tariff_currency=tariff.core.currency,
        memo=quantities,
    )
    costs = {d.value: c for d, c in result.cost_by_dimension.items()}
    return PointPrice(result.price, costs, result.blocking_fee_start_min)


def _ocpi_price(tariff: OcpiTariff, s: Situation, rates: ExchangeRates) -> PointPrice:
    if s.local_day is None:
        return PointPrice(None, no_price_reason=NO_ZONE)
    result = forecast_price(
        tariff, s.profile, country=s.country, start_time_min=s.start_time_min, day=s.local_day
    )
    if result is None:
        return PointPrice(None, no_price_reason=NO_ZONE)
    total = rates.convert(result.total_cost.incl_vat, tariff.currency, s.currency)
    parts = {
        "kwh": result.total_energy_cost.incl_vat,
        "minute": result.total_time_cost.incl_vat,
        "parking_minute": result.total_parking_cost.incl_vat,
        "session": result.total_fixed_cost.incl_vat,
    }
    return PointPrice(round_money(total), parts)
