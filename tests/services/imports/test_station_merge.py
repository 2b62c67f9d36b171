"""The merge pass on SQLite and PostgreSQL: an OCM POI 30 m from a register station of the same
operator is merged into it, two operators at one spot are not, an EVSE id links stations 2 km
apart, a second run changes nothing, a re-import that moves a station apart unmerges it, and
searches show one row where a lookup of either id or EVSE id answers the canonical station."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from evcharge.core.network import ChargePointGroup, Company, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.base import utcnow
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.importers.ocpi_locations import LocationRecord
from evcharge.importers.parsed import Parsed
from evcharge.importers.register_sources import BNETZA
from evcharge.importers.registers import RegisterStation
from evcharge.services.catalogue import Catalogue
from evcharge.services.catalogue.stations import get_station
from evcharge.services.imports.ocpi import import_ocpi_locations
from evcharge.services.imports.registers import import_register, station_id
from evcharge.services.imports.station_merge import (
    EvseClaims,
    location_key,
    merge_after_import,
    merge_all,
    record_evse_ids,
)
from evcharge.settings import Settings
from tests.pg_scratch import scratch_database

# A patch of the North Sea no station is near. 1 m north is 1 / 111,195.08 deg of latitude.
LAT, LNG = 56.0, 3.0
BOX = StationQuery(lat_min=55.99, lat_max=56.03, lng_min=2.99, lng_max=3.01)
CCS = (Plug.CCS, 150.0, EnergyType.DC, 2)
OCM_IONITY = Company("t-ocm-ionity", "Ionity GmbH", "", is_cpo=True, is_emp=False)
OCM_TESLA = Company("t-ocm-tesla", "Tesla Motors", "", is_cpo=True, is_emp=False)


def north(metres: float) -> float:
    return LAT + metres / 111_195.08


def register_row(
    key: str, operator: str, metres: float, evse: tuple[str, ...] = ()
) -> RegisterStation:
    return RegisterStation(
        source=BNETZA.source,
        source_key=key,
        operator_name=operator,
        name=f"Register {key}",
        address="Nordsee 1",
        latitude=north(metres),
        longitude=LNG,
        country="DE",
        charge_points=((*CCS, evse),),
        updated_on=None,
    )


def ocm_station(key: str, operator: Company, metres: float) -> Station:
    return Station(
        id=f"t-ocm-{key}",
        name=f"OCM {key}",
        address="Nordsee",
        latitude=north(metres),
        longitude=LNG,
        country="DE",
        operator_id=operator.id,
        charge_points=(ChargePointGroup(Plug.CCS, 150.0, EnergyType.DC, 1),),
        source="ocm",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    with ExitStack() as stack:
        if request.param == "postgresql":  # a database of its own: these rows stay out of others
            url = request.getfixturevalue("pg_database_url")
            settings = stack.enter_context(scratch_database(url, "merge"))
        database = Database(settings)
        with database.transaction() as session:
            for company in (OCM_IONITY, OCM_TESLA):
                CompanyRepository(session).upsert(company, source_key=f"test:{company.id}")
        yield database
        database.dispose()


def import_registers(session: Session, *rows: RegisterStation) -> datetime:
    since = utcnow()
    claims = EvseClaims(session, BNETZA.source)
    import_register(
        session, claims.watch(rows, lambda r: f"bnetza:{r.source_key}", record_evse_ids), BNETZA
    )
    merge_after_import(session, BNETZA.source, since, claims)
    return since


def import_ocm(session: Session, *stations: Station) -> str:
    since = utcnow()
    for station in stations:
        StationRepository(session).upsert(station, source="ocm", source_key=f"ocm:poi:{station.id}")
    return merge_after_import(session, "ocm", since).summary()


def duplicate_of(session: Session) -> dict[str, str | None]:
    """Id -> duplicate_of of the stations around LAT, LNG (the seeded network has none)."""
    near = (StationRow.latitude.between(55.9, 56.1), StationRow.longitude.between(2.9, 3.1))
    rows = session.execute(select(StationRow.id, StationRow.duplicate_of).where(*near))
    return dict(rows.all())


def versions(session: Session) -> dict[str, tuple[int, datetime]]:
    """Id -> (version, updated_at) of the stations around LAT, LNG."""
    near = (StationRow.latitude.between(55.9, 56.1), StationRow.longitude.between(2.9, 3.1))
    rows = session.execute(
        select(StationRow.id, StationRow.version, StationRow.updated_at).where(*near)
    )
    return {i: (v, at) for i, v, at in rows.all()}


def shown(session: Session) -> list[str]:
    return [s.id for s in StationRepository(session).search(BOX, offset=0, limit=100)]


def test_a_poi_near_a_register_station_of_its_operator_is_merged_into_it(db: Database) -> None:
    register = station_id(BNETZA.source, "r1")
    with db.transaction() as session:
        import_registers(session, register_row("r1", "IONITY GmbH", 0))
        registered = versions(session)[register]
        summary = import_ocm(session, ocm_station("near", OCM_IONITY, 30))
        assert summary == "merged 1, unmerged 0, moved 0 (of 2 examined)"
        # Both answers changed (one is gone, one lists two sources): an incremental sync sees it.
        after = versions(session)
        assert after[register][0] == registered[0] + 1
        assert after[register][1] > registered[1]
        assert after["t-ocm-near"][0] == 2  # written, then merged
        assert duplicate_of(session) == {register: None, "t-ocm-near": register}
        assert shown(session) == [register]  # the box; on SQLite from the R*Tree alone
        text = StationQuery(text="Register r1")
        assert [s.id for s in StationRepository(session).search(text, offset=0, limit=9)] == [
            register
        ]
        # Either id answers the canonical station, which lists both sources.
        station, _operator = get_station(session, Catalogue(), "t-ocm-near")
        assert station.id == register
        assert station.merged == (("t-ocm-near", "ocm"),)
    with db.transaction() as session:  # a second run, and a run over everything: no change
        again = merge_after_import(session, "ocm", datetime(2000, 1, 1, tzinfo=utcnow().tzinfo))
        assert (again.merged, again.unmerged, again.moved) == (0, 0, 0)
        everything = merge_all(session)
        assert (everything.merged, everything.unmerged, everything.moved) == (0, 0, 0)
        assert everything.examined == 2


def test_two_operators_at_one_spot_stay_two_stations(db: Database) -> None:
    with db.transaction() as session:
        import_registers(session, register_row("r2", "IONITY GmbH", 0))
        assert import_ocm(session, ocm_station("tesla", OCM_TESLA, 0)).startswith("merged 0,")
        assert set(duplicate_of(session).values()) == {None}
        assert len(shown(session)) == 2


def test_a_second_poi_of_the_same_source_stays_apart(db: Database) -> None:
    register = station_id(BNETZA.source, "r3")
    with db.transaction() as session:
        import_registers(session, register_row("r3", "IONITY GmbH", 0))
        import_ocm(session, ocm_station("far", OCM_IONITY, 40), ocm_station("near", OCM_IONITY, 5))
        assert duplicate_of(session) == {register: None, "t-ocm-near": register, "t-ocm-far": None}


def test_a_reimport_that_moves_a_station_away_unmerges_it(db: Database) -> None:
    register = station_id(BNETZA.source, "r4")
    with db.transaction() as session:
        import_registers(session, register_row("r4", "IONITY GmbH", 0))
        import_ocm(session, ocm_station("moving", OCM_IONITY, 20))
        assert duplicate_of(session)["t-ocm-moving"] == register
    with db.transaction() as session:
        summary = import_ocm(session, ocm_station("moving", OCM_IONITY, 500))
        assert summary == "merged 0, unmerged 1, moved 0 (of 2 examined)"
        assert set(duplicate_of(session).values()) == {None}
        assert len(shown(session)) == 2
    with db.transaction() as session:  # and back: the register's re-import merges it again
        StationRepository(session).upsert(
            ocm_station("moving", OCM_IONITY, 10), source="ocm", source_key="ocm:poi:t-ocm-moving"
        )
        import_registers(session, register_row("r4", "IONITY GmbH", 1))
        assert duplicate_of(session)["t-ocm-moving"] == register


def test_an_evse_id_links_stations_whatever_their_place_and_operator(db: Database) -> None:
    evse = "DE*T39*E0001"
    register = station_id(BNETZA.source, "r5")
    location = LocationRecord(
        key="DE*T39*LOC1",
        party=("DE", "T39"),
        operator_name="Test CPO 39",
        name="Location 1",
        address="Nordsee 2",
        latitude=north(2000),
        longitude=LNG,
        country="DE",
        parking_type=None,
        charge_points=((*CCS, (evse,)),),
        notes=(),
    )
    with db.transaction() as session:
        import_registers(session, register_row("r5", "IONITY GmbH", 0, (evse,)))
        since = utcnow()
        claims = EvseClaims(session, "ocpi")
        claims.note([location], location_key, record_evse_ids)
        assert claims.found == [("ocpi:location:DE*T39*LOC1", evse)]
        reports = import_ocpi_locations(session, Parsed(records=[location]))
        assert len(reports["stations"].left_out) == 1  # the register holds the EVSE id
        report = merge_after_import(session, "ocpi", since, claims)
        assert (report.merged, report.unmerged) == (1, 0)
        found = duplicate_of(session)
        (ocpi_id,) = (i for i in found if i != register)
        # The operator's own OCPI data comes before the register.
        assert found == {ocpi_id: None, register: ocpi_id}
        station, _operator = get_station(session, Catalogue(), evse)
        assert station.id == ocpi_id
        assert station.merged == ((register, "bnetza"),)
    with db.transaction() as session:  # the register's re-import keeps the link it cannot see
        import_registers(session, register_row("r5", "IONITY GmbH", 3, (evse,)))
        assert duplicate_of(session)[register] == ocpi_id
        assert merge_all(session).merged == 0


def test_a_large_import_is_matched_from_the_other_sources_side(db: Database) -> None:
    # 60 register stations, 1 km apart, outnumber the other sources' (the seeded network's real
    # stations and this POI): the pass asks the index around those, with the source and time
    # of the import as filters, and finds the register station 15 m from the POI.
    register = station_id(BNETZA.source, "big0")
    with db.transaction() as session:
        import_ocm(session, ocm_station("first", OCM_IONITY, 15))
        rows = [register_row(f"big{n}", "IONITY GmbH", n * 1000) for n in range(60)]
        import_registers(session, *rows)
        found = duplicate_of(session)
        assert found["t-ocm-first"] == register
        assert sum(1 for c in found.values() if c is not None) == 1
