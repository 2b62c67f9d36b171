"""All SQL about tariffs."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from evcharge.core.network import Tariff
from evcharge.db.base import utcnow
from evcharge.db.models import TariffRow
from evcharge.db.repositories.locking import changed_one, insert_unless_present
from evcharge.db.repositories.tariff_mapping import columns, to_tariff
from evcharge.db.repositories.upsert import UpsertOutcome, upsert_by_source_key


class TariffRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def upsert(self, tariff: Tariff, *, source_key: str) -> UpsertOutcome:
        _row, outcome = upsert_by_source_key(self.session, TariffRow, source_key, columns(tariff))
        return outcome

    def all(self) -> list[Tariff]:
        return [
            to_tariff(r) for r in self.session.scalars(select(TariffRow).order_by(TariffRow.name))
        ]

    def by_ids(self, ids: Sequence[str]) -> list[Tariff]:
        rows = self.session.scalars(select(TariffRow).where(TariffRow.id.in_(ids)))
        return [to_tariff(r) for r in rows]

    def count(self) -> int:
        return self.session.scalar(select(func.count()).select_from(TariffRow)) or 0

    def delete_absent(self, source: str, kept_keys: Collection[str]) -> list[str]:
        """Delete the tariffs `source` stored before (source keys "source:...") whose keys are
        not among `kept_keys`, the ones it holds now; their ids, in id order."""
        stored = select(TariffRow).where(
            TariffRow.source_key.startswith(f"{source}:", autoescape=True)
        )
        rows = self.session.scalars(stored.order_by(TariffRow.id))
        gone = [r for r in rows if r.source_key not in kept_keys]
        for row in gone:
            self.session.delete(row)
        self.session.flush()
        return [r.id for r in gone]


def create(session: Session, tariff: Tariff) -> bool:
    """Insert `tariff` at version 1; False when a tariff with its id already exists."""
    values = {**columns(tariff), "source_key": f"api:{tariff.id}", "version": 1}
    return insert_unless_present(session, TariffRow, values)


def update(session: Session, tariff: Tariff, *, version: int) -> bool:
    """Write `tariff` as `version` only where it is stored at `version - 1`, in one statement;
    False when it is not (missing, or another writer got there first)."""
    values = {k: v for k, v in columns(tariff).items() if k != "id"}
    stmt = (
        sql_update(TariffRow)
        .where(TariffRow.id == tariff.id, TariffRow.version == version - 1)
        .values(**values, version=version, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return changed_one(session.execute(stmt))


def delete(session: Session, tariff_id: str) -> bool:
    row = session.get(TariffRow, tariff_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
