"""Imports merge records of one variant: onto the curated vehicle, or onto the richer import;
brands take the catalogue's spelling. Run on SQLite and PostgreSQL, committing for real (the
PostgreSQL database lives for the session, so each test uses keys of its own)."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from evcharge.core.brands import canonical_brand
from evcharge.core.ids import brand_id, imported_evdb_id
from evcharge.core.vehicles import Brand, CurveProvenance, Vehicle
from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import BrandRepository, VehicleRepository
from evcharge.importers.open_ev_data import parse_file
from evcharge.importers.parsed import Parsed
from evcharge.services.imports.apply import ImportReport, import_vehicles
from evcharge.services.imports.vehicle_merge import CURATED, Attached, claim_imports
from evcharge.settings import Settings
from tests.builders import make_vehicle
from tests.importers.test_open_ev_data import FIXTURE

CURATED_IONIQ = "Hyundai IONIQ 5 Long Range 77.4 kWh RWD (2022)"


@pytest.fixture(params=["settings", "pg_settings"])
def database(request: pytest.FixtureRequest) -> Database:
    """The test's SQLite copy, or the session's PostgreSQL database (skipped when unreachable)."""
    settings: Settings = request.getfixturevalue(request.param)
    return Database(settings)


def imported(key: str, **overrides: object) -> Vehicle:
    """An imported record with ids of its own."""
    return make_vehicle(
        id=str(uuid.uuid5(uuid.NAMESPACE_URL, key)),
        evdb_vehicle_id=imported_evdb_id(key),
        sources=(f"https://example.org/{key}",),
        **overrides,
    )


def run(database: Database, records: list[Vehicle], source: str) -> ImportReport:
    with database.transaction() as session:
        return import_vehicles(
            session, Parsed(records=records), source=source, source_key=lambda v: v.id
        )


def stored(database: Database, vehicle_id: str) -> Vehicle | None:
    with database.transaction() as session:
        found = VehicleRepository(session).by_ids_in_order([vehicle_id])
    return found[0] if found else None


def curated_ioniq(database: Database) -> Vehicle:
    with database.transaction() as session:
        repo = VehicleRepository(session)
        hyundai = repo.page(ids=None, brand_ids=[brand_id("Hyundai")], offset=0, limit=100)[0]
    return next(v for v in hyundai if v.label == CURATED_IONIQ)


def test_a_record_of_a_curated_variant_is_attached_not_stored(database: Database) -> None:
    key = uuid.uuid4().hex
    # Another spelling of the model, the battery 1.5 kWh off, no drivetrain said.
    record = imported(
        key,
        brand=canonical_brand("Hyundai"),
        model="Ioniq 5",
        variant="",
        release_year=2022,
        usable_battery_size_kwh=72.5,
    )
    try:
        report = run(database, [record], "open-ev-data")
        assert (report.created, report.attached) == (0, [Attached(record.label, CURATED_IONIQ)])
        assert stored(database, record.id) is None
        assert f"https://example.org/{key}" in curated_ioniq(database).sources
        again = run(database, [record], "open-ev-data")  # idempotent
        assert (again.created, again.updated, len(again.attached)) == (0, 0, 1)
    finally:
        database.dispose()


def test_a_richer_record_from_another_source_replaces_the_row_and_keeps_both_sources(
    database: Database,
) -> None:
    key = uuid.uuid4().hex
    model = f"Testcar {key[:8]}"  # no curated vehicle is this one
    default_curve = imported(
        f"dataset-{key}",
        model=model,
        release_year=2024,
        usable_battery_size_kwh=61.5,  # the measured one says 60
        curve_provenance=CurveProvenance.DEFAULT,
    )
    measured = imported(f"chargeprice-{key}", model=model, release_year=2021)
    try:
        assert run(database, [default_curve], "open-ev-data-dataset").created == 1
        report = run(database, [measured], "open-ev-data")
        assert report.created == 1
        assert stored(database, default_curve.id) is None  # now attached to the measured row
        kept = stored(database, measured.id)
        assert kept is not None
        assert set(kept.sources) == set(measured.sources) | set(default_curve.sources)
        # Either source again: nothing changes, the poorer record stays attached.
        again = run(database, [default_curve], "open-ev-data-dataset")
        assert (again.created, [a.target for a in again.attached]) == (0, [kept.label])
        assert run(database, [measured], "open-ev-data").unchanged == 1
    finally:
        database.dispose()


def test_records_of_one_source_never_merge_with_each_other(database: Database) -> None:
    key = uuid.uuid4().hex
    model = f"Testcar {key[:8]}"
    one = imported(f"a-{key}", model=model, release_year=2023)
    two = imported(f"b-{key}", model=model, release_year=2024)
    try:
        assert run(database, [one, two], "open-ev-data-dataset").created == 2
    finally:
        database.dispose()


def test_rows_under_an_alias_brand_move_to_the_canonical_one_on_reimport(
    database: Database, tmp_path: Path
) -> None:
    record = json.loads(FIXTURE.read_text())["data"][0]
    record |= {"id": str(uuid.uuid4()), "brand": "Skoda", "model": f"Testcar {uuid.uuid4().hex}"}
    path = tmp_path / "ev-data.json"
    path.write_text(json.dumps({"data": [record]}))
    parsed = parse_file(path)
    # What an import before brand aliases stored: the same record under "Skoda".
    old = replace(parsed.records[0], brand=Brand(id=brand_id("Skoda"), name="Skoda"))
    try:
        with database.transaction() as session:
            VehicleRepository(session).upsert(old, source="open-ev-data", source_key=old.id)
        with database.transaction() as session:
            import_vehicles(session, parsed, source="open-ev-data", source_key=lambda v: v.id)
        moved = stored(database, old.id)
        assert moved is not None
        assert moved.brand == canonical_brand("Škoda")
        with database.transaction() as session:
            names = [
                b.name for b in BrandRepository(session).page(ids=None, offset=0, limit=500)[0]
            ]
        assert "Škoda" in names
        assert "Skoda" not in names
    finally:
        database.dispose()


def claim(database: Database, curated: Vehicle) -> None:
    """What `seed` does once every curated vehicle is stored."""
    with database.transaction() as session:
        claim_imports(VehicleRepository(session), {curated.brand.id})


def test_a_newly_curated_vehicle_claims_the_stored_imports_of_its_variant(
    database: Database,
) -> None:
    """A catalogue upgrade adds a curated vehicle that earlier imports stored as rows of their
    own: seeding attaches them to it at once, instead of on each source's next import."""
    key = uuid.uuid4().hex
    model = f"Testcar {key[:8]}"
    older = imported(f"dataset-{key}", model=model, release_year=2024, usable_battery_size_kwh=61)
    richer = imported(f"chargeprice-{key}", model=model, release_year=2023)
    curated = imported(f"curated-{key}", model=model, release_year=2024)
    other = imported(f"other-{key}", model=model, release_year=2024, usable_battery_size_kwh=80)
    try:
        assert run(database, [older], "open-ev-data-dataset").created == 1
        assert run(database, [richer, other], "open-ev-data").created == 2  # older attaches
        assert run(database, [curated], CURATED).created == 1
        assert stored(database, richer.id) is not None  # claimed once the catalogue is stored
        claim(database, curated)
        assert stored(database, richer.id) is None  # claimed, with what was attached to it
        kept = stored(database, curated.id)
        assert kept is not None
        assert set(kept.sources) == {*curated.sources, *richer.sources, *older.sources}
        assert stored(database, other.id) is not None  # 80 kWh: another variant
        # Seeding again, or either import again, changes nothing and stays attached.
        assert run(database, [curated], CURATED).unchanged == 1
        claim(database, curated)
        again = run(database, [richer], "open-ev-data")
        assert (again.created, [a.target for a in again.attached]) == (0, [kept.label])
    finally:
        with database.transaction() as session:
            repo = VehicleRepository(session)
            for source, record in (
                ("open-ev-data-dataset", older),
                ("open-ev-data", richer),
                ("open-ev-data", other),
            ):
                repo.detach(source=source, source_key=record.id)
                repo.delete(source=source, source_key=record.id)
            repo.delete(source=CURATED, source_key=curated.id)
        database.dispose()
