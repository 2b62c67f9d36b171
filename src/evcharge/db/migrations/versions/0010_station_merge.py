"""station merging: one physical station imported from several sources is one station

- `stations.duplicate_of`: the id of the station a row was merged into (its canonical station),
  NULL for a canonical station or one that matched nothing. Every source keeps its own row, so a
  re-import of one source stays idempotent; searches show canonical rows only, and a lookup of a
  merged-away id answers its canonical station (core/station_matching.py has the rules).
- `station_evse_claims`: EVSE ids a station's source lists but another station holds already
  (an EVSE id names one station in `station_evse_ids`, first come, first kept). They are the
  evidence of an EVSE-id match, which the stored stations no longer show.
- SQLite's R*Tree (0008) also carries `duplicate_of`, so that a plain box or radius, answered
  from the R*Tree alone, leaves merged-away rows out without reading them, while the matcher
  still finds them as neighbours. Its triggers follow the new column.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 08:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPERATIONAL = "status = 'operational' OR status IS NULL"
_TRIGGERS = ("insert", "update", "delete")
_SQLITE_SET_NULL = (
    "CREATE TRIGGER stations_duplicate_of_delete AFTER DELETE ON stations BEGIN "
    "UPDATE stations SET duplicate_of = NULL WHERE duplicate_of = old.id; END"
)


def _rtree_sql(*, with_duplicate_of: bool) -> list[str]:
    """The R*Tree and its triggers, as 0008 made them, or with the `duplicate_of` column."""
    extra = ", +duplicate_of" if with_duplicate_of else ""
    new_extra = ", new.duplicate_of" if with_duplicate_of else ""
    row_extra = ", duplicate_of" if with_duplicate_of else ""
    watched = ", duplicate_of" if with_duplicate_of else ""
    new_row = (
        f"SELECT new.rowid, new.latitude, new.latitude, new.longitude, new.longitude, new.id, "
        f"new.latitude, new.longitude{new_extra} "
        f"WHERE new.status = 'operational' OR new.status IS NULL"
    )
    return [
        "CREATE VIRTUAL TABLE stations_rtree USING rtree(id, min_lat, max_lat, min_lng, "
        f"max_lng, +station_id, +latitude, +longitude{extra})",
        "INSERT INTO stations_rtree SELECT rowid, latitude, latitude, longitude, longitude, id, "
        f"latitude, longitude{row_extra} FROM stations WHERE {_OPERATIONAL}",
        "CREATE TRIGGER stations_rtree_insert AFTER INSERT ON stations BEGIN "
        f"INSERT OR REPLACE INTO stations_rtree {new_row}; END",
        "CREATE TRIGGER stations_rtree_update AFTER UPDATE OF id, latitude, longitude, status"
        f"{watched} ON stations BEGIN DELETE FROM stations_rtree WHERE id = old.rowid; "
        f"INSERT OR REPLACE INTO stations_rtree {new_row}; END",
        "CREATE TRIGGER stations_rtree_delete AFTER DELETE ON stations BEGIN "
        "DELETE FROM stations_rtree WHERE id = old.rowid; END",
    ]


def _drop_rtree() -> None:
    for action in _TRIGGERS:
        op.execute(f"DROP TRIGGER stations_rtree_{action}")
    op.execute("DROP TABLE stations_rtree")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        # A plain column and a trigger for ON DELETE SET NULL: SQLite can add a REFERENCES
        # column in place but never drop it again (downgrade), and Alembic's batch mode would
        # rebuild the table, and with it the rowids the search indexes key on.
        op.add_column("stations", sa.Column("duplicate_of", sa.String(36), nullable=True))
        op.execute(_SQLITE_SET_NULL)
    else:
        op.add_column(
            "stations",
            sa.Column(
                "duplicate_of",
                sa.String(36),
                sa.ForeignKey("stations.id", ondelete="SET NULL"),
                nullable=True,
            ),
        )
    # Partial: the rows merged away only. A full index would hold NULL for nearly every row,
    # and SQLite's planner (no statistics) would read a search's `duplicate_of IS NULL` through
    # it, in place of the index the search needs.
    merged_only = sa.text("duplicate_of IS NOT NULL")
    op.create_index(
        "ix_stations_duplicate_of",
        "stations",
        ["duplicate_of"],
        sqlite_where=merged_only,
        postgresql_where=merged_only,
    )
    op.create_table(
        "station_evse_claims",
        sa.Column(
            "station_id",
            sa.String(36),
            sa.ForeignKey("stations.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("evse_id", sa.String(64), primary_key=True),
    )
    op.create_index("ix_station_evse_claims_evse_id", "station_evse_claims", ["evse_id"])
    if sqlite:
        _drop_rtree()
        for statement in _rtree_sql(with_duplicate_of=True):
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        _drop_rtree()
        for statement in _rtree_sql(with_duplicate_of=False):
            op.execute(statement)
    op.drop_index("ix_station_evse_claims_evse_id", "station_evse_claims")
    op.drop_table("station_evse_claims")
    op.drop_index("ix_stations_duplicate_of", "stations")
    if sqlite:
        op.execute("DROP TRIGGER stations_duplicate_of_delete")
        op.execute("ALTER TABLE stations DROP COLUMN duplicate_of")  # SQLite 3.35+, in place
    else:
        op.drop_column("stations", "duplicate_of")
