"""The reference charge's one JSON shape: it names its kind, survives JSON both ways for every
curated figure, and documents stored before kinds existed read as the windows they are."""

from __future__ import annotations

import json
from datetime import date

from evcharge.codecs.reference_charge import reference_doc, reference_from_doc
from evcharge.core.vehicles import ReferenceCharge
from evcharge.importers.curated import load_catalogue

CURATED = {c.key: c.vehicle for c in load_catalogue()}


def test_every_curated_reference_survives_json() -> None:
    references = [v.reference_charge for v in CURATED.values() if v.reference_charge]
    assert len(references) > 250
    for reference in references:
        assert reference_from_doc(json.loads(json.dumps(reference_doc(reference)))) == reference


def test_the_document_names_its_kind_and_old_documents_are_windows() -> None:
    lucid = CURATED[3601].reference_charge
    assert lucid is not None
    assert lucid.range_added is not None
    doc = reference_doc(lucid)
    assert doc is not None
    assert doc["kind"] == "range_added"
    assert doc["range_added"]["start_soc_stated"] is False
    assert doc["range_added"]["basis"] == lucid.range_added.basis.value  # a plain string
    old = {
        "soc_from_pct": 10,
        "soc_to_pct": 80,
        "charger_power_kw": 350,
        "duration_min": 18,
        "source_url": "https://maker.example/spec",
        "as_of": "2026-01-01",
    }
    assert reference_from_doc(old) == ReferenceCharge(
        10, 80, 350, 18, "https://maker.example/spec", date(2026, 1, 1)
    )
    assert reference_doc(None) is None
    assert reference_from_doc(None) is None
