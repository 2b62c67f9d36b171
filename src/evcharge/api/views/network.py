"""Stations, companies and tariffs as JSON:API resources (Chargeprice field names)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache

from evcharge.api import jsonapi
from evcharge.core.network import Company, Tariff
from evcharge.importers.register_sources import REGISTER_SOURCES, STATION_SOURCES
from evcharge.services.catalogue.station_removals import Removal
from evcharge.services.catalogue.stations import StationListing


def company_resource(c: Company) -> jsonapi.Json:
    attributes = {
        "name": c.name,
        "url": c.url,
        "is_cpo": c.is_cpo,
        "is_emp": c.is_emp,
        "version": c.version,
        "external_source_mapping": {"evse_operator_ids": list(c.evse_operator_ids)},
    }
    return jsonapi.resource(
        "company",
        c.id,
        attributes,
        {"supported_emps": jsonapi.to_many("company", sorted(c.supported_emp_ids))},
    )


def station_resource(
    s: StationListing,
    operator: Company | None,
    merged: Sequence[tuple[str, str]] = (),
    distance_m: float | None = None,
) -> jsonapi.Json:
    """A station as its row holds it (a page renders hundreds: straight from the row's values,
    no core objects on the way), with `merged` the (id, source) of the rows of other sources
    merged into it and, for a radius search, its distance. Written out as jsonapi.resource
    would make it, without copying each station's attributes once more: the row's decoded
    lists are its own, read for this answer, and go into it as they are."""
    points = s.charge_points
    source = s.source
    data_sources = [{"source": source, "station_id": s.id, **_attribution(source)}]
    if merged:
        data_sources += [{"source": src, "station_id": i, **_attribution(src)} for i, src in merged]
    attributes = {
        "name": s.name,
        "address": s.address,
        "latitude": s.latitude,
        "longitude": s.longitude,
        "country": s.country,
        "free_parking": s.free_parking,
        "free_charging": s.free_charging,
        "evse_operator": _evse_operator(operator),
        "evse_ids": [e for cp in points for e in cp["evse_ids"]],
        "charge_points": [
            {
                "plug": cp["plug"],
                "power": cp["power"],
                "energy_type": cp["energy_type"],
                "count": cp["count"],
                "available_count": None,
                "evse_ids": cp["evse_ids"],
            }
            for cp in points
        ],
        "facilities": s.facilities,
        "parking_type": s.parking_type,
        "is_sample": s.is_sample,
        "source_label": source,
        "data_source": _data_source(source),
        "data_sources": data_sources,
        "version": s.version,
    }
    if distance_m is not None:
        attributes["distance"] = round(distance_m, 1)
    operator_id = s.operator_id
    return {
        "id": s.id,
        "type": "charging_station",
        "attributes": attributes,
        "relationships": {
            "operator": {"data": {"id": operator_id, "type": "company"} if operator_id else None}
        },
    }


def removed_station_resource(r: Removal) -> jsonapi.Json:
    """A station that left the lists, under its own id: why, and (merged) the station it now
    answers as."""
    return jsonapi.resource(
        "removed_charging_station",
        r.station_id,
        {"reason": r.reason, "updated_at": r.updated_at.isoformat()},
        {"merged_into": jsonapi.to_one("charging_station", r.merged_into)},
    )


@cache
def _data_source(source: str) -> jsonapi.Json | None:
    """Who publishes a register station's data and on what terms: its licence asks that
    users be shown this (None for our own and other sources). One per source, shared by the
    resources of its stations: nothing changes a resource once made."""
    info = REGISTER_SOURCES.get(source)
    if info is None:
        return None
    return {
        "publisher": info.publisher,
        "licence": info.licence,
        "licence_url": info.licence_url,
        "attribution": info.attribution,
    }


@cache
def _attribution(source: str) -> jsonapi.Json:
    """One of a station's `data_sources` but its source and station id: the publisher and
    licence of a source that asks for attribution (None for our own and other sources)."""
    info = STATION_SOURCES.get(source)
    return {
        "publisher": info.publisher if info else None,
        "licence": info.licence if info else None,
        "licence_url": info.licence_url if info else None,
        "attribution": info.attribution if info else None,
    }


def _evse_operator(operator: Company | None) -> str | None:
    return operator.evse_operator_ids[0] if operator and operator.evse_operator_ids else None


def _epoch_ms(moment: datetime | None) -> int | None:
    # Chargeprice gives show_until in milliseconds since the epoch.
    return round(moment.timestamp() * 1000) if moment else None


def tariff_resource(t: Tariff, provider: str) -> jsonapi.Json:
    attributes = {
        "provider": provider,
        "name": t.name,
        "total_monthly_fee": float(t.core.fees.total_monthly_fee),
        "currency": t.core.currency,
        "is_direct_payment": t.is_direct_payment,
        "is_vehicle_brand_restricted": bool(t.vehicle_brands),
        "is_card_payment": t.is_card_payment,
        "provider_customer_tariff": t.provider_customer_only,
        "supported_countries": list(t.supported_countries),
        "url": t.url,
        "prices_as_of": t.prices_as_of.isoformat() if t.prices_as_of else None,
        "version": t.version,
        "tags": [
            {
                "kind": g.kind,
                "localized_text": g.localized_text,
                "url": g.url,
                "show_until": _epoch_ms(g.show_until),
                "hide_for_owners": g.hide_for_owners,
            }
            for g in t.tags
        ],
        "system_tags": [],
    }
    relationships = {"emp": jsonapi.to_one("company", t.emp_id)}
    if t.cpo_id:
        relationships["cpo"] = jsonapi.to_one("company", t.cpo_id)
    return jsonapi.resource("tariff", t.id, attributes, relationships)
