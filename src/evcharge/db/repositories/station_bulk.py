"""PostgreSQL: a large load's stations written without the search indexes, which are built again
once at the end (issue 15).

Each station inserted updates every index of the table: on PostgreSQL its B-trees, a GiST and the
trigram GIN on search_text (two GINs, on name and address, before migration 0016). Building them
from the finished table costs far less: 200,000 stations copied with `INSERT ... SELECT` took
16.0 s into a table with every index, 3.6 s into one with its primary and unique keys alone, and
building the others then took 6.7 s (measured on 2026-11-30, README's machine). So a load that at
least doubles the table (station_batch.py decides) sets those indexes aside and builds them again
after its last batch. The indexes that the load itself reads stay: the primary key and the unique
source key (which station is stored), as do those of `station_evse_ids` (who holds an EVSE id).

The definitions come from the database (`pg_get_indexdef`), as the migrations made them, so
they are rebuilt exactly, and nothing here copies them. Both steps run in the import's own
transaction: PostgreSQL's DDL is transactional, so an import that fails, or a server that
stops, rolls the DROP back with the rows, and the table is never seen without its indexes.
The DROP takes the table's exclusive lock until the import commits: station reads wait for
the end of a large load (a minute or two for a million stations) instead of reading the table
as it was, which a load that doubles it mostly is not yet. The lock is waited for only
briefly, so a long-running reader makes the load keep its indexes rather than queue every
other reader behind it.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg.errors import LockNotAvailable
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

# How long the DROP waits for the table's readers to finish before the load keeps its indexes.
LOCK_WAIT = "2s"
_INDEXES = text(
    "SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS definition "
    "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
    "WHERE i.indrelid = 'stations'::regclass "
    "AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
    "ORDER BY c.relname"
)


@dataclass(frozen=True, slots=True)
class SetAside:
    """Indexes dropped for a load: (name, the statement that creates it), to build again."""

    indexes: tuple[tuple[str, str], ...]


def set_aside_if_doubled(session: Session, created: int) -> SetAside | None:
    """When the `created` stations of this transaction are at least half of those stored,
    drop the stations' indexes that no constraint owns; what was dropped, or None with
    nothing dropped: on SQLite (its search indexes are tables kept by triggers), for a
    smaller load, or when the table's readers did not let go within LOCK_WAIT."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    limit = 2 * created + 1  # counted no further than needed
    counted = text("SELECT count(*) FROM (SELECT 1 FROM stations LIMIT :limit) AS s")
    if session.execute(counted, {"limit": limit}).scalar_one() >= limit:
        return None
    indexes = tuple((row.name, row.definition) for row in session.execute(_INDEXES))
    if not indexes:
        return None
    waited = session.execute(text("SELECT current_setting('lock_timeout')")).scalar_one()
    try:
        with session.begin_nested():
            _set(session, "lock_timeout", LOCK_WAIT)
            session.execute(text(f"DROP INDEX {', '.join(name for name, _ in indexes)}"))
    except OperationalError as error:
        if not isinstance(error.orig, LockNotAvailable):
            raise  # a lost connection, say: not a reason to keep loading with the indexes
        return None  # lock_timeout: the savepoint's rollback restored everything
    finally:
        _set(session, "lock_timeout", waited)
    return SetAside(indexes)


def _set(session: Session, setting: str, value: str) -> None:
    """SET LOCAL, with the value bound."""
    session.execute(text("SELECT set_config(:s, :v, true)"), {"s": setting, "v": value})


def build_indexes(session: Session, aside: SetAside) -> None:
    """Create the indexes `set_aside_if_doubled` dropped, as they were."""
    # maintenance_work_mem as the server has it: 512 MB instead of the default 64 MB built
    # the indexes of a million stations in the same 20 s (measured on 2026-11-30).
    for _name, definition in aside.indexes:
        session.execute(text(definition))
