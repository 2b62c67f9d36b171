"""A PostgreSQL database of a test module's own, migrated, seeded and holding the test network
(as the SQLite `settings` plus the `priced` fixture).

For tests whose rows other modules' answers must not see (a tariff that cannot be priced, racing
writes): the session's `pg_settings` database is shared by every PostgreSQL test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from evcharge.db.engine import Database
from evcharge.db.migrate import upgrade
from evcharge.importers.curated_network_build import load_network
from evcharge.services.imports.network import import_network
from evcharge.services.imports.seed import seed
from evcharge.settings import Settings
from tests.conftest import PG_ADMIN_DSN
from tests.services.imports.test_network_import import FIXTURE


@contextmanager
def empty_database(pg_database_url: str, suffix: str) -> Iterator[Settings]:
    """`pg_database_url`'s database name + `suffix`, created empty and dropped afterwards."""
    base, session_name = pg_database_url.rsplit("/", 1)
    name = f"{session_name}_{suffix}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Settings(database_url=f"{base}/{name}")
    finally:
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_database(pg_database_url: str, suffix: str) -> Iterator[Settings]:
    """An `empty_database`, migrated, seeded and given the test network."""
    with empty_database(pg_database_url, suffix) as settings:
        upgrade(settings)
        database = Database(settings)
        with database.transaction() as session:
            seed(session)
            import_network(session, load_network(FIXTURE), source="test")
        database.dispose()
        yield settings


@contextmanager
def own_seeded_database(
    request: pytest.FixtureRequest, settings: Settings, suffix: str
) -> Iterator[Database]:
    """A seeded database of the test's own on the backend the fixture's param names: on
    SQLite the test's `settings`, on PostgreSQL a scratch database (dropped after), so the
    stations a test imports stay out of the others'."""
    if request.param == "postgresql":
        with scratch_database(request.getfixturevalue("pg_database_url"), suffix) as scratch:
            database = Database(scratch)
            yield database
            database.dispose()
        return
    database = Database(settings)
    yield database
    database.dispose()


@contextmanager
def filled_database(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated_template: Path,
    suffix: str,
    fill: Callable[[Settings], None],
    *,
    test_network: bool,
) -> Iterator[Database]:
    """A module's own seeded database, given its rows by `fill`, on the backend the fixture's
    param names: on SQLite a copy of the migrated template, on PostgreSQL a database of its own
    (with the test network too when `test_network`), dropped after."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp(suffix) / f"{suffix}.db"
        shutil.copy(migrated_template, path)
        settings = Settings(database_url=f"sqlite:///{path}")
        fill(settings)
        database = Database(settings)
        yield database
        database.dispose()
        return
    url = request.getfixturevalue("pg_database_url")
    with (scratch_database if test_network else seeded_database)(url, suffix) as settings:
        fill(settings)
        database = Database(settings)
        yield database
        database.dispose()


@contextmanager
def seeded_database(pg_database_url: str, suffix: str) -> Iterator[Settings]:
    """An `empty_database`, migrated and seeded (as the SQLite template is)."""
    with empty_database(pg_database_url, suffix) as settings:
        upgrade(settings)
        database = Database(settings)
        with database.transaction() as session:
            seed(session)
        database.dispose()
        yield settings
