"""stations: a partial index of the rows that left the lists, for the removed-stations feed

`GET /v1/removed_charging_stations` (db/repositories/station_removals.py) pages the stations no
search lists, a row merged into another (`duplicate_of`) or no longer operational (`status`),
in (updated_at, id) order. The index holds those rows only, in that order, with the two columns
the feed reads, so a page is one range of the index whatever the table's size and however many
listed stations were written since: ix_stations_updated_at_id (0009) would read every station
written since the time asked for, to find the few that left. Listed rows, nearly all of them,
are not in it, so it costs their writes nothing. A search never reads it: its WHERE term is not
implied by theirs.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As db/models/station.py's UNLISTED on the day of this migration (a migration stays as it ran).
_UNLISTED = "duplicate_of IS NOT NULL OR status <> 'operational'"


def upgrade() -> None:
    unlisted = sa.text(_UNLISTED)
    op.create_index(
        "ix_stations_unlisted",
        "stations",
        ["updated_at", "id", "duplicate_of", "status"],
        sqlite_where=unlisted,
        postgresql_where=unlisted,
    )


def downgrade() -> None:
    op.drop_index("ix_stations_unlisted", "stations")
