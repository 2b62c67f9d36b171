"""Load the embedded curated dataset (idempotent)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers import curated
from evcharge.importers.parsed import Parsed, Progress, no_progress
from evcharge.services.imports import ImportReport, import_vehicles


def seed(session: Session, *, progress: Progress = no_progress) -> ImportReport:
    parsed = Parsed(records=curated.load_embedded())
    return import_vehicles(
        session,
        parsed,
        source=curated.SOURCE,
        source_key=lambda v: str(v.evdb_vehicle_id),
        progress=progress,
    )


def is_empty(session: Session) -> bool:
    return VehicleRepository(session).count() == 0
