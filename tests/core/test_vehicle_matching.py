"""Which records are the same real variant (core.vehicle_matching's documented rule)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from evcharge.core.brands import canonical_brand
from evcharge.core.v2x import Market
from evcharge.core.vehicle_matching import (
    Candidate,
    closest,
    drivetrain,
    model_key,
    richness,
    same_variant,
)
from evcharge.core.vehicles import CurveProvenance, EvType, VehicleType
from tests.builders import make_vehicle

HYUNDAI = canonical_brand("Hyundai")


def candidate(**overrides: Any) -> Candidate:
    base = Candidate(
        vehicle_id="c1",
        source="curated",
        source_key="1",
        label="Hyundai IONIQ 5 Long Range 77.4 kWh RWD (2022)",
        brand_id=HYUNDAI.id,
        model="IONIQ 5",
        variant="Long Range 77.4 kWh RWD",
        release_year=2022,
        vehicle_type=VehicleType.CAR,
        ev_type=EvType.BEV,
        usable_battery_size_kwh=74.0,
        markets=(Market.UK, Market.EU),
        richness=(2, 1, 1),
    )
    return replace(base, **overrides)


RECORD = make_vehicle(
    brand=HYUNDAI, model="Ioniq 5", variant="", release_year=2021, usable_battery_size_kwh=72.6
)


@pytest.mark.parametrize(
    ("case", "record", "matches"),
    [
        ("model spelt otherwise, battery 1.4 kWh off, a year apart", RECORD, True),
        ("battery exactly 2 kWh off", replace(RECORD, usable_battery_size_kwh=72.0), True),
        ("battery 2.1 kWh off", replace(RECORD, usable_battery_size_kwh=71.9), False),
        ("another brand", replace(RECORD, brand=canonical_brand("Kia")), False),
        ("another model", replace(RECORD, model="Ioniq 6"), False),
        ("a PHEV", replace(RECORD, ev_type=EvType.PHEV), False),
        ("a van", replace(RECORD, vehicle_type=VehicleType.VAN), False),
        ("AWD against RWD", replace(RECORD, variant="AWD"), False),
        ("RWD against RWD", replace(RECORD, variant="Long Range 2WD"), True),
        ("sold only in the US", replace(RECORD, markets=(Market.US,)), False),
        ("4 model years apart", replace(RECORD, release_year=2026), True),
        ("5 model years apart", replace(RECORD, release_year=2027), False),
        ("no model year", replace(RECORD, release_year=None), True),
    ],
)
def test_same_variant(case: str, record: Any, matches: bool) -> None:
    assert same_variant(record, candidate()) is matches, case


def test_the_nearest_model_year_wins_then_the_nearest_battery() -> None:
    launch = candidate(vehicle_id="2022", release_year=2022)
    later = candidate(vehicle_id="2024", release_year=2024)
    record_2023 = replace(RECORD, release_year=2023)
    # One year from each: the earlier one, the variant on sale in 2023.
    assert closest(record_2023, [later, launch]) == launch
    near = candidate(vehicle_id="near", usable_battery_size_kwh=73.0)
    assert closest(RECORD, [launch, near]) == near
    assert closest(replace(RECORD, model="Kona"), [launch, near]) is None


@pytest.mark.parametrize(
    ("model", "key"), [("IONIQ 5", "ioniq5"), ("Ioniq-5", "ioniq5"), ("ë-C4", "ec4")]
)
def test_model_key(model: str, key: str) -> None:
    assert model_key(model) == key


@pytest.mark.parametrize(
    ("variant", "found"),
    [("Long Range AWD", "awd"), ("50 quattro", "awd"), ("Dual Motor", "awd"),
     ("Long Range RWD", "2wd"), ("Single Motor", "2wd"), ("Base", None), ("", None)],
)  # fmt: skip
def test_drivetrain(variant: str, found: str | None) -> None:
    assert drivetrain(variant) == found


def test_a_measured_curve_is_richer_than_the_default_rule() -> None:
    measured = make_vehicle()
    default = replace(measured, curve_provenance=CurveProvenance.DEFAULT)
    assert richness(measured) > richness(default)
    assert richness(measured) > richness(replace(measured, energy_consumption_kwh_per_100km=None))
