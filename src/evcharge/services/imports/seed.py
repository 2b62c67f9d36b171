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
    """Vehicles, then the network (companies, tariffs, stations); one report per kind.

    Curated vehicles are stored under their catalogue key, so a vehicle whose public id changes
    (it gained, lost or changed its EV Database id) is updated in place, never duplicated."""
    catalogue = curated.load_catalogue()
    keys = {c.vehicle.id: str(c.key) for c in catalogue}
    wanted = {str(c.key): c.vehicle.evdb_vehicle_id for c in catalogue}
    parked = _park_moving_ids(VehicleRepository(session), wanted)
    vehicles = import_vehicles(
        session,
        Parsed(records=[c.vehicle for c in catalogue]),
        source=curated.SOURCE,
        source_key=lambda v: keys[v.id],
        progress=progress,
    )
    # A vehicle whose new id is its own one got it while parked: the upsert found it unchanged.
    settled = sum(1 for key in parked if wanted.get(key) == parked[key])
    vehicles.updated += settled
    vehicles.unchanged -= settled
    network = import_network(session, load_network(), source=curated_network_build.SOURCE)
    return {"vehicles": vehicles, **network}


def _park_moving_ids(repo: VehicleRepository, wanted: dict[str, int]) -> dict[str, int]:
    """A stored curated vehicle whose public id is about to change first takes its own id
    (OWN_ID_OFFSET + key, which no other record can hold), so the upserts that follow never
    find an EV Database id still held by the vehicle it moved away from. A stored vehicle that
    left the catalogue gives up its EV Database id the same way. Returns the moves made."""
    park: dict[str, int] = {}
    for key, stored in repo.evdb_ids(source=curated.SOURCE).items():
        if not key.isdigit():
            continue
        own = curated.own_evdb_id(int(key))
        if stored not in (wanted.get(key), own):
            park[key] = own
    repo.set_evdb_ids(source=curated.SOURCE, ids=park)
    return park


def is_empty(session: Session) -> bool:
    """True when vehicles or the network are missing, e.g. a database from before the network
    existed: seeding is idempotent, so loading both then only adds what is missing."""
    return VehicleRepository(session).count() == 0 or TariffRepository(session).count() == 0
