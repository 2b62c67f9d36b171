"""Imports are idempotent upserts applied in one transaction."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.open_ev_data import parse_file
from evcharge.importers.parsed import Parsed
from evcharge.services.imports.apply import import_vehicles
from tests.builders import make_vehicle
from tests.conftest import shared_path
from tests.importers.test_open_ev_data import FIXTURE


def run_import(database: Database, parsed: Parsed) -> tuple[int, int, int, int]:  # type: ignore[type-arg]
    return run_import_attaching(database, parsed)[:4]


def run_import_attaching(
    database: Database,
    parsed: Parsed,  # type: ignore[type-arg]
    source: str = "t",
) -> tuple[int, int, int, int, int]:
    """(created, updated, unchanged, skipped, attached to a stored vehicle of the variant)."""
    with database.transaction() as session:
        report = import_vehicles(session, parsed, source=source, source_key=lambda v: v.id)
    counts = report.created, report.updated, report.unchanged, len(report.skipped)
    return (*counts, len(report.attached))


def test_a_second_import_changes_nothing(database: Database) -> None:
    parsed = parse_file(FIXTURE)
    assert run_import(database, parsed) == (2, 0, 0, 3)
    assert run_import(database, parse_file(FIXTURE)) == (0, 0, 2, 3)


def test_a_changed_record_is_updated_in_place(database: Database) -> None:
    vehicle = make_vehicle()
    run_import(database, Parsed(records=[vehicle]))
    changed = replace(vehicle, usable_battery_size_kwh=61.5)
    assert run_import(database, Parsed(records=[changed])) == (0, 1, 0, 0)
    with database.transaction() as session:
        stored = VehicleRepository(session).by_evdb_id(vehicle.evdb_vehicle_id)
    assert stored == changed


def test_an_id_taken_by_another_record_is_skipped_with_the_reason(database: Database) -> None:
    first = make_vehicle()
    second = make_vehicle(id="00000000-0000-0000-0000-000000000002")  # same evdb id
    created, _u, _n, skipped = run_import(database, Parsed(records=[first, second]))
    assert (created, skipped) == (1, 1)


def test_a_failure_part_way_leaves_nothing_written(database: Database) -> None:
    with database.transaction() as session:
        before = VehicleRepository(session).count()
    good = make_vehicle()
    broken = make_vehicle(
        id="00000000-0000-0000-0000-000000000003", evdb_vehicle_id=99002, model=None
    )
    with pytest.raises(Exception, match=r"(?i)null|not null|integrity"):
        run_import(database, Parsed(records=[good, broken]))
    with database.transaction() as session:
        assert VehicleRepository(session).count() == before


def test_the_real_file_imports_idempotently(database: Database) -> None:
    path = shared_path("data", "open-ev-data", "ev-data.json")
    created, _u, _n, skipped, attached = run_import_attaching(database, parse_file(path))
    assert created + skipped + attached == 293
    assert attached > 0  # the curated dataset has many of these cars
    again = run_import_attaching(database, parse_file(path))
    assert again == (0, 0, created, skipped, attached)


def test_the_real_layered_dataset_imports_idempotently(database: Database) -> None:
    from evcharge.importers.open_ev_data_dataset import parse_dataset

    folder = shared_path("data", "open-ev-data-dataset")
    created, _u, _n, skipped, attached = run_import_attaching(database, parse_dataset(folder))
    assert created + skipped + attached == 1189
    assert created + attached > 850
    again = run_import_attaching(database, parse_dataset(folder))
    assert again == (0, 0, created, skipped, attached)
