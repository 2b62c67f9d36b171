"""Register stations applied to the catalogue: operators mapped to our companies, unknown ones
made once, idempotent re-imports, EVSE ids kept by their first station, bad rows skipped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from fastapi.testclient import TestClient

from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.importers.curated_network_build import company_id
from evcharge.importers.parsed import Skip
from evcharge.importers.register_sources import AFDC
from evcharge.importers.registers import RegisterStation, SourceInfo
from evcharge.services.imports.registers import import_register, station_id
from evcharge.settings import Settings
from tests.pg_scratch import scratch_database

INFO = SourceInfo("test-register", "Test Agency", "CC BY 4.0", "https://example.org/l", "Test")


def row(
    key: str,
    operator: str | None,
    *,
    evse: tuple[str, ...] = (),
    name: str = "S",
    country: str = "DE",
) -> RegisterStation:
    return RegisterStation(
        source=INFO.source,
        source_key=key,
        operator_name=operator,
        name=name,
        address="Hauptstr. 1, 10115 Berlin",
        latitude=52.53,
        longitude=13.38,
        country=country,
        charge_points=(
            (Plug.CCS, 150.0, EnergyType.DC, 2, evse),
            (Plug.TYPE2, 22.0, EnergyType.AC, 1, ()),
        ),
        updated_on=None,
    )


ROWS: list[RegisterStation | Skip] = [
    row("1", "IONITY GmbH", evse=("DE*ION*E9000001",)),
    row("2", "Stadtwerke Musterstadt GmbH & Co. KG"),
    row("3", "Stadtwerke Musterstadt GmbH"),  # the same operator, spelled another way
    row("4", None),
    row("5", "Tesla Germany GmbH", evse=("DE*ION*E9000001",)),  # an EVSE id "1" holds
    Skip("row 6", "no coordinates"),
    row("7", "IONITY GmbH", name="N" * 5000),  # longer than the name column
]


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    with ExitStack() as stack:
        if request.param == "postgresql":  # a database of its own: these rows stay out of others
            url = request.getfixturevalue("pg_database_url")
            settings = stack.enter_context(scratch_database(url, "registers"))
        database = Database(settings)
        yield database
        database.dispose()


def test_operators_map_to_our_companies_or_are_made_once(db: Database) -> None:
    with db.transaction() as session:
        reports = import_register(session, ROWS, INFO)
    assert reports["stations"].summary() == "created 5, updated 0, unchanged 0, skipped 2"
    assert reports["companies"].summary() == "created 2, updated 0, unchanged 0, skipped 0"
    skipped = {s.record: s.reason for s in reports["stations"].skipped}
    assert skipped["row 6"] == "no coordinates"
    assert "5000 characters long" in skipped["7"]
    with db.transaction() as session:
        stations = StationRepository(session)
        ionity = stations.get(station_id(INFO.source, "1"))
        tesla = stations.get(station_id(INFO.source, "5"))
        twice = [stations.get(station_id(INFO.source, k)) for k in ("2", "3")]
        unknown = stations.get(station_id(INFO.source, "4"))
        names = {c.id: c.name for c in CompanyRepository(session).all()}
    assert ionity is not None
    assert ionity.operator_id == company_id("ionity")
    assert tesla is not None
    assert tesla.operator_id == company_id("tesla")
    assert twice[0] is not None
    assert twice[1] is not None
    assert twice[0].operator_id == twice[1].operator_id
    assert names[twice[0].operator_id] == "Stadtwerke Musterstadt GmbH & Co. KG"
    assert unknown is not None
    assert names[unknown.operator_id] == "unknown operator"
    # The EVSE id stays with the station that had it first; the other keeps its points.
    assert ionity.charge_points[0].evse_ids == ("DE*ION*E9000001",)
    assert tesla.charge_points[0].evse_ids == ()
    assert tesla.charge_points[0].count == 2
    assert [s.record for s in reports["stations"].left_out] == ["5"]


def test_a_second_import_changes_nothing(db: Database) -> None:
    with db.transaction() as session:
        import_register(session, ROWS, INFO)
    with db.transaction() as session:
        again = import_register(session, ROWS, INFO)
    assert again["stations"].summary() == "created 0, updated 0, unchanged 5, skipped 2"
    assert again["companies"].summary() == "created 0, updated 0, unchanged 0, skipped 0"


def test_our_company_takes_register_rows_only_in_its_countries(db: Database) -> None:
    # Our "bp pulse UK" (GB only) keys as "bp pulse", as do the IRVE's and the AFDC's bp pulse.
    irve = SourceInfo("test-irve", "Test Agency", "CC BY 4.0", "https://example.org/l", "Test")
    with db.transaction() as session:
        reports = import_register(
            session,
            [
                row("fr-1", "bp Pulse", country="FR"),
                row("fr-2", "bp pulse", country="FR"),  # the same key: the same company
                row("gb-1", "BP Pulse", country="GB"),
            ],
            irve,
        )
    assert reports["companies"].summary() == "created 1, updated 0, unchanged 0, skipped 0"
    # A later import: the company the first made has no countries and is reused elsewhere;
    # in GB ours, which lists GB, still comes first.
    with db.transaction() as session:
        again = import_register(
            session,
            [row("us-1", "BP_PULSE", country="US"), row("gb-2", "BP Pulse", country="GB")],
            INFO,
        )
    assert again["companies"].summary() == "created 0, updated 0, unchanged 0, skipped 0"
    with db.transaction() as session:
        stations = StationRepository(session)
        operators = {
            k: stations.get(station_id(source, k)).operator_id  # type: ignore[union-attr]
            for source, keys in (
                (irve.source, ("fr-1", "fr-2", "gb-1")),
                (INFO.source, ("us-1", "gb-2")),
            )
            for k in keys
        }
        companies = {c.id: c for c in CompanyRepository(session).all()}
    made = companies[operators["fr-1"]]
    assert (made.name, made.countries) == ("bp Pulse", ())
    assert operators["fr-2"] == operators["us-1"] == made.id
    assert operators["gb-1"] == operators["gb-2"] == company_id("bp-pulse")


def test_a_register_station_shows_its_publisher_and_licence(client: TestClient, key: str) -> None:
    with Database(client.app.state.settings).transaction() as session:  # type: ignore[attr-defined]
        import_register(session, [row("afdc-1", "Electrify America, LLC")], AFDC)
    url = f"/v1/charging_stations/{station_id(AFDC.source, 'afdc-1')}"
    attributes = client.get(url, headers={"Api-Key": key}).json()["data"]["attributes"]
    assert attributes["source_label"] == "afdc"
    assert attributes["data_source"] == {
        "publisher": AFDC.publisher,
        "licence": AFDC.licence,
        "licence_url": AFDC.licence_url,
        "attribution": AFDC.attribution,
    }
