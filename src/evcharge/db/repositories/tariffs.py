"""All SQL about tariffs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from evcharge.core.network import Tariff
from evcharge.db.base import utcnow
from evcharge.db.models import TariffRow
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


def current_version(session: Session, tariff_id: str) -> int | None:
    return session.scalar(select(TariffRow.version).where(TariffRow.id == tariff_id))


def save(session: Session, tariff: Tariff, *, version: int) -> None:
    """Write `tariff` as given at `version` (the caller checked the optimistic lock)."""
    row = session.get(TariffRow, tariff.id)
    values = columns(tariff)
    if row is None:
        session.add(TariffRow(source_key=f"api:{tariff.id}", version=version, **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
        row.version = version
        row.updated_at = utcnow()
    session.flush()


def delete(session: Session, tariff_id: str) -> bool:
    row = session.get(TariffRow, tariff_id)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
