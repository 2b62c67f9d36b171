"""Which charge point `evcharge quote` picks when none is given: the fastest for this car."""

from __future__ import annotations

import pytest

from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.services.pricing.quotes import pick_charge_point, usable_power_kw
from tests.builders import make_vehicle

TYPE2_22 = ChargePointGroup(Plug.TYPE2, 22.0, EnergyType.AC, 2)
CCS_20 = ChargePointGroup(Plug.CCS, 20.0, EnergyType.DC, 1)
CCS_350 = ChargePointGroup(Plug.CCS, 350.0, EnergyType.DC, 4)
CHADEMO_50 = ChargePointGroup(Plug.CHADEMO, 50.0, EnergyType.DC, 1)


def station(*points: ChargePointGroup) -> Station:
    return Station("s", "Test", "Street 1", 48.0, 11.0, "DE", "cpo", points)


@pytest.mark.parametrize(
    ("point", "expected_kw"),
    [
        (TYPE2_22, 11.0),  # the car's 11 kW on-board charger caps a 22 kW point
        (CCS_20, 20.0),  # the station caps the car's 150 kW
        (CCS_350, 150.0),  # the car caps the station
    ],
)
def test_usable_power_is_the_lower_of_car_and_point(
    point: ChargePointGroup, expected_kw: float
) -> None:
    assert usable_power_kw(make_vehicle(), point) == expected_kw


def test_a_20_kw_ccs_beats_a_22_kw_type2_for_an_11_kw_ac_car() -> None:
    assert pick_charge_point(station(TYPE2_22, CCS_20), make_vehicle(), None) is CCS_20


def test_a_plug_the_car_lacks_is_never_picked() -> None:
    assert pick_charge_point(station(CHADEMO_50, TYPE2_22), make_vehicle(), None) is TYPE2_22


def test_a_wanted_plug_and_power_narrow_the_choice() -> None:
    chosen = pick_charge_point(station(CCS_20, CCS_350), make_vehicle(), (Plug.CCS, 20.0))
    assert chosen is CCS_20
