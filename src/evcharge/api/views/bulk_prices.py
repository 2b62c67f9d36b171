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
    # Up to 100 resources on every call: literal dicts, and each profile's figures rounded once
    # (stations with the same charge point share a profile).
    currency = answer.currency
    figures: dict[int, tuple[float, float, float]] = {}
    data = []
    for p in answer.prices:
        profile = p.profile
        rounded = figures.get(id(profile))
        if rounded is None:
            rounded = figures[id(profile)] = (
                round(profile.energy_kwh, 3),
                round(profile.battery_energy_kwh, 3),
                round(profile.duration_min, 2),
            )
        station_id = p.station.id
        data.append(
            {
                "id": station_id,
                "type": "charge_price_preview",
                "attributes": {
                    "energy": rounded[0],
                    "battery_energy": rounded[1],
                    "duration": rounded[2],
                    "price": float(p.price),
                    "currency": currency,
                    "plug": p.plug.value,
                    "power": p.power_kw,
                },
                "relationships": {
                    "charging_station": jsonapi.to_one("charging_station", station_id),
                    "tariff": jsonapi.to_one("tariff", p.tariff.id),
                },
            }
        )
    meta = {
        "currency": currency,
        "exchange_rate_date": answer.rate_date,
        "unpriced_stations": [{"charging_station": s, "reason": why} for s, why in answer.unpriced],
    }
    return jsonapi.document(data, meta=meta)
