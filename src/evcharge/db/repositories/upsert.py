"""Idempotent upsert by `source_key`: insert, update (bumping version), or leave unchanged."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from evcharge.db.base import Base, utcnow


class UpsertOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


RowT = TypeVar("RowT", bound=Base)


def upsert_by_source_key(
    session: Session, model: type[RowT], source_key: str, values: dict[str, Any]
) -> tuple[RowT, UpsertOutcome]:
    key_column = model.source_key  # type: ignore[attr-defined]
    row: RowT | None = session.execute(select(model).where(key_column == source_key)).scalar()
    if row is None:
        row = model(source_key=source_key, **values)
        session.add(row)
        session.flush()
        return row, UpsertOutcome.CREATED
    if all(getattr(row, name) == value for name, value in values.items()):
        return row, UpsertOutcome.UNCHANGED
    for name, value in values.items():
        setattr(row, name, value)
    if hasattr(row, "version"):
        row.version += 1
    row.updated_at = utcnow()  # type: ignore[attr-defined]
    session.flush()
    return row, UpsertOutcome.UPDATED
