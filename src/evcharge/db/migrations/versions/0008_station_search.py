"""station search: spatial and text indexes, keyset-friendly indexes, updated_at

Every station search now runs in SQL (issue 15), so each common one needs an index:
- box and radius: SQLite's R*Tree `stations_rtree` (one entry per operational station, keyed
  by the station's rowid, with its id and exact coordinates), kept in sync by triggers;
  PostgreSQL: a GiST index on `point(longitude, latitude)` (built in; PostGIS is not needed);
- `q`: SQLite FTS5 `stations_fts` with the trigram tokenizer (external content: the text stays
  in `stations`), kept in sync by triggers; PostgreSQL: pg_trgm GIN indexes on name and address;
- operator and country filters in id order: (operator_id, id) and (country, id), which replace
  the one-column indexes; `filter[updated_since]`: updated_at.
The (latitude, longitude) B-tree is dropped: the spatial indexes replace it.

Triggers, not the repository, keep the SQLite indexes in sync, so every writer (the API,
importers, bulk inserts, a hand-written UPDATE) is seen. They key on the implicit rowid: VACUUM
keeps the rowids of a table that has an index (stations has several), and
tests/db/test_station_search.py checks that it does.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 07:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name -> columns; both backends
INDEXES = {
    "ix_stations_operator_id_id": ["operator_id", "id"],
    "ix_stations_country_id": ["country", "id"],
    "ix_stations_updated_at": ["updated_at"],
}
# what 0002 made, which these replace
OLD_INDEXES = {
    "ix_stations_operator_id": ["operator_id"],
    "ix_stations_country": ["country"],
    "ix_stations_lat_lng": ["latitude", "longitude"],
}

# The exact coordinates and the station id ride along as auxiliary columns, so that a plain box
# or radius is answered from the R*Tree alone. It holds the stations a search may show only.
_RTREE_ROW = (
    "SELECT new.rowid, new.latitude, new.latitude, new.longitude, new.longitude, new.id, "
    "new.latitude, new.longitude WHERE new.status = 'operational' OR new.status IS NULL"
)
SQLITE_UP = [
    # Coordinates in degrees; R*Tree stores 32-bit floats rounded outwards, so it returns a
    # superset that the query narrows with the exact ones.
    "CREATE VIRTUAL TABLE stations_rtree USING rtree(id, min_lat, max_lat, min_lng, max_lng, "
    "+station_id, +latitude, +longitude)",
    "INSERT INTO stations_rtree SELECT rowid, latitude, latitude, longitude, longitude, id, "
    "latitude, longitude FROM stations WHERE status = 'operational' OR status IS NULL",
    f"CREATE TRIGGER stations_rtree_insert AFTER INSERT ON stations BEGIN "
    f"INSERT OR REPLACE INTO stations_rtree {_RTREE_ROW}; END",
    f"CREATE TRIGGER stations_rtree_update AFTER UPDATE OF id, latitude, longitude, status "
    f"ON stations BEGIN DELETE FROM stations_rtree WHERE id = old.rowid; "
    f"INSERT OR REPLACE INTO stations_rtree {_RTREE_ROW}; END",
    "CREATE TRIGGER stations_rtree_delete AFTER DELETE ON stations BEGIN "
    "DELETE FROM stations_rtree WHERE id = old.rowid; END",
    # Trigram: any substring of 3+ characters is found through the index, in any case.
    "CREATE VIRTUAL TABLE stations_fts USING fts5(name, address, content='stations', "
    "content_rowid='rowid', tokenize='trigram')",
    "INSERT INTO stations_fts(stations_fts) VALUES ('rebuild')",
    "CREATE TRIGGER stations_fts_insert AFTER INSERT ON stations BEGIN "
    "INSERT INTO stations_fts(rowid, name, address) VALUES (new.rowid, new.name, new.address); "
    "END",
    "CREATE TRIGGER stations_fts_update AFTER UPDATE OF name, address ON stations BEGIN "
    "INSERT INTO stations_fts(stations_fts, rowid, name, address) "
    "VALUES ('delete', old.rowid, old.name, old.address); "
    "INSERT INTO stations_fts(rowid, name, address) VALUES (new.rowid, new.name, new.address); "
    "END",
    "CREATE TRIGGER stations_fts_delete AFTER DELETE ON stations BEGIN "
    "INSERT INTO stations_fts(stations_fts, rowid, name, address) "
    "VALUES ('delete', old.rowid, old.name, old.address); END",
]
SQLITE_DOWN = [
    *(
        f"DROP TRIGGER stations_{index}_{action}"
        for index in ("rtree", "fts")
        for action in ("insert", "update", "delete")
    ),
    "DROP TABLE stations_fts",
    "DROP TABLE stations_rtree",
]
POSTGRESQL_UP = [
    # point(x, y) = (longitude, latitude): a box is `<@ box(...)`, with a GiST index.
    "CREATE INDEX ix_stations_point ON stations USING gist (point(longitude, latitude))",
    # pg_trgm is a trusted extension: the database's owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_stations_name_trgm ON stations USING gin (name gin_trgm_ops)",
    "CREATE INDEX ix_stations_address_trgm ON stations USING gin (address gin_trgm_ops)",
]
POSTGRESQL_DOWN = [
    "DROP INDEX ix_stations_address_trgm",
    "DROP INDEX ix_stations_name_trgm",
    "DROP EXTENSION IF EXISTS pg_trgm",
    "DROP INDEX ix_stations_point",
]


def upgrade() -> None:
    for name in OLD_INDEXES:
        op.drop_index(name, table_name="stations")
    for name, columns in INDEXES.items():
        op.create_index(name, "stations", columns)
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_UP if postgresql else SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_DOWN if postgresql else SQLITE_DOWN:
        op.execute(statement)
    for name in INDEXES:
        op.drop_index(name, table_name="stations")
    for name, columns in OLD_INDEXES.items():
        op.create_index(name, "stations", columns)
