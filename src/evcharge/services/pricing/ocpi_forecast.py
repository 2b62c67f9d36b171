"""An imported OCPI tariff prices a forecast as the CDR its session would produce.

/v1/charge_prices, the bulk endpoint and /v1/cdr_prices thereby share one engine: the forecast
profile becomes CDR periods (core/ocpi/forecast.py) and core/ocpi/pricing.py prices them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from evcharge.core.charging import ChargingProfile
from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.forecast import profile_cdr
from evcharge.core.ocpi.model import OcpiTariff
from evcharge.core.ocpi.pricing import CdrPrice, price_cdr
from evcharge.core.ocpi.zones import zone


def session_start(country: str, start_time_min: int, day: date) -> datetime | None:
    """`start_time_min` on the local `day`, in the country's zone, as UTC; None where the
    country has several zones and the station's is not known."""
    try:
        where = zone(None, country)
    except InvalidInput:
        return None
    clock = time(start_time_min // 60, start_time_min % 60)
    return datetime.combine(day, clock, tzinfo=where).astimezone(UTC)


def local_date(country: str, now_utc: datetime) -> date | None:
    """The day it is at `now_utc` in the country's zone; None where it has several zones."""
    try:
        return now_utc.astimezone(zone(None, country)).date()
    except InvalidInput:
        return None


def forecast_price(
    tariff: OcpiTariff,
    profile: ChargingProfile,
    *,
    country: str,
    start_time_min: int,
    day: date,
) -> CdrPrice | None:
    start = session_start(country, start_time_min, day)
    if start is None:
        return None
    where = zone(None, country)
    return price_cdr(profile_cdr(profile, tariff, start, where), tariff, where)
