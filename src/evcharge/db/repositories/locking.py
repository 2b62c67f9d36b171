"""Conditional writes for optimistic locking: one statement decides who wins, not an earlier read.

Reading the version, checking it, then writing lets two writers that read the same version both
write. A conditional statement is decided by the database under its row lock, so of two writers
racing for the same next version exactly one changes a row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, Result
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from evcharge.db.base import Base


def insert_unless_present(session: Session, model: type[Base], values: dict[str, Any]) -> bool:
    """INSERT a row unless one with the same key (primary or unique) exists; True when written.

    ON CONFLICT DO NOTHING rather than catching IntegrityError: a failed INSERT aborts the whole
    PostgreSQL transaction, and SQLite's driver does not keep savepoints reliably.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    # SQLAlchemy keeps an INSERT's row count only when asked to.
    stmt = insert(model).values(values).on_conflict_do_nothing()
    return changed_one(session.execute(stmt.execution_options(preserve_rowcount=True)))


def changed_one(result: Result[Any]) -> bool:
    """True when the INSERT or UPDATE behind `result` changed exactly one row."""
    assert isinstance(result, CursorResult)
    return result.rowcount == 1
