"""Records the database cannot store are skipped (or lose the EVSE id) and the rest imports.

PostgreSQL refuses a string longer than its VARCHAR column, and a second row for an EVSE id:
either aborted the whole import with a traceback. SQLite stores both without a word, so every
case runs on SQLite and on PostgreSQL, committing for real. PostgreSQL's database lives for
the session: each case uses party ids and EVSE ids of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from evcharge.db.engine import Database
from evcharge.db.models import CompanyRow, StationEvseRow, StationRow
from evcharge.db.repositories.stations import StationRepository
from evcharge.importers import curated_network_build
from evcharge.importers.curated_network_build import load_network
from evcharge.importers.ocm import read_pois
from evcharge.importers.ocpi_locations import read_locations
from evcharge.importers.ocpi_tariffs import read_tariffs
from evcharge.importers.open_ev_data import parse_file
from evcharge.services.imports.apply import ImportReport, import_vehicles
from evcharge.services.imports.ocm import import_ocm_pois
from evcharge.services.imports.ocpi import import_ocpi_locations, import_ocpi_tariffs
from evcharge.services.imports.storable import (
    column_lengths,
    company_too_long,
    station_too_long,
    tariff_too_long,
    too_long,
)
from evcharge.settings import Settings
from tests.importers.test_ocpi_locations import HPC
from tests.importers.test_open_ev_data import FIXTURE
from tests.services.imports.test_import_unstorable_text import POI, TARIFF

# Writes a file with one good record and one with a value too long for its column, imports
# it, and returns the report of the records and what the skip reason must say.
Case = Callable[[Path, Session], tuple[ImportReport, str]]


def _location(party: str, loc_id: str, **changes: Any) -> dict[str, Any]:
    return {**HPC, "party_id": party, "id": loc_id, **changes}


def _write(tmp: Path, docs: list[dict[str, Any]]) -> Path:
    path = tmp / "records.json"
    path.write_text(json.dumps(docs))
    return path


def _locations(tmp: Path, session: Session, bad: dict[str, Any]) -> ImportReport:
    path = _write(tmp, [_location(bad["party_id"], "GOOD"), bad])
    return import_ocpi_locations(session, read_locations(path))["stations"]


def _parking_type(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    bad = _location("PK1", "BAD", parking_type="P" * 41)
    return _locations(tmp, session, bad), "parking_type (PPPP"


def _location_id(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    # ocpi:location:DE*LI1*<id> is the source key: 200 characters at most.
    bad = _location("LI1", "L" * 190)
    return _locations(tmp, session, bad), "source key (ocpi:location:DE*LI1*LLL"


def _ocpi_tariff_url(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    good = {**TARIFF, "party_id": "UR1"}
    bad = {**good, "id": "BAD", "tariff_alt_url": "https://example.com/" + "u" * 490}
    reports = import_ocpi_tariffs(session, read_tariffs(_write(tmp, [good, bad])))
    return reports["tariffs"], "url (https://example.com/uuu"


def _ocm_poi_id(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    # OCM ids are numbers of any length in JSON; ocm:poi:<id> is the source key.
    good = {**POI, "ID": 880001}
    bad = {**POI, "ID": int("8" * 200)}
    report = import_ocm_pois(session, read_pois(_write(tmp, [good, bad])))["stations"]
    return report, "source key (ocm:poi:888"


def _ocm_operator_id(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    # ocm:operator:<id> keys the operator's company: 120 characters at most.
    good = {**POI, "ID": 880002}
    bad = {**POI, "ID": 880003, "OperatorID": int("7" * 110)}
    report = import_ocm_pois(session, read_pois(_write(tmp, [good, bad])))["stations"]
    return report, "source key (ocm:operator:777"


def _vehicle_model(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    good = json.loads(FIXTURE.read_text())["data"][0]
    bad = {**good, "id": "88888888-8888-4888-8888-888888888888", "model": "M" * 121}
    path = tmp / "ev-data.json"
    path.write_text(json.dumps({"data": [good, bad]}))
    report = import_vehicles(session, parse_file(path), source="t", source_key=lambda v: v.id)
    return report, "model (MMM"


CASES: dict[str, Case] = {
    "ocpi-locations parking_type": _parking_type,
    "ocpi-locations id": _location_id,
    "ocpi-tariffs url": _ocpi_tariff_url,
    "ocm POI id": _ocm_poi_id,
    "ocm operator id": _ocm_operator_id,
    "open-ev-data model": _vehicle_model,
}


@pytest.fixture(params=["settings", "pg_settings"])
def database(request: pytest.FixtureRequest) -> Database:
    """The test's SQLite copy, or the session's PostgreSQL database (skipped when unreachable)."""
    settings: Settings = request.getfixturevalue(request.param)
    return Database(settings)


def _run(database: Database, work: Callable[[Session], Any]) -> Any:
    try:
        with database.transaction() as session:
            return work(session)
    finally:
        database.dispose()


@pytest.mark.parametrize("case", CASES)
def test_a_value_too_long_for_its_column_skips_the_record_and_the_rest_is_committed(
    database: Database, tmp_path: Path, case: str
) -> None:
    report, says = _run(database, lambda session: CASES[case](tmp_path, session))
    # Created, or unchanged when PostgreSQL's session database has it from another case.
    assert report.created + report.unchanged == 1
    assert len(report.skipped) == 1, report.skipped
    reason = report.skipped[0].reason
    assert says in reason
    assert "characters long; the database stores at most" in reason


def test_a_party_id_too_long_for_the_company_writes_neither_company_nor_station(
    database: Database, tmp_path: Path
) -> None:
    # ocpi:party:DE*<party> keys the company (120 characters at most): checked before either
    # row is written, so the skipped location leaves no company behind.
    party = "P" * 120
    path = _write(tmp_path, [_location("PT1", "GOOD"), _location(party, "BAD")])

    def work(session: Session) -> tuple[ImportReport, list[str]]:
        report = import_ocpi_locations(session, read_locations(path))["stations"]
        keys = select(CompanyRow.source_key).where(CompanyRow.source_key.like("%DE*PPP%"))
        return report, list(session.scalars(keys))

    report, companies = _run(database, work)
    assert report.created + report.unchanged == 1
    assert [s.reason[:34] for s in report.skipped] == ["source key (ocpi:party:DE*PPPPPPPP"]
    assert companies == []


def _evse(evse_id: str) -> dict[str, Any]:
    return {**HPC["evses"][0], "evse_id": evse_id}


def test_an_evse_id_another_location_has_is_left_out_of_the_later_one(
    database: Database, tmp_path: Path
) -> None:
    first = _location("EV1", "FIRST", evses=[_evse("DE*EV1*E1"), _evse("DE*EV1*E2")])
    later = _location("EV1", "LATER", name="Later", evses=[_evse("DE*EV1*E2")])
    path = _write(tmp_path, [first, later])

    def work(session: Session) -> tuple[ImportReport, str | None, int]:
        report = import_ocpi_locations(session, read_locations(path))["stations"]
        holder = StationRepository(session).get("DE*EV1*E2")
        later_points = session.scalar(select(StationRow.charge_points).where(
            StationRow.source_key == "ocpi:location:DE*EV1*LATER"))  # fmt: skip
        assert later_points is not None
        return report, holder.name if holder else None, sum(cp["count"] for cp in later_points)

    report, holder, later_count = _run(database, work)
    assert (report.created + report.unchanged, report.skipped) == (2, [])
    assert holder == "Test HPC"  # the first location keeps the EVSE id
    assert later_count == 2  # CCS and CHAdeMO: the later station keeps its charge points
    assert [(n.record, n.reason) for n in report.left_out] == [
        ("DE*EV1*LATER", "EVSE id DE*EV1*E2 left out: station ocpi:location:DE*EV1*FIRST has it")
    ]


def test_an_evse_id_an_earlier_import_stored_is_left_out_and_reimport_is_unchanged(
    database: Database, tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = _write(tmp_path / "a", [_location("EV2", "A", evses=[_evse("DE*EV2*E1")])])
    b = _write(tmp_path / "b", [_location("EV2", "B", evses=[_evse("DE*EV2*E1")])])

    def work(session: Session) -> list[ImportReport]:
        return [
            import_ocpi_locations(session, read_locations(path))["stations"] for path in (a, b, b)
        ]

    _, later, again = _run(database, work)
    assert later.created + later.unchanged == 1
    assert len(later.left_out) == 1
    assert (again.unchanged, len(again.left_out)) == (1, 1)


def test_an_evse_id_too_long_for_its_column_is_left_out_and_the_station_imports(
    database: Database, tmp_path: Path
) -> None:
    long_id = "DE*EV3*" + "E" * 58  # 65 characters; station_evse_ids.evse_id holds 64
    doc = _location("EV3", "LONG", evses=[_evse(long_id), _evse("DE*EV3*E2")])
    path = _write(tmp_path, [doc])

    def work(session: Session) -> tuple[ImportReport, bool, bool]:
        report = import_ocpi_locations(session, read_locations(path))["stations"]
        stations = StationRepository(session)
        return report, stations.get("DE*EV3*E2") is not None, stations.get(long_id) is not None

    report, short_found, long_found = _run(database, work)
    assert report.created + report.unchanged == 1
    assert (short_found, long_found) == (True, False)
    assert [n.reason for n in report.left_out] == [
        "EVSE id (DE*EV3*EEEEEEEEEEEEEEEEEEEEEEEEE…) is 65 characters long; "
        "the database stores at most 64"
    ]


def test_the_embedded_network_fits_its_columns() -> None:
    # import_network (the seed) writes our own curated data unchecked: it must fit, and a
    # longer name in the data or a shorter column in the schema fails here, not at a seed.
    network = load_network()
    key = f"{curated_network_build.SOURCE}:"
    problems = [
        *(company_too_long(c, source_key=key + c.id) for c in network.companies),
        *(tariff_too_long(t, source_key=key + t.id) for t in network.tariffs),
        *(
            station_too_long(s, source=curated_network_build.SOURCE, source_key=key + s.id)
            for s in network.stations
        ),
        *(
            _too_long_evse(e)
            for s in network.stations
            for cp in s.charge_points
            for e in cp.evse_ids
        ),
    ]
    assert [p for p in problems if p is not None] == []
    assert network.stations, "the check saw no station"


def _too_long_evse(evse_id: str) -> str | None:
    return too_long(StationEvseRow, {"evse_id": evse_id})


def test_every_bounded_station_column_a_station_feeds_is_checked() -> None:
    # Read from StationRow's types, not listed by hand: a String(n) column the repository
    # writes from a Station field (or the import's source and key) is checked as it is added.
    station = next(s for s in load_network().stations if s.parking_type is not None)
    lengths = column_lengths(StationRow)
    fed = {"source", "source_key"} | {f.name for f in fields(station)}
    checked = []
    for name in sorted(lengths.keys() & fed):
        long = "x" * (lengths[name] + 1)
        key = {"source": "test", "source_key": "test:1"}
        if name in key:
            note = station_too_long(station, **(key | {name: long}))
        else:
            note = station_too_long(replace(station, **{name: long}), **key)
        assert note is not None, name
        assert f"is {lengths[name] + 1} characters long" in note
        checked.append(name)
    # Those of today's schema (status and the like the repository sets itself).
    assert set(checked) >= {
        "id",
        "source",
        "source_key",
        "name",
        "address",
        "country",
        "operator_id",
        "parking_type",
    }
    assert station_too_long(station, source="test", source_key="test:1") is None
