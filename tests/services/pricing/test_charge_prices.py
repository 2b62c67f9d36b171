"""Charge prices at one station, on a fixture network of our own (hand-checked numbers)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.fx import ExchangeRates
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.curated_network_build import company_id, load_network
from evcharge.services.catalogue import Catalogue
from evcharge.services.imports.network import import_network
from evcharge.services.pricing.charge_prices import (
    PriceAnswer,
    PriceRequest,
    StationInput,
    charge_prices,
)
from tests.services.imports.test_network_import import FIXTURE

RATES = ExchangeRates(date(2026, 10, 30), {"GBP": Decimal("0.85"), "USD": Decimal("1.10")})
HPC = StationInput("DE", company_id("hpc"), 48.5, 11.5, ((Plug.CCS, 350.0, EnergyType.DC),))
BY_ENERGY = PriceRequest(station=HPC, energy_kwh=30, duration_min=45)


@pytest.fixture
def session(database: Database) -> Session:
    with database.transaction() as s:
        import_network(s, load_network(FIXTURE), source="test")
    with database.transaction() as s:
        yield s


def price_of(answer: PriceAnswer, name: str) -> Decimal | None:
    tariff = next(t for t in answer.tariffs if t.tariff.name == name)
    return tariff.prices[0].price


def test_energy_and_duration_priced_under_a_roaming_tariff(session: Session) -> None:
    answer = charge_prices(session, Catalogue(), BY_ENERGY, RATES)
    # Only CardCo M works at HPC (City AC's ad-hoc tariff is for City AC's own stations).
    assert [t.tariff.name for t in answer.tariffs] == ["CardCo M"]
    m = answer.tariffs[0]
    assert m.provider == "CardCo"
    assert m.prices[0].price == Decimal("17.70")  # 30 kWh x 0.59
    assert m.prices[0].blocking_fee_start_min == 90
    assert m.total_monthly_fee == Decimal("5.99")
    assert answer.rate_date == "2026-10-30"


def test_a_long_session_pays_the_blocking_fee(session: Session) -> None:
    answer = charge_prices(session, Catalogue(), replace(BY_ENERGY, duration_min=120), RATES)
    assert price_of(answer, "CardCo M") == Decimal("20.70")  # 17.70 + 30 min x 0.10


def test_prices_convert_to_the_requested_currency(session: Session) -> None:
    answer = charge_prices(session, Catalogue(), replace(BY_ENERGY, currency="GBP"), RATES)
    # 17.70 EUR x 0.85 = 15.045 -> 15.05 GBP; monthly 5.99 x 0.85 = 5.0915 -> 5.09 GBP.
    assert price_of(answer, "CardCo M") == Decimal("15.05")
    assert answer.tariffs[0].total_monthly_fee == Decimal("5.09")


def test_a_vehicle_and_battery_range_are_simulated(session: Session) -> None:
    ioniq = VehicleRepository(session).by_evdb_id(91001)
    assert ioniq is not None
    request = PriceRequest(station=HPC, vehicle_id=ioniq.id, battery_range=(20, 80))
    answer = charge_prices(session, Catalogue(), request, RATES)
    profile = answer.sessions[0].profile
    # 54 kWh x 60 % = 32.4 kWh in the battery, / 0.97 = 33.402 kWh billed at 0.59 = 19.71.
    assert profile.energy_kwh == pytest.approx(32.4 / 0.97)
    assert profile.duration_min < 90
    assert price_of(answer, "CardCo M") == Decimal("19.71")


def test_a_charge_point_without_a_price_is_hidden_unless_asked(session: Session) -> None:
    ac = replace(HPC, charge_points=((Plug.TYPE2, 22.0, EnergyType.AC),))
    hidden = charge_prices(session, Catalogue(), replace(BY_ENERGY, station=ac), RATES)
    assert hidden.tariffs == []
    shown = charge_prices(
        session, Catalogue(), replace(BY_ENERGY, station=ac, show_price_unavailable=True), RATES
    )
    assert shown.tariffs[0].prices[0].price is None
    assert shown.tariffs[0].prices[0].no_price_reason == "not_yet_listed"


@pytest.mark.parametrize(
    ("case", "changes", "error", "says"),
    [
        (
            "both input pairs",
            {"vehicle_id": "x", "battery_range": (20, 80)},
            InvalidInput,
            "exactly one",
        ),
        ("neither pair", {"energy_kwh": None, "duration_min": None}, InvalidInput, "exactly one"),
        ("half a pair", {"duration_min": None}, InvalidInput, "go together"),
        ("start time 1440", {"start_time_min": 1440}, InvalidInput, "0..1439"),
        ("unknown currency", {"currency": "ATS"}, NotFound, "No currency with iso ATS"),
        ("unknown network", {"station": replace(HPC, network="nope")}, NotFound, "network"),
    ],
)
def test_bad_requests_say_what_is_wrong(
    session: Session, case: str, changes: dict[str, object], error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        charge_prices(session, Catalogue(), replace(BY_ENERGY, **changes), RATES)  # type: ignore[arg-type]


def test_an_unknown_vehicle_is_not_found(session: Session) -> None:
    request = PriceRequest(station=HPC, vehicle_id="no-such-car", battery_range=(20, 80))
    with pytest.raises(NotFound, match="vehicle no-such-car"):
        charge_prices(session, Catalogue(), request, RATES)
