"""Our tariff model -> an OCPI 2.2.1 Tariff, as Chargeprice documents the mapping.

- kwh -> ENERGY (per kWh; billing_increment kWh x 1000 -> step_size Wh);
  minute -> TIME and parking_minute -> PARKING_TIME (per minute x 60 -> per hour;
  billing_increment min x 60 -> step_size s); session -> FLAT.
- time_of_day -> start_time/end_time (end 24:00 is "00:00", the end of the day);
  range_gte/range_lt -> min_kwh/max_kwh on kwh, min_duration/max_duration (s) on minutes.
- Our prices include VAT, OCPI's do not: excl = incl / (1 + VAT), at OCPI's 4 decimals, with the
  standard rate of the country given.
- What OCPI cannot say: energy type, charge point power classes, CPOs, countries and car phases
  decide which of our components apply at a charge point. An OCPI tariff belongs to a connector,
  so the export is for one charge point situation: the components that apply there. Vehicle brand
  restrictions, monthly fees and tags have no OCPI field and are left out.
- OCPI takes the first matching element per dimension; where two of our segments of the same
  dimension overlap (and add up in our engine) OCPI prices only the first.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from evcharge.core.network import Tariff
from evcharge.core.ocpi.model import (
    OcpiTariff,
    PriceComponent,
    Restrictions,
    TariffDimension,
    TariffElement,
)
from evcharge.core.tariffs import Dimension, Segment

FOUR = Decimal("0.0001")
_TYPE = {
    Dimension.KWH: TariffDimension.ENERGY,
    Dimension.MINUTE: TariffDimension.TIME,
    Dimension.PARKING_MINUTE: TariffDimension.PARKING_TIME,
    Dimension.SESSION: TariffDimension.FLAT,
}


def _step(segment: Segment) -> int:
    if segment.dimension is Dimension.KWH:
        return max(1, round(segment.billing_increment * 1000))
    if segment.dimension is Dimension.SESSION:
        return 0
    return max(1, round(segment.billing_increment * 60))


def _restrictions(s: Segment) -> Restrictions | None:
    start, end = s.time_of_day_start_min, s.time_of_day_end_min
    low = Decimal(repr(s.range_gte)) if s.range_gte else None
    high = Decimal(repr(s.range_lt)) if s.range_lt is not None else None
    by_energy = s.dimension is Dimension.KWH
    r = Restrictions(
        start_time_min=start,
        end_time_min=None if end is None else end % 1440,
        min_kwh=low if by_energy else None,
        max_kwh=high if by_energy else None,
        min_duration_s=int(low * 60) if low is not None and not by_energy else None,
        max_duration_s=int(high * 60) if high is not None and not by_energy else None,
    )
    return None if r == Restrictions() else r


def to_ocpi(
    tariff: Tariff,
    segments: list[Segment],
    *,
    vat_pct: Decimal,
    country_code: str,
    party_id: str,
) -> OcpiTariff:
    """`segments`: the tariff's segments that apply at the charge point being exported."""
    elements = []
    for s in segments:
        per_unit = s.price * (
            60 if s.dimension in (Dimension.MINUTE, Dimension.PARKING_MINUTE) else 1
        )
        excl = (per_unit / (1 + vat_pct / 100)).quantize(FOUR, ROUND_HALF_UP)
        component = PriceComponent(_TYPE[s.dimension], excl, vat_pct, _step(s))
        elements.append(TariffElement((component,), _restrictions(s)))
    return OcpiTariff(
        country_code=country_code,
        party_id=party_id,
        id=tariff.id,
        currency=tariff.core.currency,
        elements=tuple(elements),
        tariff_alt_url=tariff.url or None,
    )
