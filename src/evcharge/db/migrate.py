"""Run Alembic migrations from code, so `evcharge db upgrade` works from any directory."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text

from evcharge.db.engine import make_engine
from evcharge.settings import Settings

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    return config


# Any fixed number: every host's `evcharge serve` takes this PostgreSQL lock around its upgrade,
# so hosts starting together migrate once and the others find the schema current.
_MIGRATION_LOCK = 7_265_401


def upgrade(settings: Settings, revision: str = "head") -> None:
    engine = make_engine(settings)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Transaction-scoped: released by the commit (or rollback) of this upgrade.
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK}
                )
            config = alembic_config(settings)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def current_tables(settings: Settings) -> set[str]:
    engine = make_engine(settings)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
