"""Every station import ends with the merge pass, and `evcharge import merge` reruns it: on the real
samples, OCM's London POIs and the UK NCR of 2017 share no station (the nearest NCR device to any
POI is 921 m away), so nothing merges, and a second pass over everything changes nothing
(skipped without ../shared)."""

from __future__ import annotations

from sqlalchemy import func, select

from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.settings import Settings
from tests.cli.test_import_registers import run
from tests.conftest import needs_shared, shared_path

pytestmark = needs_shared("data", "ocm", "london")

NOTHING = "stations across sources: merged 0, unmerged 0, moved 0"


def test_ocm_london_and_the_uk_ncr_share_no_station(settings: Settings) -> None:
    ncr_file = shared_path("data", "uk-ncr", "national-charge-point-registry_2017-11.csv")
    ncr = run(settings, "uk-ncr", str(ncr_file))
    assert f"{NOTHING} (of 0 examined)" in ncr
    london = shared_path("data", "ocm", "london")
    ocm = run(
        settings,
        "ocm",
        str(london / "chargefinder2_london_100poi.json"),
        "--reference",
        str(london / "ocm-data_reference_2021-08-13.json"),
    )
    assert f"{NOTHING} (of 0 examined)" in ocm
    assert f"{NOTHING} (of 0 examined)" in run(settings, "merge")
    with Database(settings).transaction() as session:
        merged = select(func.count()).where(StationRow.duplicate_of.is_not(None))
        assert session.scalar(merged) == 0
        ocm_rows = select(func.count()).where(StationRow.source == "ocm")
        assert session.scalar(ocm_rows) == 95  # of 100: removed, private and the like skipped
