"""Idempotent upsert by `source_key`: insert, update (bumping version), or leave unchanged.

(Imported stations, written by the thousand, have their own batched statements:
station_writes.py.)"""

from __future__ import annotations

from collections.abc import Sequence
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


# Source keys per IN list (bound parameters: SQLite allows 32,766 in a statement).
_IN_CHUNK = 5_000


def upsert_many_by_source_key(
    session: Session, model: type[RowT], items: Sequence[tuple[str, dict[str, Any]]]
) -> list[UpsertOutcome]:
    """`upsert_by_source_key` for each (source key, values), in order, with one SELECT per
    5,000 keys and one flush (an import's thousands of new operators took a SELECT and an
    INSERT each). A key given twice is written, then compared, as one call after another."""
    key_column = model.source_key  # type: ignore[attr-defined]
    keys = list(dict.fromkeys(key for key, _values in items))
    stored: dict[str, RowT] = {}
    for start in range(0, len(keys), _IN_CHUNK):
        chunk = keys[start : start + _IN_CHUNK]
        stored.update(
            (row.source_key, row)  # type: ignore[attr-defined]
            for row in session.scalars(select(model).where(key_column.in_(chunk)))
        )
    outcomes = []
    for source_key, values in items:
        row = stored.get(source_key)
        if row is None:
            stored[source_key] = model(source_key=source_key, **values)
            session.add(stored[source_key])
            outcomes.append(UpsertOutcome.CREATED)
        elif all(getattr(row, name) == value for name, value in values.items()):
            outcomes.append(UpsertOutcome.UNCHANGED)
        else:
            for name, value in values.items():
                setattr(row, name, value)
            if hasattr(row, "version"):
                row.version += 1
            row.updated_at = utcnow()  # type: ignore[attr-defined]
            outcomes.append(UpsertOutcome.UPDATED)
    session.flush()
    return outcomes
