"""Stations their source marks removed, on SQLite and PostgreSQL, from small files as the
importers read them: an Open Charge Map POI decommissioned, a UK NCR device with a dateDeleted
and an OCPI location whose EVSEs are all REMOVED mark their stored station removed, so searches
stop listing it and GET /v1/removed_charging_stations reports it (`removed`); listed again by
its source, it is written back and leaves that list. A removed canonical station leaves its
group, and the rest of the group forms again around the next canonical row."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from evcharge.api.app import create_app
from evcharge.core.ids import stable_uuid
from evcharge.db.base import utcnow
from evcharge.db.engine import Database
from evcharge.db.models import StationEvseRow, StationRow
from evcharge.importers.ocm import Reference, read_pois
from evcharge.importers.ocpi_locations import read_locations
from evcharge.importers.parsed import Removed
from evcharge.importers.register_sources import BNETZA
from evcharge.importers.uk_ncr import SOURCE_INFO as NCR
from evcharge.importers.uk_ncr import iter_uk_ncr
from evcharge.services.imports.apply import ImportReport
from evcharge.services.imports.ocm import import_ocm_pois
from evcharge.services.imports.ocpi import import_ocpi_locations
from evcharge.services.imports.registers import import_register, station_id
from evcharge.services.imports.station_merge import (
    EvseClaims,
    MergeReport,
    location_key,
    merge_after_import,
    record_evse_ids,
    register_key,
)
from evcharge.settings import Settings
from tests.conftest import key_maker
from tests.pg_scratch import own_seeded_database
from tests.services.imports.test_station_merge import LAT, LNG, north, register_row

NCR_FIXTURE = (
    Path(__file__).parents[2] / "importers" / "fixtures" / "registers" / "uk_ncr_quirks.csv"
)
# OCM's operator id for IONITY in this test's reference data: the name maps to our company.
OCM_IONITY = 3299
REFERENCE = Reference(operators={OCM_IONITY: "IONITY"})


@dataclass
class Backend:
    database: Database
    client: TestClient
    key: str

    def get(self, path: str, **params: str) -> dict[str, Any]:
        answer = self.client.get(path, params=params, headers={"Api-Key": self.key})
        assert answer.status_code == 200, answer.text
        return dict(answer.json())

    def listed(self, lat: float = LAT, lng: float = LNG) -> list[str]:
        """The ids a search of the box around (lat, lng) lists."""
        box = {"filter[latitude.gte]": lat - 0.01, "filter[latitude.lte]": lat + 0.01}
        box |= {"filter[longitude.gte]": lng - 0.01, "filter[longitude.lte]": lng + 0.01}
        return [s["id"] for s in self.get("/v1/charging_stations", **_text(box))["data"]]

    def removed(self, since: datetime) -> dict[str, tuple[str, str | None]]:
        """Id -> (reason, merged into) of the stations that left the lists since `since`."""
        since_text = since.isoformat()
        doc = self.get("/v1/removed_charging_stations", **{"filter[updated_since]": since_text})
        return {
            r["id"]: (r["attributes"]["reason"], r["relationships"]["merged_into"]["data"]["id"])
            if r["relationships"]["merged_into"]["data"]
            else (r["attributes"]["reason"], None)
            for r in doc["data"]
        }

    def exported(self, since: datetime) -> list[str]:
        params = {"export": "true", "filter[updated_since]": since.isoformat()}
        return [s["id"] for s in self.get("/v1/charging_stations", **params)["data"]]

    def sources(self, station: str) -> tuple[tuple[str, str], set[tuple[str, str]]]:
        """The station's own source, and those of the rows merged into it."""
        found = self.get(f"/v1/charging_stations/{station}")["data"]["attributes"]
        own, *merged = [(s["source"], s["station_id"]) for s in found["data_sources"]]
        return own, set(merged)


def _text(params: dict[str, float]) -> dict[str, str]:
    return {k: str(v) for k, v in params.items()}


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Backend]:
    """A seeded database of the test's own, its app and a key."""
    with ExitStack() as stack:
        database = stack.enter_context(own_seeded_database(request, settings, "removed_at_source"))
        settings = database.settings
        client = stack.enter_context(TestClient(create_app(settings)))
        yield Backend(database, client, key_maker(settings)("all"))


