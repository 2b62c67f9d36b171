"""The embedded network format, loaded and applied idempotently."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from evcharge.core.errors import InvalidInput
from evcharge.core.network import ChargePointGroup, Company, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.importers.curated_network_build import company_id, load_network, station_id
from evcharge.services.imports.network import import_network
from evcharge.settings import Settings

FIXTURE = Path(__file__).parents[1] / "fixtures" / "network"


def summaries(database: Database) -> dict[str, str]:
    with database.transaction() as session:
        reports = import_network(session, load_network(FIXTURE), source="test")
    return {kind: r.summary() for kind, r in reports.items()}


def test_a_second_import_changes_nothing(database: Database) -> None:
    first = summaries(database)
    assert first["companies"].startswith("created 3")
    assert first["tariffs"].startswith("created 2")
    assert first["stations"].startswith("created 2")
    again = summaries(database)
    assert all(s.startswith("created 0, updated 0") for s in again.values()), again


def test_roaming_links_prices_and_evse_lookup_survive_the_round_trip(database: Database) -> None:
    summaries(database)
    with database.transaction() as session:
        hpc = next(c for c in CompanyRepository(session).all() if c.name == "Test HPC Network")
        tariffs = {t.name: t for t in TariffRepository(session).all()}
        by_evse = StationRepository(session).get("DE*HPC*E2")
    assert hpc.supported_emp_ids == {company_id("cardco")}
    m = tariffs["CardCo M"]
    assert m.is_roaming
    assert m.core.fees.total_monthly_fee == Decimal("5.99")
    segment = m.core.components[0].segments[1]
    assert (segment.range_gte, str(segment.price)) == (90, "0.10")
    assert m.core.components[0].restrictions[0].cpo_ids == {company_id("hpc")}
    assert not tariffs["City AC ad hoc"].is_roaming
    assert by_evse is not None
    assert by_evse.id == station_id("hpc-a9")


def test_a_dangling_slug_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "companies.json").write_text((FIXTURE / "companies.json").read_text())
    (tmp_path / "stations").mkdir()
    (tmp_path / "stations" / "x.json").write_text(
        '{"stations": [{"slug": "s", "name": "n", "address": "a", "latitude": 0, "longitude": 0,'
        ' "country": "DE", "operator": "nobody", "source": "sample",'
        ' "charge_points": [{"plug": "ccs", "power": 50, "count": 1}]}]}'
    )
    with pytest.raises(InvalidInput, match="station s operator: nobody"):
        load_network(tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """Migrated and seeded, without the test network: this test stores it."""
    with ExitStack() as stack:
        if request.param == "postgresql":
            # Imported here: tests/pg_scratch.py imports this module's FIXTURE.
            from tests.pg_scratch import empty_database

            url = request.getfixturevalue("pg_database_url")
            settings = stack.enter_context(empty_database(url, "network_import"))
            upgrade(settings)
        database = Database(settings)
        yield database
        database.dispose()


def test_an_evse_id_an_import_stored_first_stays_with_it(own_database: Database) -> None:
    # An OCPI push stored DE*HPC*E2 on its own station before the network came: the network's
    # station is written without it (noted), as every import does, not a failed load.
    first = Station(
        id="pushed", name="Pushed", address="A", latitude=48.5, longitude=11.5, country="DE",
        operator_id="pusher", charge_points=(
            ChargePointGroup(Plug.CCS, 150.0, EnergyType.DC, 1, ("DE*HPC*E2",)),
        ),
    )  # fmt: skip
    pusher = Company(id="pusher", name="Pusher", url="", is_cpo=True, is_emp=False)
    with own_database.transaction() as session:
        CompanyRepository(session).upsert(pusher, source_key="ocpi:party:pusher")
        StationRepository(session).upsert(first, source="ocpi", source_key="ocpi:pushed")
        reports = import_network(session, load_network(FIXTURE), source="test")
    stations = reports["stations"]
    assert stations.summary().startswith("created 2, updated 0, unchanged 0")
    assert [n.reason for n in stations.left_out] == [
        "EVSE id DE*HPC*E2 left out: station ocpi:pushed has it"
    ]
    with own_database.transaction() as session:
        found = StationRepository(session)
        assert found.get("DE*HPC*E2").id == "pushed"  # type: ignore[union-attr]
        assert found.get("DE*HPC*E1").id == station_id("hpc-a9")  # type: ignore[union-attr]


def test_a_tariff_the_data_no_longer_holds_is_deleted(own_database: Database) -> None:
    # A database seeded from older data keeps a tariff the new data dropped (renamed, or its
    # prices no longer sourced): the next import deletes it, and only the source's own.
    network = load_network(FIXTURE)
    first = network.tariffs[0]
    other = replace(first, core=replace(first.core, id="api-tariff"), name="Somebody's own")
    with own_database.transaction() as session:
        import_network(session, network, source="test")
        TariffRepository(session).upsert(other, source_key="api:api-tariff")
    dropped, kept = network.tariffs[0], network.tariffs[1:]
    with own_database.transaction() as session:
        report = import_network(session, replace(network, tariffs=kept), source="test")
        names = {t.name for t in TariffRepository(session).all()}
    assert report["tariffs"].deleted == 1
    assert "deleted 1" in report["tariffs"].summary()
    assert dropped.name not in names
    assert {t.name for t in kept} | {"Somebody's own"} <= names
    with own_database.transaction() as session:  # and again: nothing more to delete
        assert (
            import_network(session, replace(network, tariffs=kept), source="test")[
                "tariffs"
            ].deleted
            == 0
        )
