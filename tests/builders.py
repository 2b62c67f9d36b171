"""Tiny builders for core values (Cosmic Python style): valid by default, override what matters."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from evcharge.core.curves import default_ac_table
from evcharge.core.ids import brand_id
from evcharge.core.v2x import Market, MarketV2x
from evcharge.core.vehicles import (
    AcPort,
    Brand,
    CurvePoint,
    DcPort,
    EvType,
    Vehicle,
    VehicleType,
)


def make_vehicle(**overrides: Any) -> Vehicle:
    base = Vehicle(
        id="00000000-0000-0000-0000-000000000001",
        evdb_vehicle_id=99001,  # beyond every curated brand's block of 100
        brand=Brand(id=brand_id("Testmark"), name="Testmark"),
        model="Volt One",
        variant="60 kWh",
        release_year=2023,
        vehicle_type=VehicleType.CAR,
        ev_type=EvType.BEV,
        usable_battery_size_kwh=60.0,
        ac_phases=3,
        ac_ports=(AcPort.TYPE2,),
        ac_max_power_kw=11.0,
        ac_power_per_charging_point_kw=default_ac_table(phases=3, ac_max_power_kw=11.0),
        dc_ports=(DcPort.CCS,),
        dc_max_power_kw=150.0,
        dc_charging_curve=(
            CurvePoint(0, 120),
            CurvePoint(20, 150),
            CurvePoint(50, 140),
            CurvePoint(80, 70),
            CurvePoint(100, 11),
        ),
        dc_default_charging_curve=False,
        energy_consumption_kwh_per_100km=17.0,
        markets=(Market.UK, Market.EU),
        bidirectional={Market.UK: MarketV2x(), Market.EU: MarketV2x()},
        sources=("https://example.org/spec",),
    )
    return replace(base, **overrides)
