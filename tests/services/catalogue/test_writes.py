"""Optimistic locking under concurrency: of two writers racing for the same version, one wins.

The race is staged, not hoped for: the first writer writes and keeps its transaction open, the
second writes while the first still holds the row, then the first commits. A read-check-write
lets the second pass its check (it reads the committed version) and then overwrite the first;
a conditional write makes it a 409.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from evcharge.api.schemas.writes import StationPutDocument, TariffPutDocument
from evcharge.api.views.writes import to_station, to_tariff
from evcharge.core.errors import Conflict, VersionConflict
from evcharge.db.engine import Database
from evcharge.db.repositories.stations import StationRepository
from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.importers.curated_network_build import company_id, load_network
from evcharge.services.catalogue import writes
from evcharge.services.imports.network import import_network
from evcharge.settings import Settings
from tests.api.test_writes import tariff_doc
from tests.pg_scratch import scratch_database
from tests.services.imports.test_network_import import FIXTURE

# Writes `name` at `version` under a fresh id's resource; True when created.
Write = Callable[[Session, str, int, str], bool]


def put_tariff(session: Session, resource_id: str, version: int, name: str) -> bool:
    doc = tariff_doc(version)
    doc["data"]["id"] = resource_id
    doc["data"]["attributes"]["name"] = name
    tariff, _ = to_tariff(resource_id, TariffPutDocument.model_validate(doc))
    return writes.put_tariff(session, tariff, version=version)


def put_station(session: Session, resource_id: str, version: int, name: str) -> bool:
    doc: dict[str, Any] = {
        "data": {
            "id": resource_id, "type": "charging_station",
            "attributes": {
                "version": version, "name": name, "address": "Main St 1", "latitude": 52.5,
                "longitude": 13.4, "country": "DE",
                "charge_points": [{"plug": "type2", "power": 22, "count": 1,
                                   "evse_ids": [f"DE*TST*{resource_id[:8]}"]}],
            },
            "relationships": {"operator": {"data": {"id": company_id("hpc"), "type": "company"}}},
        }
    }  # fmt: skip
    station, _ = to_station(resource_id, StationPutDocument.model_validate(doc))
    return writes.put_station(session, station, version=version)


def stored_name(database: Database, write: Write, resource_id: str) -> tuple[str, int]:
    with database.transaction() as session:
        if write is put_tariff:
            (tariff,) = TariffRepository(session).by_ids([resource_id])
            return tariff.name, tariff.version
        station = StationRepository(session).get(resource_id)
        assert station is not None
        return station.name, station.version


@pytest.fixture(scope="module")
def pg_network(pg_database_url: str) -> Iterator[Settings]:
    with scratch_database(pg_database_url, "locking") as settings:
        yield settings


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """The test network on SQLite, or on a PostgreSQL database of this module's own."""
    if request.param == "postgresql":
        db = Database(request.getfixturevalue("pg_network"))
    else:
        db = Database(settings)
        with db.transaction() as session:
            import_network(session, load_network(FIXTURE), source="test")
    yield db
    db.dispose()


def wait_until_blocked(database: Database) -> None:
    """Until the second writer waits for the first one's row (PostgreSQL shows it; SQLite does
    not, so there a pause lets the second writer reach its write)."""
    if database.settings.is_sqlite:
        time.sleep(0.5)
        return
    deadline = time.monotonic() + 10
    waiting = text(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while time.monotonic() < deadline:
        with database.engine.connect() as connection:
            if connection.scalar(waiting):
                return
        time.sleep(0.02)
    raise AssertionError("the second writer never waited for the first")


def race(database: Database, write: Write, resource_id: str, version: int) -> Any:
    """The first writer writes `version` and holds its transaction while the second writes the
    same version; returns the second writer's future, settled after the first committed."""
    first = database.session()
    try:
        assert write(first, resource_id, version, "first") is (version == 1)
        with ThreadPoolExecutor(1) as pool:

            def second() -> bool:
                with database.transaction() as session:
                    return write(session, resource_id, version, "second")

            future = pool.submit(second)
            wait_until_blocked(database)
            first.commit()
            future.exception(timeout=20)
        return future
    finally:
        first.close()


@pytest.mark.parametrize("write", [put_tariff, put_station], ids=["tariff", "station"])
def test_of_two_updates_to_the_same_next_version_only_the_first_is_written(
    database: Database, write: Write
) -> None:
    resource_id = str(uuid.uuid4())
    with database.transaction() as session:
        assert write(session, resource_id, 1, "original") is True
    second = race(database, write, resource_id, version=2)
    with pytest.raises(VersionConflict):
        second.result()
    assert stored_name(database, write, resource_id) == ("first", 2)


@pytest.mark.parametrize("write", [put_tariff, put_station], ids=["tariff", "station"])
def test_of_two_creates_of_the_same_id_the_second_is_a_conflict_not_an_integrity_error(
    database: Database, write: Write
) -> None:
    resource_id = str(uuid.uuid4())
    second = race(database, write, resource_id, version=1)
    with pytest.raises(VersionConflict):
        second.result()
    assert stored_name(database, write, resource_id) == ("first", 1)


def test_a_stale_version_is_a_conflict_and_writes_nothing(database: Database) -> None:
    resource_id = str(uuid.uuid4())
    with database.transaction() as session:
        put_tariff(session, resource_id, 1, "original")
    for stale in (1, 3):
        with pytest.raises(VersionConflict), database.transaction() as session:
            put_tariff(session, resource_id, stale, f"stale {stale}")
    assert stored_name(database, put_tariff, resource_id) == ("original", 1)


def test_of_two_stations_claiming_one_evse_id_the_second_is_a_conflict(
    database: Database,
) -> None:
    # Both passed a check-then-write; the second then failed on the EVSE key (a 500).
    prefix = uuid.uuid4().hex[:8]  # put_station gives each station the EVSE id DE*TST*<prefix>
    first = database.session()
    try:
        assert put_station(first, f"{prefix}-first", 1, "first") is True
        with ThreadPoolExecutor(1) as pool:

            def second() -> bool:
                with database.transaction() as session:
                    return put_station(session, f"{prefix}-second", 1, "second")

            future = pool.submit(second)
            wait_until_blocked(database)
            first.commit()
            with pytest.raises(Conflict, match=f"DE\\*TST\\*{prefix}"):
                future.result(timeout=20)
    finally:
        first.close()
    with database.transaction() as session:
        assert StationRepository(session).get(f"{prefix}-second") is None
        holder = StationRepository(session).get(f"DE*TST*{prefix}")
    assert holder is not None
    assert holder.id == f"{prefix}-first"
