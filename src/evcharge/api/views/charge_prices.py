"""Charge-price requests in, JSON:API documents out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from evcharge.api import jsonapi
from evcharge.api.schemas.charge_prices import ChargePriceRequestDocument
from evcharge.core.locale import DEFAULT_LANGUAGE, Language, no_price_reason_text
from evcharge.core.network import Tariff
from evcharge.core.plugs import energy_type
from evcharge.core.tariff_selection import IncludeMode
from evcharge.core.tariffs import NoPriceReason
from evcharge.services.pricing.charge_prices import (
    PriceAnswer,
    PriceRequest,
    StationInput,
    TariffPrice,
)


def to_request(doc: ChargePriceRequestDocument) -> PriceRequest:
    a, r = doc.data.attributes, doc.data.relationships
    o = a.options
    return PriceRequest(
        station=StationInput(
            country=a.station.country,
            network=a.station.network,
            latitude=a.station.latitude,
            longitude=a.station.longitude,
            charge_points=tuple(
                (cp.plug, cp.power, energy_type(cp.plug)) for cp in a.station.charge_points
            ),
        ),
        vehicle_id=r.vehicle.data.id if r.vehicle else None,
        battery_range=o.battery_range,
        energy_kwh=o.energy,
        duration_min=o.duration,
        currency=o.currency.upper(),
        start_time_min=o.start_time,
        car_ac_phases=o.car_ac_phases,
        allow_unbalanced_load=o.allow_unbalanced_load,
        show_price_unavailable=o.show_price_unavailable,
        max_monthly_fees=Decimal(str(o.max_monthly_fees))
        if o.max_monthly_fees is not None
        else None,
        provider_customer_tariffs=o.provider_customer_tariffs,
        foreign_tariffs=o.foreign_tariffs,
        show_all_brand_restricted_tariffs=o.show_all_brand_restricted_tariffs,
        tariff_ids=tuple(t.id for t in r.tariffs.data) if r.tariffs else None,
        include_mode=r.tariffs.meta.include if r.tariffs else IncludeMode.FILTER,
    )


@dataclass(frozen=True, slots=True)
class Presentation:
    """How an answer is shown: its language, the tariffs the caller listed as theirs (for
    `hide_for_owners`), and the moment tags' `show_until` is compared with."""

    start_time: int
    language: Language = DEFAULT_LANGUAGE
    owned: frozenset[str] = frozenset()
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


def _tags(tariff: Tariff, how: Presentation) -> list[jsonapi.Json]:
    owned = tariff.id in how.owned
    return [
        {"kind": g.kind, "text": g.text_in(how.language), "url": g.url_in(how.language)}
        for g in tariff.tags
        if g.shown(how.now, owned=owned)
    ]


def _reason(reason: NoPriceReason | None, language: Language) -> str | None:
    return no_price_reason_text(reason, language) if reason else None


def _price_resource(t: TariffPrice, answer: PriceAnswer, how: Presentation) -> jsonapi.Json:
    tariff = t.tariff
    attributes = {
        "provider": t.provider,
        "tariff_name": tariff.name,
        "url": tariff.url,
        "monthly_min_sales": float(t.monthly_min_sales),
        "total_monthly_fee": float(t.total_monthly_fee),
        "flat_rate": tariff.is_flat_rate,
        "direct_payment": tariff.is_direct_payment,
        "is_card_payment": tariff.is_card_payment,
        "provider_customer_tariff": tariff.provider_customer_only,
        "is_roaming": tariff.is_roaming,
        "is_promoted": False,
        "currency": answer.currency,
        "start_time": how.start_time,
        "tags": _tags(tariff, how),
        "system_tags": [],
        "branding": None,
        "charge_point_prices": [
            {
                "plug": p.plug.value,
                "power": p.power_kw,
                "price": float(p.price) if p.price is not None else None,
                "price_distribution": p.distribution,
                "blocking_fee_start": p.blocking_fee_start_min,
                "no_price_reason": _reason(p.no_price_reason, how.language),
                "no_price_reason_code": p.no_price_reason,
                "is_average_price": False,
            }
            for p in t.prices
        ],
    }
    return jsonapi.resource(
        "charge_price", tariff.id, attributes, {"tariff": jsonapi.to_one("tariff", tariff.id)}
    )


def charge_price_document(answer: PriceAnswer, how: Presentation) -> jsonapi.Json:
    meta = {
        "charge_points": [
            {
                "plug": s.plug.value,
                "power": s.power_kw,
                "energy": round(s.profile.energy_kwh, 3),
                "battery_energy": round(s.profile.battery_energy_kwh, 3),
                "duration": round(s.profile.duration_min, 2),
            }
            for s in answer.sessions
        ],
        "currency": answer.currency,
        "exchange_rate_date": answer.rate_date,
    }
    data = [_price_resource(t, answer, how) for t in answer.tariffs]
    return jsonapi.document(data, meta=meta)
