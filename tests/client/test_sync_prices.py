"""Charge prices and bulk prices through `Client`: the same numbers as the raw HTTP API."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from evcharge.client import Client, PriceStation, Station, Vehicle
from evcharge.client._price_calls import bulk_request, charge_price_request
from tests.client.test_sync import WITZHAVE_EVSE
from tests.live_server import LiveServer


@pytest.fixture
def station(client: Client) -> Station:
    return client.station(WITZHAVE_EVSE)


@pytest.fixture
def car(client: Client) -> Vehicle:
    return next(client.vehicles(q="ioniq 5"))


def exact(live: LiveServer, path: str, body: dict[str, Any]) -> Any:
    return json.loads(live.raw("POST", path, json=body).text, parse_float=Decimal)


def test_charge_prices_equal_the_raw_apis(
    client: Client, live: LiveServer, station: Station, car: Vehicle
) -> None:
    answer = client.charge_prices(
        station, vehicle=car, battery_range_pct=(20, 80), currency="GBP", start_time_min=1200
    )
    where = {
        "longitude": station.longitude,
        "latitude": station.latitude,
        "country": "DE",
        "network": station.operator_id,
        "charge_points": [{"power": 350, "plug": "ccs"}],
    }
    options = {"battery_range": [20, 80], "currency": "GBP", "start_time": 1200}
    raw = exact(
        live,
        "/v1/charge_prices",
        {
            "data": {
                "type": "charge_price_request",
                "attributes": {"data_adapter": "chargeprice", "station": where, "options": options},
                "relationships": {"vehicle": {"data": {"id": car.id, "type": "car"}}},
            }
        },
    )
    assert [(p.tariff_id, p.price_at("ccs", 350)) for p in answer.prices] == [
        (p["id"], p["attributes"]["charge_point_prices"][0]["price"]) for p in raw["data"]
    ]
    assert all(isinstance(p.charge_point_prices[0].price, Decimal) for p in answer.prices)
    session = answer.sessions[0]
    meta = raw["meta"]["charge_points"][0]
    assert session.energy_kwh == float(meta["energy"])
    assert session.duration_min == float(meta["duration"])
    assert session.battery_energy_kwh == float(meta["battery_energy"])
    assert (answer.currency, str(answer.exchange_rate_date)) == (
        "GBP",
        raw["meta"]["exchange_rate_date"],
    )
    assert answer.prices[0].start_time_min == 1200


def test_charge_prices_for_a_given_energy_and_duration(client: Client, station: Station) -> None:
    answer = client.charge_prices(
        PriceStation.of(station),
        energy_kwh=30,
        duration_min=25,
        language="de",
        show_price_unavailable=True,
    )
    assert answer.language == "de"
    assert answer.sessions[0].energy_kwh == 30
    assert answer.sessions[0].duration_min == 25
    priced = [p.charge_point_prices[0].price for p in answer.prices]
    assert [p for p in priced if p is not None] == sorted(p for p in priced if p is not None)


def test_charge_prices_for_chosen_tariffs_only(
    client: Client, station: Station, car: Vehicle
) -> None:
    everything = client.charge_prices(station, vehicle=car, battery_range_pct=(10, 80))
    chosen = [everything.prices[-1].tariff_id]
    only = client.charge_prices(
        station,
        vehicle=car,
        battery_range_pct=(10, 80),
        tariffs=chosen,
        tariff_include="exclusive",
    )
    assert [p.tariff_id for p in only.prices] == chosen


def test_the_request_the_client_sends_is_the_documented_one(
    live: LiveServer, station: Station, car: Vehicle
) -> None:
    body = charge_price_request(station, {"vehicle": car, "battery_range_pct": (20, 80)})
    assert live.raw("POST", "/v1/charge_prices", json=body).status_code == 200


def test_bulk_prices_equal_the_raw_apis(client: Client, live: LiveServer, car: Vehicle) -> None:
    stations = list(client.stations(countries="DE"))[:30]
    tariffs = client.tariffs()
    answer = client.bulk_prices(stations, tariffs, car, battery_range_pct=(20, 80), currency="GBP")
    body = bulk_request(
        [s.id for s in stations], [t.id for t in tariffs], car.id, (20, 80), {"currency": "GBP"}
    )
    raw = exact(live, "/v1/charge_prices/bulk", body)
    assert [(p.station_id, p.tariff_id, p.price) for p in answer.prices] == [
        (p["id"], p["relationships"]["tariff"]["data"]["id"], p["attributes"]["price"])
        for p in raw["data"]
    ]
    assert answer.prices
    assert answer.currency == "GBP"
    assert len(answer.prices) + len(answer.unpriced) == len(stations)
    assert [u.station_id for u in answer.unpriced] == [
        u["charging_station"] for u in raw["meta"]["unpriced_stations"]
    ]
