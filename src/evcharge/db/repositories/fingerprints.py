"""One query for the fingerprints of the cached catalogue tables: companies, tariffs, stations.

A fingerprint (count, sum of versions, latest update) changes on every write to its table, so
the in-memory caches (services/*_cache.py) reload only after a write, in any worker. A price
request needs all three: one round trip instead of three, and at most once per transaction;
any flush in that session forgets it, so a session that writes sees its own writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from evcharge.db.models import CompanyRow, StationRow, TariffRow

_KEY = "evcharge.fingerprints"
Fingerprint = tuple[int, int, str | None]


@dataclass(frozen=True, slots=True)
class Fingerprints:
    companies: Fingerprint
    tariffs: Fingerprint
    stations: Fingerprint


def _aggregates(row: Any) -> list[Any]:
    return [
        select(func.count()).select_from(row).scalar_subquery(),
        select(func.coalesce(func.sum(row.version), 0)).scalar_subquery(),
        select(func.max(row.updated_at)).scalar_subquery(),
    ]


def fingerprints(session: Session) -> Fingerprints:
    held: Fingerprints | None = session.info.get(_KEY)
    if held is not None:
        return held
    columns = [c for row in (CompanyRow, TariffRow, StationRow) for c in _aggregates(row)]
    values = session.execute(select(*columns)).one()
    parts = [values[i : i + 3] for i in (0, 3, 6)]
    prints = [(int(n), int(v), str(latest) if latest else None) for n, v, latest in parts]
    found = Fingerprints(*prints)
    session.info[_KEY] = found
    return found


@event.listens_for(Session, "after_flush")
@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _forget(session: Session, *_: Any) -> None:
    session.info.pop(_KEY, None)
