"""POST /v1/cdr_prices and `evcharge ocpi price-cdr`: a finished session, priced and explained."""

from __future__ import annotations

from dataclasses import dataclass

from evcharge.codecs.ocpi_json import parse_cdr, parse_tariff
from evcharge.core.ocpi.pricing import CdrPrice, price_cdr, select_tariff
from evcharge.core.ocpi.zones import zone


@dataclass(frozen=True, slots=True)
class PricedCdr:
    price: CdrPrice
    time_zone: str


def price_cdr_documents(
    tariff_doc: object | None, cdr_doc: object, time_zone: str | None
) -> PricedCdr:
    """`tariff_doc` is an OCPI Tariff; without one, the tariffs the CDR embeds are used."""
    cdr = parse_cdr(cdr_doc)
    given = (parse_tariff(tariff_doc),) if tariff_doc is not None else None
    tariff = select_tariff(cdr, given)
    where = zone(time_zone, cdr.country)
    return PricedCdr(price_cdr(cdr, tariff, where), where.key)
