"""The catalogue's version counters: one primary-key read, whatever the tables hold.

Database triggers bump a kind's counter in the transaction that writes its rows (migration
0007), so a version is seen only once the rows it stands for are committed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from evcharge.db.models import CatalogueVersionRow


@dataclass(frozen=True, slots=True)
class CatalogueVersions:
    companies: int
    tariffs: int
    stations: int
    vehicles: int


def catalogue_versions(session: Session) -> CatalogueVersions:
    rows = session.execute(select(CatalogueVersionRow.kind, CatalogueVersionRow.version))
    found = {kind: int(version) for kind, version in rows}
    return CatalogueVersions(
        found["companies"], found["tariffs"], found["stations"], found["vehicles"]
    )
