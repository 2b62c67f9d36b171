"""stations.content_hash: a digest of what an import wrote, so an unchanged re-import skips it

An import compares each station with the stored one (issue 15). Comparing every column needed
the whole station built as columns, its EVSE ids checked and the row sent to the database, for
each of a million unchanged stations. `content_hash` is a digest of the station as the import
wrote it (db/repositories/station_writes.py makes it): a re-imported station whose digest is
the stored one is unchanged, and nothing more is done for it.

A digest must never describe other content than the row's. A writer that changes an imported
column without writing a new digest (a manual station's update, a hand-written UPDATE) has
the digest cleared by a trigger, and that station is compared column by column again. NULL
(rows written before this migration, or by other writers) is never equal to a digest.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the columns an import writes, as of this migration.
_WRITTEN = (
    "source, name, address, latitude, longitude, country, operator_id, is_sample, free_parking, "
    "free_charging, parking_type, facilities, charge_points, max_power_kw"
)
_POSTGRESQL_UP = [
    "CREATE FUNCTION stations_clear_content_hash() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN NEW.content_hash := NULL; RETURN NEW; END $$",
    f"CREATE TRIGGER stations_content_hash BEFORE UPDATE OF {_WRITTEN} ON stations "
    "FOR EACH ROW WHEN (NEW.content_hash IS NOT NULL "
    "AND NEW.content_hash IS NOT DISTINCT FROM OLD.content_hash) "
    "EXECUTE FUNCTION stations_clear_content_hash()",
]
_POSTGRESQL_DOWN = [
    "DROP TRIGGER stations_content_hash ON stations",
    "DROP FUNCTION stations_clear_content_hash()",
]
# SQLite cannot change NEW: the row is updated again, on content_hash alone (which fires
# neither this trigger nor the search indexes' ones).
_SQLITE_UP = [
    f"CREATE TRIGGER stations_content_hash AFTER UPDATE OF {_WRITTEN} ON stations "
    "WHEN new.content_hash IS NOT NULL AND new.content_hash IS old.content_hash BEGIN "
    "UPDATE stations SET content_hash = NULL WHERE rowid = new.rowid; END"
]
_SQLITE_DOWN = ["DROP TRIGGER stations_content_hash"]


def upgrade() -> None:
    op.add_column("stations", sa.Column("content_hash", sa.String(32), nullable=True))
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRESQL_UP if postgresql else _SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRESQL_DOWN if postgresql else _SQLITE_DOWN:
        op.execute(statement)
    op.drop_column("stations", "content_hash")  # SQLite 3.35+, in place
