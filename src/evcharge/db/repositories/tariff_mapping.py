"""Core tariffs <-> rows; price components use the document shape of core/tariff_documents."""

from __future__ import annotations

import logging
from datetime import datetime
from decimal import Decimal
from typing import Any

from evcharge.codecs.ocpi_json import dump_tariff, parse_tariff
from evcharge.core.errors import EvchargeError
from evcharge.core.network import NoPricePolicy, Tag, Tariff
from evcharge.core.ocpi.model import OcpiTariff
from evcharge.core.tariff_documents import components, prices_doc
from evcharge.core.tariffs import (
    MAX_TARIFF_AMOUNT,
    NoPriceReason,
    TariffCore,
    TariffFees,
    within_tariff_bounds,
)
from evcharge.db.models import TariffRow

log = logging.getLogger("evcharge.tariffs")


def columns(t: Tariff) -> dict[str, Any]:
    return {
        "id": t.id,
        "emp_id": t.emp_id,
        "cpo_id": t.cpo_id,
        "name": t.name,
        "currency": t.core.currency,
        "monthly_fee": t.core.fees.monthly_fee,
        "yearly_service_fee": t.core.fees.yearly_service_fee,
        "monthly_min_sales": t.core.fees.monthly_min_sales,
        "is_flat_rate": t.is_flat_rate,
        "is_direct_payment": t.is_direct_payment,
        "is_card_payment": t.is_card_payment,
        "provider_customer_only": t.provider_customer_only,
        "url": t.url,
        "supported_countries": list(t.supported_countries),
        "vehicle_brands": list(t.vehicle_brands),
        "tags": [_tag_doc(g) for g in t.tags],
        "no_price_policy": t.no_price_policy.value,
        "no_price_reason": t.no_price_reason.value,
        "prices": prices_doc(t.core.components),
        "prices_as_of": t.prices_as_of,
        "sources": list(t.sources),
        "ocpi": dump_tariff(t.ocpi) if t.ocpi else None,
    }


def to_tariff(row: TariffRow) -> Tariff:
    """The row as a Tariff. A row whose prices cannot be read (written by hand, by an older
    version, or beyond today's bounds) becomes a tariff without a price and says why, so that
    one bad row never fails an answer that lists or prices many tariffs."""
    try:
        core, ocpi = _priced_parts(row)
        policy, reason = NoPricePolicy(row.no_price_policy), NoPriceReason(row.no_price_reason)
    except (EvchargeError, ArithmeticError, ValueError, TypeError, KeyError, AttributeError) as exc:
        log.warning("tariff %s cannot be read, served without a price: %s", row.id, repr(exc)[:200])
        core = TariffCore(id=row.id, currency=row.currency, components=(), fees=TariffFees())
        ocpi, policy = None, NoPricePolicy.SHOW_REASON
        reason = NoPriceReason.NO_RELIABLE_DATA_AVAILABLE
    return Tariff(
        core=core,
        name=row.name,
        emp_id=row.emp_id,
        cpo_id=row.cpo_id,
        url=row.url,
        is_flat_rate=row.is_flat_rate,
        is_direct_payment=row.is_direct_payment,
        is_card_payment=row.is_card_payment,
        provider_customer_only=row.provider_customer_only,
        supported_countries=tuple(row.supported_countries),
        vehicle_brands=tuple(row.vehicle_brands),
        tags=tuple(_tag(g) for g in row.tags),
        no_price_policy=policy,
        no_price_reason=reason,
        prices_as_of=row.prices_as_of,
        sources=tuple(row.sources),
        version=row.version,
        ocpi=ocpi,
    )


def _priced_parts(row: TariffRow) -> tuple[TariffCore, OcpiTariff | None]:
    fees = TariffFees(row.monthly_fee, row.yearly_service_fee, row.monthly_min_sales)
    found = components(row.prices)
    amounts = [fees.monthly_fee, fees.yearly_service_fee, fees.monthly_min_sales]
    amounts += [s.price for c in found for s in c.segments]
    if not all(within_tariff_bounds(Decimal(a)) for a in amounts):
        raise ValueError(f"an amount is beyond ±{MAX_TARIFF_AMOUNT}")
    core = TariffCore(id=row.id, currency=row.currency, components=found, fees=fees)
    return core, parse_tariff(row.ocpi) if row.ocpi else None


def _tag_doc(tag: Tag) -> dict[str, Any]:
    return {
        "kind": tag.kind,
        "text": tag.text,
        "url": tag.url,
        "translations": dict(tag.translations),
        "show_until": tag.show_until.isoformat() if tag.show_until else None,
        "hide_for_owners": tag.hide_for_owners,
    }


def _tag(doc: dict[str, Any]) -> Tag:
    """Rows written before tags had translations hold only kind, text and url."""
    until = doc.get("show_until")
    return Tag(
        doc["kind"],
        doc["text"],
        doc.get("url"),
        tuple(sorted(doc.get("translations", {}).items())),
        datetime.fromisoformat(until) if until else None,
        bool(doc.get("hide_for_owners", False)),
    )
