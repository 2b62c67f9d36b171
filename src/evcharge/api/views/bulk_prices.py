"""Bulk price requests in, JSON:API documents out."""

from __future__ import annotations

from evcharge.api import jsonapi
from evcharge.api.schemas.bulk_prices import BulkRequestDocument
from evcharge.services.pricing.bulk_prices import BulkAnswer, BulkRequest


def to_bulk_request(doc: BulkRequestDocument) -> BulkRequest:
    a, r = doc.data.attributes, doc.data.relationships
    return BulkRequest(
        station_ids=tuple(dict.fromkeys(s.id for s in r.charging_stations.data)),
        tariff_ids=tuple(dict.fromkeys(t.id for t in r.tariffs.data)),
        vehicle_id=r.vehicle.data.id,
        battery_range=a.battery_range,
        currency=a.currency.upper(),
        start_time_min=a.start_time,
        allow_unbalanced_load=a.allow_unbalanced_load,
        include_direct_payment=a.include_direct_payment,
        charge_points_power_lte=a.charge_points_power_lte,
    )


def bulk_document(answer: BulkAnswer) -> jsonapi.Json:
    data = [
        jsonapi.resource(
            "charge_price_preview",
            p.station.id,
            {
                "energy": round(p.profile.energy_kwh, 3),
                "battery_energy": round(p.profile.battery_energy_kwh, 3),
                "duration": round(p.profile.duration_min, 2),
                "price": float(p.price),
                "currency": answer.currency,
                "plug": p.plug.value,
                "power": p.power_kw,
            },
            {
                "charging_station": jsonapi.to_one("charging_station", p.station.id),
                "tariff": jsonapi.to_one("tariff", p.tariff.id),
            },
        )
        for p in answer.prices
    ]
    meta = {
        "currency": answer.currency,
        "exchange_rate_date": answer.rate_date,
        "unpriced_stations": [{"charging_station": s, "reason": why} for s, why in answer.unpriced],
    }
    return jsonapi.document(data, meta=meta)
