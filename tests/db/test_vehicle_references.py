"""A maker's reference charge survives the database on both backends, with its kind: a range
figure comes back with its distances and whether its start is the maker's, and rows stored
before kinds existed read as the windows they are."""

from __future__ import annotations

from datetime import date

import pytest

from evcharge.core.vehicles import ReferenceCharge, ReferenceKind
from evcharge.db.engine import Database
from evcharge.db.repositories.vehicle_mapping import _reference, _reference_doc
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


def test_the_stored_document_names_its_kind_and_old_rows_are_windows() -> None:
    lucid = CURATED[3601].reference_charge
    assert lucid is not None
    doc = _reference_doc(lucid)
    assert doc is not None
    assert doc["kind"] == "range_added"
    assert doc["range_added"]["start_soc_stated"] is False
    old = {
        "soc_from_pct": 10,
        "soc_to_pct": 80,
        "charger_power_kw": 350,
        "duration_min": 18,
        "source_url": "https://maker.example/spec",
        "as_of": "2026-01-01",
    }
    assert _reference(old) == ReferenceCharge(
        10, 80, 350, 18, "https://maker.example/spec", date(2026, 1, 1)
    )
