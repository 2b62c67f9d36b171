"""POST /v1/charge_prices and /v1/charge_prices/bulk as `Call`s: JSON:API request documents
built from typed arguments, and typed answers (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from evcharge.client._jsonapi import Json, resources
from evcharge.client._protocol import Call, Reply, decode
from evcharge.client.filters import only_known
from evcharge.client.models import Station, Tariff, Vehicle
from evcharge.client.prices import (
    BulkOptions,
    BulkPrices,
    ChargePrices,
    PriceOptions,
    PriceStation,
)

# Our argument name -> the API's attribute name.
PRICE_OPTIONS = {
    "battery_range_pct": "battery_range",
    "energy_kwh": "energy",
    "duration_min": "duration",
    "currency": "currency",
    "start_time_min": "start_time",
    "car_ac_phases": "car_ac_phases",
    "allow_unbalanced_load": "allow_unbalanced_load",
    "show_price_unavailable": "show_price_unavailable",
    "max_monthly_fees": "max_monthly_fees",
    "provider_customer_tariffs": "provider_customer_tariffs",
    "foreign_tariffs": "foreign_tariffs",
    "show_all_brand_restricted_tariffs": "show_all_brand_restricted_tariffs",
    "average_prices": "average_prices",
}
BULK_OPTIONS = {
    "currency": "currency",
    "start_time_min": "start_time",
    "allow_unbalanced_load": "allow_unbalanced_load",
    "include_direct_payment": "include_direct_payment",
    "charge_points_power_lte_kw": "charge_points_power_lte",
}


def _json(value: object) -> Any:
    if isinstance(value, Decimal):
        return float(value)  # the API reads JSON numbers
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    return value


def _renamed(given: Mapping[str, object], names: Mapping[str, str]) -> Json:
    return {api: _json(given[ours]) for ours, api in names.items() if ours in given}


def _identifier(item: str | Station | Tariff | Vehicle, type_: str) -> Json:
    if isinstance(item, str):
        return {"id": item, "type": type_}
    if isinstance(item, Vehicle):
        return {"id": item.id, "type": item.vehicle_type}
    return {"id": item.id, "type": type_}


def _station(where: PriceStation) -> Json:
    return {
        "longitude": where.longitude,
        "latitude": where.latitude,
        "country": where.country,
        "network": where.network,
        "charge_points": [{"plug": plug, "power": power} for plug, power in where.charge_points],
    }


def charge_price_request(station: Station | PriceStation, options: PriceOptions) -> Json:
    """The request document of POST /v1/charge_prices."""
    where = station if isinstance(station, PriceStation) else PriceStation.of(station)
    given: Mapping[str, object] = options
    relationships: Json = {}
    if "vehicle" in options:
        relationships["vehicle"] = {"data": _identifier(options["vehicle"], "car")}
    if "tariffs" in options:
        relationships["tariffs"] = {
            "data": [_identifier(t, "tariff") for t in options["tariffs"]],
            "meta": {"include": options.get("tariff_include", "filter")},
        }
    attributes = {
        "data_adapter": "chargeprice",
        "station": _station(where),
        "options": _renamed(given, PRICE_OPTIONS),
    }
    data = {"type": "charge_price_request", "attributes": attributes}
    return {"data": data | ({"relationships": relationships} if relationships else {})}


def _read_charge_prices(reply: Reply) -> ChargePrices:
    doc = decode(reply)
    meta = doc["meta"]
    return ChargePrices.model_validate({
        "prices": resources(doc), "sessions": meta.get("charge_points", []),
        "currency": meta["currency"], "exchange_rate_date": meta.get("exchange_rate_date"),
        "language": reply.headers.get("content-language"),
    })  # fmt: skip


def charge_prices(station: Station | PriceStation, options: PriceOptions) -> Call[ChargePrices]:
    only_known(options, PriceOptions, "charge_prices")
    headers = {"Accept-Language": options["language"]} if "language" in options else {}
    body = charge_price_request(station, options)
    return Call("POST", "/v1/charge_prices", _read_charge_prices, body=body, headers=headers)


def bulk_request(
    stations: Iterable[str | Station],
    tariffs: Iterable[str | Tariff],
    vehicle: str | Vehicle,
    battery_range_pct: tuple[float, float],
    options: BulkOptions,
) -> Json:
    """The request document of POST /v1/charge_prices/bulk."""
    given: Mapping[str, object] = options
    attributes = {"battery_range": _json(tuple(battery_range_pct))} | _renamed(given, BULK_OPTIONS)
    relationships = {
        "charging_stations": {"data": [_identifier(s, "charging_station") for s in stations]},
        "tariffs": {"data": [_identifier(t, "tariff") for t in tariffs]},
        "vehicle": {"data": _identifier(vehicle, "car")},
    }
    data = {"type": "bulk_price_preview_request", "attributes": attributes}
    return {"data": data | {"relationships": relationships}}


def _read_bulk_prices(reply: Reply) -> BulkPrices:
    doc = decode(reply)
    meta = doc["meta"]
    return BulkPrices.model_validate({
        "prices": resources(doc), "unpriced": meta.get("unpriced_stations", []),
        "currency": meta["currency"], "exchange_rate_date": meta.get("exchange_rate_date"),
    })  # fmt: skip


def bulk_prices(
    stations: Iterable[str | Station],
    tariffs: Iterable[str | Tariff],
    vehicle: str | Vehicle,
    battery_range_pct: tuple[float, float],
    options: BulkOptions,
) -> Call[BulkPrices]:
    only_known(options, BulkOptions, "bulk_prices")
    body = bulk_request(stations, tariffs, vehicle, battery_range_pct, options)
    return Call("POST", "/v1/charge_prices/bulk", _read_bulk_prices, body=body)
