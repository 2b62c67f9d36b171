"""The Open Charge Map sample the OCM tests reason about, copied out of ../shared/data/ocm."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import shared_path

# The four POIs of poi/ that README.md lists (two in Andorra, two in Luxembourg). The tests
# count them, so they read a copy of exactly these: ../shared/data/ocm grows (london/ came
# later, with 100 POIs and a reference file of its own) and must not change the counts.
SAMPLE_POIS = (73213, 307660, 148475, 471057)


def ocm_sample(tmp_path: Path) -> Path:
    """A folder like ../shared/data/ocm once was: poi/ with the four POIs, and the reference
    subset beside it (an import of the folder meets it and says to pass it with --reference).

    Skips the test when ../shared/data/ocm is absent; call it inside a test, never at import.
    """
    shared = shared_path("data", "ocm")
    folder = tmp_path / "ocm"
    (folder / "poi").mkdir(parents=True)
    for poi_id in SAMPLE_POIS:
        shutil.copy(shared / "poi" / f"OCM-{poi_id}.json", folder / "poi")
    shutil.copy(shared / "reference_subset.json", folder)
    return folder
