"""The same migrations build the same schema on SQLite and PostgreSQL, and run down and up again."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from fastapi.testclient import TestClient
from sqlalchemy import inspect, text

from evcharge.api.app import create_app
from evcharge.db.base import Base
from evcharge.db.engine import make_engine
from evcharge.db.migrate import alembic_config, current_tables, upgrade
from evcharge.settings import Settings
from tests.conftest import key_maker
from tests.pg_scratch import empty_database

TABLES = {
    "alembic_version",
    "api_keys",
    "catalogue_versions",
    "companies",
    "company_supported_emps",
    "ocpi_objects",
    "ocpi_parties",
    "station_evse_claims",
    "station_evse_ids",
    "stations",
    "tariffs",
    "usage_events",
    "vehicle_attachments",
    "vehicle_brands",
    "vehicles",
}
# SQLite's station search indexes (migration 0008): the R*Tree and FTS5 virtual tables and the
# shadow tables that hold their data. PostgreSQL keeps its indexes inside `stations`.
SQLITE_SEARCH_TABLES = {
    "stations_rtree",
    "stations_rtree_node",
    "stations_rtree_parent",
    "stations_rtree_rowid",
    "stations_fts",
    "stations_fts_config",
    "stations_fts_data",
    "stations_fts_docsize",
    "stations_fts_idx",
}

# PostgreSQL's generated column for text search (migration 0016): only its searches read it.
POSTGRESQL_SEARCH_COLUMNS = {"stations": {"search_text"}}


def columns(settings: Settings) -> dict[str, set[str]]:
    engine = make_engine(settings)
    try:
        inspector = inspect(engine)
        return {
            t: {c["name"] for c in inspector.get_columns(t)} for t in inspector.get_table_names()
        }
    finally:
        engine.dispose()


def roundtrip(settings: Settings) -> None:
    upgrade(settings)
    assert current_tables(settings) == TABLES | (
        SQLITE_SEARCH_TABLES if settings.is_sqlite else set()
    )
    upgrade(settings)  # a second upgrade is a no-op
    engine = make_engine(settings)
    with engine.begin() as connection:
        config = alembic_config(settings)
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    engine.dispose()
    assert current_tables(settings) == {"alembic_version"}
    upgrade(settings)
    models = {t.name: {c.name for c in t.columns} for t in Base.metadata.sorted_tables}
    found = columns(settings)
    for table, names in models.items():
        search = set() if settings.is_sqlite else POSTGRESQL_SEARCH_COLUMNS.get(table, set())
        assert found[table] == names | search, table


def test_migrations_on_sqlite(tmp_path: pytest.TempPathFactory) -> None:
    roundtrip(Settings(database_url=f"sqlite:///{tmp_path}/m.db"))


@pytest.fixture
def pg_scratch(pg_database_url: str) -> Iterator[Settings]:
    """An extra empty PostgreSQL database for the migration round trip."""
    with empty_database(pg_database_url, "m") as settings:
        yield settings


def test_migrations_on_postgresql(pg_scratch: Settings) -> None:
    roundtrip(pg_scratch)


def test_the_api_answers_on_postgresql(pg_settings: Settings) -> None:
    key = key_maker(pg_settings)("all")
    with TestClient(create_app(pg_settings)) as client:
        vehicles = client.get("/v2/vehicles", headers={"Api-Key": key})
        v2x = client.get(
            "/evdatabase/uk/car/bidirectionalcharging/",
            params={"evdb_vehicle_id": 91001},
            headers={"x-api-key": key},
        )
        search = client.get("/v2/vehicles", params={"q": "ioniq"}, headers={"Api-Key": key})
    assert vehicles.status_code == 200
    assert vehicles.json()["meta"]["overall_count"] >= 1
    assert v2x.status_code == 200
    assert v2x.json()["result"]["vehicle_to_load_power_output_kw"] == 3.6
    assert search.json()["data"]


def test_hosts_starting_together_migrate_once(pg_scratch: Settings) -> None:
    # Four `evcharge serve`s at once: the advisory lock lets one migrate; the rest find head.
    errors: list[BaseException] = []

    def start() -> None:
        try:
            upgrade(pg_scratch)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    engine = make_engine(pg_scratch)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    engine.dispose()
    head = ScriptDirectory.from_config(alembic_config(pg_scratch)).get_current_head()
    assert [v for (v,) in versions] == [head]
