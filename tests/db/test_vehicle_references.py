"""A maker's reference charge survives the database on both backends, with its kind: a range
figure comes back with its distances and whether its start is the maker's (the document's
shape: tests/codecs/test_reference_charge.py)."""

from __future__ import annotations

import pytest

from evcharge.core.vehicles import ReferenceKind
from evcharge.db.engine import Database
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.curated import load_catalogue

CURATED = {c.key: c.vehicle for c in load_catalogue()}


@pytest.mark.parametrize("key", [3601, 1203, 3102])  # Lucid and Tesla: range; LYRIQ AWD: window
def test_a_seeded_reference_reads_back_as_loaded(db: Database, key: int) -> None:
    curated = CURATED[key]
    with db.transaction() as session:
        stored = VehicleRepository(session).by_evdb_id(curated.evdb_vehicle_id)
    assert stored is not None
    assert stored.reference_charge == curated.reference_charge
    assert stored.curve_provenance is curated.curve_provenance
    assert stored.reference_charge is not None
    kind = ReferenceKind.SOC_WINDOW if key == 3102 else ReferenceKind.RANGE_ADDED
    assert stored.reference_charge.kind is kind