# --- the files ---------------------------------------------------------------------------------


def ocm_poi(poi_id: int, metres: float, *, status: int = 50) -> dict[str, Any]:
    """An OCM POI (API v3 compact form) `metres` north of LAT, LNG: IONITY, 2 x CCS 150 kW."""
    return {
        "ID": poi_id, "DataProviderID": 1, "OperatorID": OCM_IONITY, "UsageTypeID": 1,
        "StatusTypeID": status, "SubmissionStatusTypeID": 200,
        "AddressInfo": {"Title": f"POI {poi_id}", "AddressLine1": "Nordsee", "CountryID": 87,
                        "Latitude": north(metres), "Longitude": LNG},
        "Connections": [{"ID": 1, "ConnectionTypeID": 33, "StatusTypeID": 50, "PowerKW": 150,
                         "CurrentTypeID": 30, "Quantity": 2}],
    }  # fmt: skip


def ocpi_location(location_id: str, metres: float, *, status: str = "AVAILABLE") -> dict[str, Any]:
    """An OCPI 2.2.1 Location of DE*ION (our IONITY) `metres` north of LAT, LNG, one EVSE."""
    return {
        "country_code": "DE", "party_id": "ION", "id": location_id, "publish": True,
        "name": f"Location {location_id}", "address": "Nordsee 3", "city": "Nordsee",
        "country": "DEU", "coordinates": {"latitude": str(north(metres)), "longitude": str(LNG)},
        "evses": [{"uid": "1", "evse_id": f"DE*ION*E{location_id}", "status": status,
                   "connectors": [{"id": "1", "standard": "IEC_62196_T2_COMBO", "format": "CABLE",
                                   "power_type": "DC", "max_voltage": 920, "max_amperage": 500,
                                   "max_electric_power": 150000}]}],
    }  # fmt: skip


def write_json(path: Path, docs: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(docs), encoding="utf-8")
    return path


def ncr_file(path: Path, *, deleted: str = "n/a") -> Path:
    """The NCR quirks fixture, its Kilmarnock device (aaa1) given `deleted` as dateDeleted."""
    text = NCR_FIXTURE.read_text(encoding="utf-8")
    kilmarnock = "2014-01-10 10:00:00,0000-00-00 00:00:00,n/a,"
    assert text.count(kilmarnock) == 1
    path.write_text(
        text.replace(kilmarnock, f"2014-01-10 10:00:00,0000-00-00 00:00:00,{deleted},"),
        encoding="utf-8",
    )
    return path


# --- the imports, as `evcharge import` runs them -------------------------------------------------


def import_ocm(db: Database, path: Path) -> tuple[ImportReport, MergeReport]:
    with db.transaction() as session:
        since = utcnow()
        report = import_ocm_pois(session, read_pois(path, REFERENCE))["stations"]
        return report, merge_after_import(session, "ocm", since)


def import_ncr(db: Database, path: Path) -> tuple[ImportReport, MergeReport]:
    with db.transaction() as session:
        since = utcnow()
        claims = EvseClaims(session, NCR.source)
        rows = claims.watch(
            iter_uk_ncr(path), lambda r: register_key(NCR.source, r), record_evse_ids
        )
        report = import_register(session, rows, NCR)["stations"]
        return report, merge_after_import(session, NCR.source, since, claims)


def import_ocpi(db: Database, path: Path) -> tuple[ImportReport, MergeReport]:
    with db.transaction() as session:
        since = utcnow()
        parsed = read_locations(path)
        claims = EvseClaims(session, "ocpi")
        claims.note(parsed.records, location_key, record_evse_ids)
        report = import_ocpi_locations(session, parsed)["stations"]
        return report, merge_after_import(session, "ocpi", since, claims)


def row_state(session: Session, station: str) -> tuple[str, int, str | None]:
    row = session.get(StationRow, station)
    assert row is not None
    return row.status, row.version, row.content_hash


# --- the tests -----------------------------------------------------------------------------------


