"""All SQL about tariffs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from evcharge.core.network import Tariff
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

    def fingerprint(self) -> tuple[int, str | None]:
        """Changes whenever a tariff is written: lets callers cache compiled tariffs."""
        count, latest = self.session.execute(
            select(func.count(), func.max(TariffRow.updated_at))
        ).one()
        return int(count), latest.isoformat() if latest else None
