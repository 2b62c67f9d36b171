"""`evcharge quote`'s choices: the charge point when none is given (the fastest for this car),
and the station named by id, EVSE id or text (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from evcharge.api import examples
from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.services.catalogue import Catalogue
from evcharge.services.pricing.quotes import (
    MAX_CANDIDATES,
    find_station,
    pick_charge_point,
    usable_power_kw,
)
from evcharge.settings import Settings
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


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    chosen: Settings = (
        settings if request.param == "sqlite" else request.getfixturevalue("pg_settings")
    )
    database = Database(chosen)
    yield database
    database.dispose()


@pytest.mark.parametrize(
    "text",
    [examples.STATION_ID, examples.STATION_EVSE_ID, "witzhave", "ionity a24 witzhave", "22969"],
)
def test_find_station_by_id_evse_id_or_text(seeded: Database, text: str) -> None:
    with seeded.transaction() as session:
        assert find_station(session, Catalogue(), text).id == examples.STATION_ID


def test_text_matching_several_stations_names_them(seeded: Database) -> None:
    with seeded.transaction() as session, pytest.raises(InvalidInput) as raised:
        find_station(session, Catalogue(), "ionity")
    assert raised.value.message.startswith("'ionity' matches more than 10 stations")
    assert raised.value.message.count("\n") == MAX_CANDIDATES


def test_text_matching_no_station_is_not_found(seeded: Database) -> None:
    with seeded.transaction() as session, pytest.raises(NotFound, match="matching 'zzzqqq'"):
        find_station(session, Catalogue(), "zzzqqq")
