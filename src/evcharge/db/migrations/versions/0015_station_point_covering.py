"""PostgreSQL: the GiST index of station positions carries what a box or radius search reads

A box or radius page is chosen from every station in it (several thousand in a dense city's
20 x 20 km box), ordered by id or distance, then cut to the page. The index found them, but
each candidate's id, position, status and duplicate_of was then read from the table: at
1,000,000 stations most of a Berlin box's 25 ms. With those columns in the index (INCLUDE,
PostgreSQL 12+), the search is an index-only scan once VACUUM has marked the pages visible,
as after any large import (README). Measured on 1,000,000 synthetic stations: one box query's
execution 25 -> 2.7 ms, the box page of 400 over HTTP 28.9 -> 21.1 ms (p50). The index grows
from 64 to 181 MB. It has no WHERE clause: the merge pass asks it for neighbours whatever
their duplicate_of. SQLite is unchanged (its R*Tree is a table of its own).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30 12:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POINT = "ON stations USING gist (point(longitude, latitude))"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_stations_point")
    op.execute(
        f"CREATE INDEX ix_stations_point {_POINT} "
        "INCLUDE (id, latitude, longitude, status, duplicate_of)"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_stations_point")
    op.execute(f"CREATE INDEX ix_stations_point {_POINT}")
