"""Our curated German stations and the real BNetzA register (2022-01-01): after an import, each
curated station whose site the register lists is merged into the register's row (issue 15).

Their coordinates were rounded (0.6 to 2.2 km off); they now come from those register rows
(src/evcharge/data/network/stations/, source strings). The register is cut to the postcodes of
these sites before the import (66 of its 25,868 rows), so the test costs the file's parse, not
the national import. Skipped without ../shared.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import aliased

from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.importers.bnetza import iter_bnetza
from evcharge.importers.curated_network_build import station_id
from evcharge.importers.registers import RegisterStation
from evcharge.settings import Settings
from tests.conftest import needs_shared, shared_path
from tests.pg_scratch import own_seeded_database
from tests.services.imports.test_station_merge import import_registers

pytestmark = needs_shared("data", "bnetza")
BNETZA = ("data", "bnetza", "Ladesaeulenregister_Stand_2022-01-01.xlsx")

# Curated slug -> the register row (name, as the importer spells it) it is the same site as.
SAME_SITE = {
    "ionity-holzkirchen": "IONITY GmbH, Holzkirchen Nord",
    "ionity-brohltal-ost": "IONITY GmbH, Raststätte Brohltal Ost",
    "fastned-pilsting": "Fastned Deutschland GmbH & Co. KG, Hietzinger Wiesen",
    "fastned-melle-west": "Fastned Deutschland GmbH & Co. KG, Wellingholzhausenerstraße 7",
    "fastned-gladbeck": "Fastned Deutschland GmbH & Co. KG, Bohmertstraße 333",
    "enbw-rutesheim": "EnBW mobility+ AG und Co.KG, Pforzheimer Straße 150",
}
POSTCODES = ("83607", "56651", "94431", "49324", "45964", "71277")


@pytest.fixture(scope="module")
def register_rows() -> list[RegisterStation]:
    """The register's rows in the postcodes of those sites, every operator's."""
    rows = iter_bnetza(Path(shared_path(*BNETZA)))
    return [
        r
        for r in rows
        if isinstance(r, RegisterStation) and any(f", {p} " in r.address for p in POSTCODES)
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """A seeded database: it holds the curated network."""
    with own_seeded_database(request, settings, "curated_bnetza") as database:
        yield database


def test_curated_german_stations_merge_into_their_register_rows(
    db: Database, register_rows: list[RegisterStation]
) -> None:
    assert len(register_rows) == 66
    with db.transaction() as session:
        import_registers(session, *register_rows)
        curated = {station_id(slug): slug for slug in SAME_SITE}
        canonical = aliased(StationRow, name="canonical")
        pairs = session.execute(
            select(StationRow.id, canonical.name)
            .outerjoin(canonical, canonical.id == StationRow.duplicate_of)
            .where(StationRow.id.in_(curated))
        )
        found = {curated[i]: name for i, name in pairs}
        assert found == SAME_SITE
        # The other side of the A61 and the EnBW chargers at Holzkirchen Nord stay apart.
        others = session.scalars(
            select(StationRow.name).where(
                StationRow.source == "bnetza",
                StationRow.duplicate_of.is_(None),
                StationRow.name.in_(
                    ["IONITY GmbH, Raststätte Brohltal West",
                     "EnBW mobility+ AG und Co.KG, Raststätte Holzkirchen Nord"]
                ),
            )
        ).all()  # fmt: skip
        assert sorted(set(others)) == [
            "EnBW mobility+ AG und Co.KG, Raststätte Holzkirchen Nord",
            "IONITY GmbH, Raststätte Brohltal West",
        ]
