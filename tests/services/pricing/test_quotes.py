"""`evcharge quote`'s choices: the charge point when none is given (the fastest for this car),
and the station named by id, EVSE id or text (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest

from evcharge.api import examples
from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.fx import ExchangeRates
from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.core.vehicles import AcPort, DcPort
from evcharge.db.engine import Database
from evcharge.importers.afdc import iter_afdc
from evcharge.importers.curated_network_build import company_id
from evcharge.importers.register_sources import AFDC
from evcharge.importers.registers import stations_only
from evcharge.services.catalogue import Catalogue
from evcharge.services.imports.registers import import_register, station_id
from evcharge.services.pricing.quotes import (
    MAX_CANDIDATES,
    QuoteRequest,
    find_station,
    pick_charge_point,
    quote,
    usable_power_kw,
)
from evcharge.settings import Settings
from tests.builders import make_vehicle
from tests.conftest import shared_path
from tests.pg_scratch import own_seeded_database

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


NACS_LEVEL2 = ChargePointGroup(Plug.NACS, 11.5, EnergyType.AC, 2)  # a Tesla Destination post
NACS_SUPERCHARGER = ChargePointGroup(Plug.NACS, 250.0, EnergyType.DC, 8)


def test_a_nacs_level_2_post_is_an_ac_point() -> None:
    # A CCS1 car (J1772 inlet) takes the Level 2 post through an adapter, as any AC point, at
    # its 11 kW on-board charger's power; a Supercharger's NACS DC does not fit it.
    ccs1_car = make_vehicle(ac_ports=(AcPort.TYPE1,), dc_ports=(DcPort.CCS1,))
    assert usable_power_kw(ccs1_car, NACS_LEVEL2) == 11.0
    assert pick_charge_point(station(NACS_SUPERCHARGER, NACS_LEVEL2), ccs1_car, None) is (
        NACS_LEVEL2
    )
    with pytest.raises(InvalidInput, match="no usable charge point"):
        pick_charge_point(station(NACS_SUPERCHARGER), ccs1_car, None)


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


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """A seeded database of this test's own: the stations it imports stay out of others."""
    with own_seeded_database(request, settings, "quotes") as database:
        yield database


def test_a_tesla_destination_post_from_the_afdc_is_priced_as_ac(own_database: Database) -> None:
    # AFDC WA 2025-02-09, line 318: ID 116124 "Hotel Theodore - Tesla Destination", 1531 7th
    # Ave, Level 2: 3, "TESLA", network Tesla Destination, pricing "Free". Line 463: ID 149358
    # "Union Square - Tesla Supercharger", DC fast: 10, "TESLA", network Tesla.
    path = shared_path("data", "afdc", "alt_fuel_stations_WA_2025-02-09.csv")
    rows = [r for r in stations_only(iter_afdc(path)) if r.source_key in {"116124", "149358"}]
    rates = ExchangeRates(date(2026, 10, 30), {"GBP": Decimal("0.85"), "USD": Decimal("1.10")})
    with own_database.transaction() as session:
        import_register(session, rows, AFDC)
        theodore, union_square = (station_id("afdc", key) for key in ("116124", "149358"))
        # A Chevrolet Bolt (J1772 + CCS1) at the NACS Level 2 post: AC, through the usual adapter,
        # on its on-board charger; free under the Tesla Destination tariff.
        bolt = quote(session, Catalogue(), QuoteRequest("92901", theodore, (20, 80), "USD"), rates)
        assert bolt.charge_point == ChargePointGroup(Plug.NACS, 7.2, EnergyType.AC, 3)
        assert bolt.answer.sessions[0].profile.kind is EnergyType.AC
        [free] = [
            t for t in bolt.answer.tariffs if t.tariff.cpo_id == company_id("tesla-destination")
        ]
        assert free.prices[0].price == Decimal("0.00")
        # The Supercharger's NACS is DC: a NACS car charges there on DC, the Bolt cannot.
        nacs_car = QuoteRequest("91005", union_square, (20, 80), "USD")
        at_supercharger = quote(session, Catalogue(), nacs_car, rates)
        assert at_supercharger.answer.sessions[0].profile.kind is EnergyType.DC
        with pytest.raises(InvalidInput, match="no usable charge point"):
            quote(session, Catalogue(), QuoteRequest("92901", union_square, (20, 80)), rates)
