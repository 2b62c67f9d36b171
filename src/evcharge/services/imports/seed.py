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
from evcharge.services.imports.vehicle_merge import claim_imports


def seed(session: Session, *, progress: Progress = no_progress) -> dict[str, ImportReport]:
    """Vehicles, then the network (companies, tariffs, stations); one report per kind.

    Curated vehicles are stored under their catalogue key, so a vehicle whose public id changes
    (it gained, lost or changed its EV Database id) is updated in place, never duplicated."""
    catalogue = curated.load_catalogue()
    keys = {c.vehicle.id: str(c.key) for c in catalogue}
    wanted = {str(c.key): c.vehicle.evdb_vehicle_id for c in catalogue}
    _park_moving_ids(VehicleRepository(session), wanted)
    vehicles = import_vehicles(
        session,
        Parsed(records=[c.vehicle for c in catalogue]),
        source=curated.SOURCE,
        source_key=lambda v: keys[v.id],
        progress=progress,
    )
    claim_imports(VehicleRepository(session), {c.vehicle.brand.id for c in catalogue})
    network = import_network(session, load_network(), source=curated_network_build.SOURCE)
    return {"vehicles": vehicles, **network}


def _park_moving_ids(repo: VehicleRepository, wanted: dict[str, int]) -> None:
    """A stored curated vehicle whose public id is about to change first gives it up, so the
    upserts that follow never find an EV Database id still held by the vehicle it moved away
    from. It parks on -key (no public id is negative, so its upsert always writes, and counts,
    the new id); a stored vehicle that left the catalogue parks on its own id
    (OWN_ID_OFFSET + key, which no other record can hold) for good."""
    park: dict[str, int] = {}
    for key, stored in repo.evdb_ids(source=curated.SOURCE).items():
        if not key.isdigit() or stored == wanted.get(key):
            continue
        if key in wanted:
            park[key] = -int(key)
        elif stored != curated.own_evdb_id(int(key)):
            park[key] = curated.own_evdb_id(int(key))
    repo.set_evdb_ids(source=curated.SOURCE, ids=park)


def is_empty(session: Session) -> bool:
    """True when vehicles or the network are missing, e.g. a database from before the network
    existed: seeding is idempotent, so loading both then only adds what is missing."""
    return VehicleRepository(session).count() == 0 or TariffRepository(session).count() == 0
