"""A count of this process's commits that wrote, so caches recheck at once after a local write.

Caches of database rows (services/catalogue) recheck the database's version counters only
every so often; a request that has just written must not then read its own old data, so a
commit that wrote anything moves this count and the next read rechecks. Writes by other
processes are seen at the next periodic recheck.
"""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import TextClause, event
from sqlalchemy.orm import ORMExecuteState, Session

_WROTE = "evcharge.wrote"
_commits = itertools.count(1)
_generation = 0


def write_generation() -> int:
    """Moves after every commit, in this process, of a session that wrote."""
    return _generation


def has_written(session: Session) -> bool:
    """True when `session`'s transaction has written (a cache must not keep what it reads)."""
    return bool(session.info.get(_WROTE))


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, *_: Any) -> None:
    session.info[_WROTE] = True


# Textual SQL that only reads or sets a session variable; any other text may write.
_READS = ("select", "set ", "show ")


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    statement = state.statement
    if isinstance(statement, TextClause):
        writes = not statement.text.lstrip().lower().startswith(_READS)
    else:
        writes = state.is_insert or state.is_update or state.is_delete
    if writes:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    global _generation
    if session.info.pop(_WROTE, False):
        _generation = next(_commits)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_WROTE, None)
