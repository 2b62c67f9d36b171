"""Steps the data-migration tests share: go back to a revision, seed the embedded dataset."""

from __future__ import annotations

from alembic import command

from evcharge.db.engine import Database, make_engine
from evcharge.db.migrate import alembic_config
from evcharge.services.imports.seed import seed
from evcharge.settings import Settings


def downgrade(settings: Settings, revision: str) -> None:
    engine = make_engine(settings)
    try:
        with engine.begin() as connection:
            config = alembic_config(settings)
            config.attributes["connection"] = connection
            command.downgrade(config, revision)
    finally:
        engine.dispose()


def reseed(settings: Settings) -> None:
    database = Database(settings)
    try:
        with database.transaction() as session:
            report = seed(session)
        assert report["vehicles"].skipped == []
    finally:
        database.dispose()