def test_an_ocm_poi_decommissioned_leaves_the_lists_and_comes_back(
    backend: Backend, tmp_path: Path
) -> None:
    db, poi = backend.database, stable_uuid("ocm-poi", "9001")
    report, _ = import_ocm(db, write_json(tmp_path / "pois.json", [ocm_poi(9001, 0)]))
    assert report.summary() == "created 1, updated 0, unchanged 0, skipped 0"
    assert backend.listed() == [poi]
    since = utcnow()
    with db.transaction() as session:
        version = row_state(session, poi)[1]
    # OCM marks it decommissioned (status 200); another POI, never imported, is removed too.
    gone = [ocm_poi(9001, 0, status=200), ocm_poi(9002, 5, status=210)]
    report, merged = import_ocm(db, write_json(tmp_path / "gone.json", gone))
    assert report.summary() == "created 0, updated 0, unchanged 0, removed 1, skipped 1"
    assert [(r.record, r.reason, r.key) for r in report.removed] == [
        ("gone.json[0]", "removed (decommissioned)", "9001")
    ]
    assert [(s.record, s.reason) for s in report.skipped] == [
        ("gone.json[1]", "removed (duplicate listing)")  # as before: there is no station of it
    ]
    assert merged.summary() == "merged 0, unmerged 0, moved 0 (of 0 examined)"  # no group
    with db.transaction() as session:
        assert row_state(session, poi) == ("removed", version + 1, None)
    assert backend.listed() == []
    assert backend.removed(since) == {poi: ("removed", None)}
    assert backend.exported(since) == []
    # The same file again changes nothing: the station is removed already.
    report, _ = import_ocm(db, tmp_path / "gone.json")
    assert report.summary() == "created 0, updated 0, unchanged 1, skipped 1"
    with db.transaction() as session:
        assert row_state(session, poi)[:2] == ("removed", version + 1)
    # Listed again by OCM, as it was: written back, though its content is what it was.
    report, _ = import_ocm(db, tmp_path / "pois.json")
    assert report.summary() == "created 0, updated 1, unchanged 0, skipped 0"
    with db.transaction() as session:
        status, again, digest = row_state(session, poi)
        assert (status, again) == ("operational", version + 2)
        assert digest is not None
    assert backend.listed() == [poi]
    assert backend.removed(since) == {}
    assert backend.exported(since) == [poi]
    report, _ = import_ocm(db, tmp_path / "pois.json")
    assert report.summary() == "created 0, updated 0, unchanged 1, skipped 0"


def test_a_uk_ncr_device_deleted_leaves_the_lists_and_comes_back(
    backend: Backend, tmp_path: Path
) -> None:
    db, kilmarnock = backend.database, station_id(NCR.source, "aaa1")
    place = (55.6111, -4.4986)  # the fixture's Kilmarnock device
    report, _ = import_ncr(db, ncr_file(tmp_path / "ncr.csv"))
    # Three devices import; three rows are skipped (Madrid, planned, BS1363 only).
    assert report.summary() == "created 3, updated 0, unchanged 0, skipped 3"
    assert backend.listed(*place) == [kilmarnock]
    since = utcnow()
    deleted = ncr_file(tmp_path / "deleted.csv", deleted="2017-11-20 09:00:00")
    report, _ = import_ncr(db, deleted)
    assert report.summary() == "created 0, updated 0, unchanged 2, removed 1, skipped 3"
    assert [(r.record, r.reason) for r in report.removed] == [
        ("line 2 (chargeDeviceID aaa1)", "deleted from the registry on 2017-11-20 09:00:00")
    ]
    assert backend.listed(*place) == []
    assert backend.removed(since) == {kilmarnock: ("removed", None)}
    report, _ = import_ncr(db, ncr_file(tmp_path / "back.csv"))
    assert report.summary() == "created 0, updated 1, unchanged 2, skipped 3"
    assert backend.listed(*place) == [kilmarnock]
    assert backend.removed(since) == {}


