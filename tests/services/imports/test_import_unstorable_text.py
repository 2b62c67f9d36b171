"""A record holding a NUL is skipped with the field named, and the rest of the file imports.

PostgreSQL refuses NUL in text: there the record used to abort the whole import with a
traceback. So every importer runs on SQLite and on PostgreSQL, committing for real.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from evcharge.db.engine import Database
from evcharge.importers.ocm import read_pois
from evcharge.importers.ocpi_locations import read_locations
from evcharge.importers.ocpi_tariffs import read_tariffs
from evcharge.importers.open_ev_data import parse_file
from evcharge.importers.open_ev_data_dataset import parse_dataset
from evcharge.services.imports.apply import ImportReport, import_vehicles
from evcharge.services.imports.ocm import import_ocm_pois
from evcharge.services.imports.ocpi import import_ocpi_locations, import_ocpi_tariffs
from evcharge.settings import Settings
from tests.importers.test_ocpi_locations import HPC
from tests.importers.test_open_ev_data import FIXTURE
from tests.importers.test_open_ev_data_dataset import build_tree, year_layer

NUL = "holds a NUL character (\\x00), which the database cannot store"
TARIFF: dict[str, Any] = {
    "country_code": "DE", "party_id": "NUL", "id": "GOOD", "currency": "EUR",
    "tariff_alt_text": [{"language": "en", "text": "Good tariff"}],
    "elements": [{"price_components": [{"type": "ENERGY", "price": 0.39, "step_size": 1}]}],
}  # fmt: skip
POI: dict[str, Any] = {
    "ID": 990001, "DataProviderID": 1, "OperatorID": 1, "StatusTypeID": 50,
    "SubmissionStatusTypeID": 200, "UsageTypeID": 1,
    "AddressInfo": {"Title": "Good POI", "CountryID": 1, "Latitude": 51.5, "Longitude": -0.1},
    "Connections": [{"ID": 1, "ConnectionTypeID": 25, "PowerKW": 22, "CurrentTypeID": 20}],
}  # fmt: skip

# Writes a file (or folder) with one good record and one holding a NUL, imports it, and
# returns the report of the records (not their companies), and the skipped record's field.
Case = Callable[[Path, Session], tuple[ImportReport, str]]


def _open_ev_data(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    good = json.loads(FIXTURE.read_text())["data"][0]
    bad = {**good, "id": "99999999-9999-4999-8999-999999999999", "model": "Volt\x00Two"}
    path = tmp / "ev-data.json"
    path.write_text(json.dumps({"data": [good, bad]}))
    parsed = parse_file(path)
    return import_vehicles(session, parsed, source="t", source_key=lambda v: v.id), "model"


def _open_ev_data_dataset(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    bad = year_layer(trim={"slug": "nul", "name": "N\x00L"})
    root = build_tree(tmp, {"arrow.json": year_layer(), "arrow_nul.json": bad})
    parsed = parse_dataset(root)
    return import_vehicles(session, parsed, source="t", source_key=lambda v: v.id), "trim.name"


def _ocpi_tariffs(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    bad = {**TARIFF, "id": "BAD", "tariff_alt_text": [{"language": "en", "text": "B\x00d"}]}
    (tmp / "tariffs.json").write_text(json.dumps({"data": [TARIFF, bad]}))
    reports = import_ocpi_tariffs(session, read_tariffs(tmp / "tariffs.json"))
    return reports["tariffs"], "tariff_alt_text[0].text"


def _ocpi_locations(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    good = {**HPC, "party_id": "NUL", "id": "GOOD"}
    evses = [{**HPC["evses"][0], "evse_id": "DE*NUL*\x00"}]
    bad = {**HPC, "party_id": "NUL", "id": "BAD", "evses": evses}
    (tmp / "locations.json").write_text(json.dumps([good, bad]))
    reports = import_ocpi_locations(session, read_locations(tmp / "locations.json"))
    return reports["stations"], "evses[0].evse_id"


def _ocm(tmp: Path, session: Session) -> tuple[ImportReport, str]:
    bad = {**POI, "ID": 990002, "AddressInfo": {**POI["AddressInfo"], "Title": "Bad\x00POI"}}
    (tmp / "pois.json").write_text(json.dumps([POI, bad]))
    return import_ocm_pois(session, read_pois(tmp / "pois.json"))["stations"], "AddressInfo.Title"


CASES: dict[str, Case] = {
    "open-ev-data": _open_ev_data,
    "open-ev-data-dataset": _open_ev_data_dataset,
    "ocpi-tariffs": _ocpi_tariffs,
    "ocpi-locations": _ocpi_locations,
    "ocm": _ocm,
}


@pytest.fixture(params=["settings", "pg_settings"])
def database(request: pytest.FixtureRequest) -> Database:
    """The test's SQLite copy, or the session's PostgreSQL database (skipped when unreachable)."""
    settings: Settings = request.getfixturevalue(request.param)
    return Database(settings)


@pytest.mark.parametrize("importer", CASES)
def test_a_record_with_a_nul_is_skipped_naming_the_field_and_the_rest_is_committed(
    database: Database, tmp_path: Path, importer: str
) -> None:
    try:
        with database.transaction() as session:
            report, field = CASES[importer](tmp_path, session)
    finally:
        database.dispose()
    # Created, or unchanged when PostgreSQL's session database already has it from a rerun.
    assert report.created + report.unchanged == 1
    assert [s.reason for s in report.skipped if NUL in s.reason] == [f"{field} {NUL}"]
