"""Load the embedded curated dataset (idempotent)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers import curated, curated_network_build
from evcharge.importers.curated_network_build import load_network
from evcharge.importers.parsed import Parsed, Progress, no_progress
from evcharge.services.imports.apply import ImportReport, import_vehicles
from evcharge.services.imports.network import import_network


def seed(session: Session, *, progress: Progress = no_progress) -> dict[str, ImportReport]:
    """Vehicles, then the network (companies, tariffs, stations); one report per kind."""
    parsed = Parsed(records=curated.load_embedded())
    vehicles = import_vehicles(
        session,
        parsed,
        source=curated.SOURCE,
        source_key=lambda v: str(v.evdb_vehicle_id),
        progress=progress,
    )
    network = import_network(session, load_network(), source=curated_network_build.SOURCE)
    return {"vehicles": vehicles, **network}


def is_empty(session: Session) -> bool:
    """True when vehicles or the network are missing, e.g. a database from before the network
    existed: seeding is idempotent, so loading both then only adds what is missing."""
    return VehicleRepository(session).count() == 0 or TariffRepository(session).count() == 0
