"""Price requests built from typed arguments (pure): the JSON:API documents the API reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from evcharge.client import ChargePointSpec, PriceStation, Station, Vehicle
from evcharge.client._price_calls import bulk_request, charge_price_request, charge_prices

STATION = Station.model_validate(
    {
        "id": "s1",
        "name": "Hub",
        "latitude": 53.5,
        "longitude": 10.3,
        "country": "DE",
        "operator_id": "cpo1",
        "charge_points": [
            {"plug": "ccs", "power": 350.0, "energy_type": "dc", "count": 4},
            {"plug": "ccs", "power": 350.0, "energy_type": "dc", "count": 2},
            {"plug": "type2", "power": 22.0, "energy_type": "ac", "count": 2},
        ],
    }
)
VAN = Vehicle.model_validate(
    {
        "id": "v1",
        "type": "van",
        "brand": "Ford",
        "model": "E-Transit",
        "variant": "68 kWh",
        "ev_type": "bev",
        "usable_battery_size": 68.0,
        "ac_phases": 3,
        "ac_max_power": 11.0,
    }
)


def test_a_charge_price_request_with_a_vehicle() -> None:
    where = PriceStation(10.3, 53.5, "DE", "cpo1", [ChargePointSpec("ccs", 350), ("type2", 22)])
    doc = charge_price_request(
        where,
        {
            "vehicle": "car1",
            "battery_range_pct": (20, 80),
            "currency": "GBP",
            "start_time_min": 1200,
            "max_monthly_fees": Decimal("5.5"),
            "tariffs": ["t1"],
            "tariff_include": "always",
        },
    )
    assert doc == {
        "data": {
            "type": "charge_price_request",
            "attributes": {
                "data_adapter": "chargeprice",
                "station": {
                    "longitude": 10.3,
                    "latitude": 53.5,
                    "country": "DE",
                    "network": "cpo1",
                    "charge_points": [
                        {"plug": "ccs", "power": 350},
                        {"plug": "type2", "power": 22},
                    ],
                },
                "options": {
                    "battery_range": [20, 80],
                    "currency": "GBP",
                    "start_time": 1200,
                    "max_monthly_fees": 5.5,
                },
            },
            "relationships": {
                "vehicle": {"data": {"id": "car1", "type": "car"}},
                "tariffs": {
                    "data": [{"id": "t1", "type": "tariff"}],
                    "meta": {"include": "always"},
                },
            },
        }
    }


def test_a_station_model_gives_its_distinct_charge_points_and_operator() -> None:
    doc = charge_price_request(STATION, {"energy_kwh": 30, "duration_min": 25})
    attributes = doc["data"]["attributes"]
    assert attributes["station"]["network"] == "cpo1"
    assert attributes["station"]["charge_points"] == [
        {"plug": "ccs", "power": 350.0},
        {"plug": "type2", "power": 22.0},
    ]
    assert attributes["options"] == {"energy": 30, "duration": 25}
    assert "relationships" not in doc["data"]
    assert PriceStation.of(STATION, plugs=["type2"]).charge_points == (("type2", 22.0),)


def test_a_station_without_operator_cannot_be_priced() -> None:
    with pytest.raises(ValueError, match="no operator"):
        PriceStation.of(STATION.model_copy(update={"operator_id": None}))


def test_language_goes_in_accept_language() -> None:
    call = charge_prices(STATION, {"energy_kwh": 30, "duration_min": 25, "language": "de"})
    assert (call.method, call.path, dict(call.headers)) == (
        "POST",
        "/v1/charge_prices",
        {"Accept-Language": "de"},
    )


def test_a_bulk_request_takes_ids_or_models() -> None:
    doc = bulk_request(
        [STATION, "s2"],
        ["t1"],
        VAN,
        (10, 90),
        {"currency": "GBP", "charge_points_power_lte_kw": 150, "include_direct_payment": True},
    )
    assert doc == {
        "data": {
            "type": "bulk_price_preview_request",
            "attributes": {
                "battery_range": [10, 90],
                "currency": "GBP",
                "include_direct_payment": True,
                "charge_points_power_lte": 150,
            },
            "relationships": {
                "charging_stations": {
                    "data": [
                        {"id": "s1", "type": "charging_station"},
                        {"id": "s2", "type": "charging_station"},
                    ]
                },
                "tariffs": {"data": [{"id": "t1", "type": "tariff"}]},
                "vehicle": {"data": {"id": "v1", "type": "van"}},
            },
        }
    }
