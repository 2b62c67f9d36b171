"""PostgreSQL: station text search on one lowered column, with an index to read it in id order

A `q=` search asks that each word be in the name or the address, ignoring case, and pages its
matches in id order. Through 0008's two pg_trgm indexes (name, address) PostgreSQL found every
match of a common word (about 33,000 of 1,000,000 synthetic stations for "High Street") and
visited each one's row to recheck it with ILIKE, which lowers both strings on every call: most
of the 151 ms (p50) of the scale benchmark's text search. This migration:

- adds `search_text`, generated and stored: lower(name || ' ' || address). A word (search
  words hold no space) is in the name or in the address exactly when it is in this text, and
  `search_text LIKE lower(pattern)` is what ILIKE computes, with the lowering done once per
  write instead of per row per search;
- replaces the two trigram indexes by one on `search_text` (one bitmap per search, not an OR
  of two per word);
- adds a B-tree on id that carries `search_text`, status and duplicate_of, so that a common
  word's first page is found by reading stations in id order from this index alone (no row
  visited) until the page is full (db/repositories/station_search.py chooses, per search,
  between that and the trigram index).

Measured on 1,000,000 synthetic stations: see station_search.py. Adding the column rewrites
the table (about a minute at a million stations). SQLite is unchanged: FTS5 already finds
matches in rowid order, its page order.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 14:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POSTGRESQL_UP = [
    # Dropped first, so that the table's rewrite does not rebuild them.
    "DROP INDEX ix_stations_name_trgm",
    "DROP INDEX ix_stations_address_trgm",
    "ALTER TABLE stations ADD COLUMN search_text text "
    "GENERATED ALWAYS AS (lower(name || ' ' || address)) STORED",
    "CREATE INDEX ix_stations_search_text_trgm ON stations USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX ix_stations_id_search_text ON stations (id) "
    "INCLUDE (search_text, status, duplicate_of)",
]
POSTGRESQL_DOWN = [
    "DROP INDEX ix_stations_id_search_text",
    "DROP INDEX ix_stations_search_text_trgm",
    "ALTER TABLE stations DROP COLUMN search_text",
    "CREATE INDEX ix_stations_name_trgm ON stations USING gin (name gin_trgm_ops)",
    "CREATE INDEX ix_stations_address_trgm ON stations USING gin (address gin_trgm_ops)",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in POSTGRESQL_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in POSTGRESQL_DOWN:
        op.execute(statement)
