"""SQLite: the R*Tree of station positions gains a third dimension, a prefix of the station id

A box page is the first stations of the box in id order. The R*Tree finds a dense city's 20 x
20 km box (about 4,000 to 7,000 stations at 1,000,000) from its nodes alone, but the ids it
orders them by are auxiliary columns, each read from a table of their own (one B-tree search
per station): at 1,000,000 stations most of a Berlin box's time. With `min_id_prefix` (equal
to `max_id_prefix`), a number that never decreases as the id grows, held in the nodes, the
search (db/repositories/station_search.py) first finds from the nodes alone the prefix below
which a page's worth of the box lies, then reads the auxiliary columns of those stations only.

The prefix is the id's first three bytes in UTF-8 as one number (0 where the id is shorter),
times 2**-40: if one id sorts before another (SQLite's BINARY order, byte by byte), its first
three bytes are not greater. An integer under 2**24 times a power of two is exact in the
R*Tree's 32-bit floats, and so small a scale (under 1.6e-5, where a node of a city spans
thousandths of a degree) leaves the tree split by position as before. For the UUIDs that
every importer makes, three bytes are three hex digits: 4,096 values, about 1.3 stations of a
box of 5,400 per value, so the prefix found is rarely more than a page.

Triggers compute it (every writer, SQL by hand included, is seen); the table is rebuilt from
`stations`, as 0008 built it. PostgreSQL is unchanged: its GiST index (0015) carries the ids.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 17:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OPERATIONAL = "status = 'operational' OR status IS NULL"
_TRIGGERS = ("insert", "update", "delete")
_SCALE = 2.0**-40


# Every byte value in order: instr() of one byte in it, less one, is that byte's value.
_BYTES = "X'" + "".join(f"{b:02X}" for b in range(256)) + "'"


def _id_prefix(column: str) -> str:
    """SQL for the first three bytes of `column` (UTF-8) as a number, times _SCALE. A byte past
    the id's end is an empty blob (instr() answers 1: zero), or NULL for an empty id (zero)."""
    place = [
        f"(instr({_BYTES}, substr(CAST({column} AS BLOB), {i + 1}, 1)) - 1) * {256 ** (2 - i)}"
        for i in range(3)
    ]
    return f"coalesce({' + '.join(place)}, 0) * {_SCALE!r}"


def _rtree_sql(*, with_prefix: bool) -> list[str]:
    """The R*Tree and its triggers: as 0010 left them, or with the id prefix."""
    dimension = ", min_id_prefix, max_id_prefix" if with_prefix else ""

    def row(prefix: str) -> str:
        # rowid, the box (a point), the prefix (twice) and the auxiliary columns.
        values = f"{prefix}rowid, {prefix}latitude, {prefix}latitude, {prefix}longitude, "
        values += f"{prefix}longitude, "
        if with_prefix:
            values += f"{_id_prefix(prefix + 'id')}, {_id_prefix(prefix + 'id')}, "
        return values + f"{prefix}id, {prefix}latitude, {prefix}longitude, {prefix}duplicate_of"

    new_row = f"SELECT {row('new.')} WHERE new.status = 'operational' OR new.status IS NULL"
    return [
        "CREATE VIRTUAL TABLE stations_rtree USING rtree(id, min_lat, max_lat, min_lng, "
        f"max_lng{dimension}, +station_id, +latitude, +longitude, +duplicate_of)",
        f"INSERT INTO stations_rtree SELECT {row('')} FROM stations WHERE {_OPERATIONAL}",
        "CREATE TRIGGER stations_rtree_insert AFTER INSERT ON stations BEGIN "
        f"INSERT OR REPLACE INTO stations_rtree {new_row}; END",
        "CREATE TRIGGER stations_rtree_update AFTER UPDATE OF id, latitude, longitude, status, "
        "duplicate_of ON stations BEGIN DELETE FROM stations_rtree WHERE id = old.rowid; "
        f"INSERT OR REPLACE INTO stations_rtree {new_row}; END",
        "CREATE TRIGGER stations_rtree_delete AFTER DELETE ON stations BEGIN "
        "DELETE FROM stations_rtree WHERE id = old.rowid; END",
    ]


def _rebuild(*, with_prefix: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for action in _TRIGGERS:
        op.execute(f"DROP TRIGGER stations_rtree_{action}")
    op.execute("DROP TABLE stations_rtree")
    for statement in _rtree_sql(with_prefix=with_prefix):
        op.execute(statement)


def upgrade() -> None:
    _rebuild(with_prefix=True)


def downgrade() -> None:
    _rebuild(with_prefix=False)