def test_a_removed_canonical_station_leaves_its_group_which_forms_again(
    backend: Backend, tmp_path: Path
) -> None:
    """One physical station from three sources: the operator's OCPI location (canonical), a
    register's row 10 m away and an OCM POI 20 m away, all IONITY. The location is removed: the
    register's row becomes the canonical one, the POI moves to it. Then it is back."""
    db = backend.database
    ocpi = stable_uuid("ocpi-location", "DE*ION*RM1")
    register, poi = station_id(BNETZA.source, "rm1"), stable_uuid("ocm-poi", "9101")
    with db.transaction() as session:
        import_register(session, [register_row("rm1", "IONITY GmbH", 10)], BNETZA)
    import_ocm(db, write_json(tmp_path / "poi.json", [ocm_poi(9101, 20)]))
    located = write_json(tmp_path / "location.json", [ocpi_location("RM1", 0)])
    _, merged = import_ocpi(db, located)
    # The POI was merged into the register's row; both now belong to the operator's own.
    assert merged.summary() == "merged 1, unmerged 0, moved 1 (of 3 examined)"
    assert backend.listed() == [ocpi]
    assert backend.sources(ocpi) == (("ocpi", ocpi), {("bnetza", register), ("ocm", poi)})
    since = utcnow()
    removed = write_json(tmp_path / "removed.json", [ocpi_location("RM1", 0, status="REMOVED")])
    report, merged = import_ocpi(db, removed)
    assert report.summary() == "created 0, updated 0, unchanged 0, removed 1, skipped 0"
    assert merged.summary() == "merged 0, unmerged 1, moved 1 (of 3 examined)"
    assert backend.listed() == [register]
    assert backend.sources(register) == (("bnetza", register), {("ocm", poi)})
    assert backend.removed(since) == {ocpi: ("removed", None), poi: ("merged", register)}
    assert backend.exported(since) == [register]  # it gained a source and lost its canonical
    with db.transaction() as session:  # its EVSE id is free for another station
        evse = session.get(StationEvseRow, "DE*ION*ERM1")
        assert evse is None
    # The location is back in service: the group forms around it again.
    report, merged = import_ocpi(db, located)
    assert report.summary() == "created 0, updated 1, unchanged 0, skipped 0"
    assert merged.summary() == "merged 1, unmerged 0, moved 1 (of 3 examined)"
    assert backend.listed() == [ocpi]
    assert backend.sources(ocpi) == (("ocpi", ocpi), {("bnetza", register), ("ocm", poi)})
    assert backend.removed(since) == {register: ("merged", ocpi), poi: ("merged", ocpi)}
    assert backend.get("/v1/charging_stations/DE*ION*ERM1")["data"]["id"] == ocpi


def test_a_removed_member_leaves_its_group(backend: Backend, tmp_path: Path) -> None:
    register, poi = station_id(BNETZA.source, "rm2"), stable_uuid("ocm-poi", "9201")
    with backend.database.transaction() as session:
        import_register(session, [register_row("rm2", "IONITY GmbH", 0)], BNETZA)
    import_ocm(backend.database, write_json(tmp_path / "poi.json", [ocm_poi(9201, 30)]))
    assert backend.sources(register) == (("bnetza", register), {("ocm", poi)})
    since = utcnow()
    gone = write_json(tmp_path / "gone.json", [ocm_poi(9201, 30, status=200)])
    _, merged = import_ocm(backend.database, gone)
    assert merged.summary() == "merged 0, unmerged 1, moved 0 (of 2 examined)"
    assert backend.listed() == [register]
    assert backend.sources(register) == (("bnetza", register), set())
    # Removed first: a station gone from its source is gone, whatever it was merged with.
    assert backend.removed(since) == {poi: ("removed", None)}
    assert backend.exported(since) == [register]


def test_a_removed_record_with_a_key_the_database_cannot_hold_is_skipped(
    backend: Backend,
) -> None:
    with backend.database.transaction() as session:
        rows = [Removed("line 2", "deleted", key="a\x00b")]
        report = import_register(session, rows, NCR)["stations"]
    assert report.summary() == "created 0, updated 0, unchanged 0, skipped 1"
    with backend.database.transaction() as session:
        assert (
            session.scalars(select(StationRow.id).where(StationRow.status == "removed")).all() == []
        )
