"""catalogue_versions: one counter per cached catalogue kind, bumped by triggers on every write

Replaces the fingerprint queries (count, sum of versions, latest update over whole tables),
which cost 520 ms a call at a million stations: reading three counters costs the same at any
size. Triggers, not application code, bump them, so every writer (the API, importers, another
host, a hand-written UPDATE) is seen.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the catalogue kind its rows feed
WATCHED = {
    "companies": "companies",
    "company_supported_emps": "companies",
    "tariffs": "tariffs",
    "stations": "stations",
    "station_evse_ids": "stations",
    "vehicles": "vehicles",
    "vehicle_brands": "vehicles",
    "vehicle_attachments": "vehicles",
}
KINDS = sorted(set(WATCHED.values()))


def upgrade() -> None:
    table = op.create_table(
        "catalogue_versions",
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(table, [{"kind": kind, "version": 1} for kind in KINDS])
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _postgresql_triggers() -> None:
    # Once per statement, and at most once per transaction and kind: a bulk load sent as a
    # statement per row (psycopg's executemany) would otherwise update the one counter row
    # per row, and every update of a row leaves a dead version the next must step over.
    op.execute(
        """
        CREATE FUNCTION bump_catalogue_version() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            flag text := 'evcharge.bumped_' || TG_ARGV[0];
        BEGIN
            IF current_setting(flag, true) = txid_current()::text THEN
                RETURN NULL;
            END IF;
            PERFORM set_config(flag, txid_current()::text, true);
            UPDATE catalogue_versions SET version = version + 1 WHERE kind = TG_ARGV[0];
            RETURN NULL;
        END $$
        """
    )
    for table, kind in WATCHED.items():
        op.execute(
            f"CREATE TRIGGER {table}_bump_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_catalogue_version('{kind}')"
        )


def _sqlite_triggers() -> None:
    # SQLite has row triggers only; one update of a one-row page per written row.
    for table, kind in WATCHED.items():
        for action in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_bump_version_{action.lower()} AFTER {action} ON {table} "
                f"BEGIN UPDATE catalogue_versions SET version = version + 1 "
                f"WHERE kind = '{kind}'; END"
            )


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        if postgresql:
            op.execute(f"DROP TRIGGER {table}_bump_version ON {table}")
        else:
            for action in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_bump_version_{action}")
    if postgresql:
        op.execute("DROP FUNCTION bump_catalogue_version()")
    op.drop_table("catalogue_versions")
