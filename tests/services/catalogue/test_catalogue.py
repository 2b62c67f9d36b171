"""The app's catalogue: O(1) freshness from trigger-bumped version counters, a periodic recheck
under an injected clock, a writer's own commits seen at once, and no station lost to a race."""

from __future__ import annotations

import threading
from contextlib import suppress

from sqlalchemy import select, text

from evcharge.core.memo import BoundedMemo
from evcharge.core.network import Station
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.db.repositories.catalogue_versions import CatalogueVersions, catalogue_versions
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.curated_network_build import company_id
from evcharge.services.catalogue import Catalogue


class Abandon(Exception):
    """Raised inside a transaction to roll it back."""


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def versions(database: Database) -> CatalogueVersions:
    with database.transaction() as session:
        return catalogue_versions(session)


def test_every_write_to_a_watched_table_bumps_its_counter(db: Database) -> None:
    # Triggers, not application code: a hand-written statement counts as much as the API.
    statements = {
        "companies": "UPDATE companies SET name = name WHERE id = :cpo",
        "tariffs": "UPDATE tariffs SET name = name WHERE id IN (SELECT id FROM tariffs LIMIT 1)",
        "stations": "UPDATE stations SET name = name WHERE id IN (SELECT id FROM stations LIMIT 1)",
        "vehicles": "UPDATE vehicles SET model = model "
        "WHERE id IN (SELECT id FROM vehicles LIMIT 1)",
    }
    for kind, sql in statements.items():
        before = versions(db)
        with db.transaction() as session:
            session.execute(text(sql), {"cpo": company_id("ionity")})
        after = versions(db)
        bumped = {k for k in statements if getattr(after, k) != getattr(before, k)}
        assert bumped == {kind}, kind
    before = versions(db)
    with db.transaction() as session:  # the roaming table feeds the companies
        session.execute(
            text(
                "INSERT INTO company_supported_emps (cpo_id, emp_id) "
                "SELECT CAST(:cpo AS VARCHAR(36)), id FROM companies WHERE id NOT IN "
                "(SELECT emp_id FROM company_supported_emps WHERE cpo_id = :cpo) LIMIT 1"
            ),
            {"cpo": company_id("ionity")},
        )
    after = versions(db)
    assert (after.companies, after.tariffs, after.stations, after.vehicles) == (
        before.companies + 1,
        before.tariffs,
        before.stations,
        before.vehicles,
    )


def test_a_rolled_back_write_leaves_the_counters(db: Database) -> None:
    before = versions(db)
    with suppress(Abandon), db.transaction() as session:
        session.execute(text("UPDATE stations SET name = name"))
        raise Abandon
    assert versions(db) == before


def test_another_process_write_is_seen_at_the_next_recheck(db: Database) -> None:
    clock = Clock()
    catalogue = Catalogue(recheck_s=0.25, clock=clock)
    ionity = company_id("ionity")
    with db.transaction() as session:
        assert catalogue.companies(session)[ionity].name == "IONITY"
    rename = text("UPDATE companies SET name = :name WHERE id = :id")
    # Another process renames it: its own connection, so nothing here hears of the commit.
    with db.engine.begin() as connection:
        connection.execute(rename, {"name": "Renamed", "id": ionity})
    try:
        with db.transaction() as session:
            assert catalogue.companies(session)[ionity].name == "IONITY"  # within the interval
        clock.now += 0.25
        with db.transaction() as session:
            assert catalogue.companies(session)[ionity].name == "Renamed"
    finally:  # PostgreSQL's database is shared by the session's tests
        with db.engine.begin() as connection:
            connection.execute(rename, {"name": "IONITY", "id": ionity})


def test_this_process_commits_are_seen_at_once(db: Database) -> None:
    catalogue = Catalogue(recheck_s=3600, clock=Clock())
    ionity = company_id("ionity")
    with db.transaction() as session:
        before = catalogue.companies(session)[ionity].supported_emp_ids
        assert before
        assert catalogue.companies(session) is catalogue.companies(session)  # kept
    try:
        with db.transaction() as session:
            CompanyRepository(session).set_supported_emps(ionity, frozenset())
            # The writing session reads its own write, around the catalogue...
            assert catalogue.companies(session)[ionity].supported_emp_ids == frozenset()
        with db.transaction() as session:
            # ...and once committed, every later read sees it, though the clock has not moved.
            assert catalogue.companies(session)[ionity].supported_emp_ids == frozenset()
    finally:  # PostgreSQL's database is shared by the session's tests
        with db.transaction() as session:
            CompanyRepository(session).set_supported_emps(ionity, before)


def test_an_uncommitted_read_is_never_kept(db: Database) -> None:
    catalogue = Catalogue(recheck_s=3600, clock=Clock())
    ionity = company_id("ionity")
    with suppress(Abandon), db.transaction() as session:
        session.execute(text("UPDATE companies SET name = 'Never' WHERE id = :id"), {"id": ionity})
        assert catalogue.companies(session)[ionity].name == "Never"
        raise Abandon
    with db.transaction() as session:
        assert catalogue.companies(session)[ionity].name == "IONITY"


def test_vehicles_are_held_whole_and_a_write_is_read_around_then_seen(db: Database) -> None:
    catalogue = Catalogue(recheck_s=3600, clock=Clock())
    rename = text("UPDATE vehicles SET variant = :variant WHERE id = :id")
    with db.transaction() as session:
        stored = sorted(VehicleRepository(session).all(), key=lambda v: v.id)
        car = stored[0]
        assert catalogue.vehicle(session, car.id) == car
        assert catalogue.vehicle(session, "no-such-vehicle") is None
        # One read held every vehicle: a car not asked about before needs no other.
        assert catalogue._held["vehicles"][1].keys() == {v.id for v in stored}
    try:
        with db.transaction() as session:
            session.execute(rename, {"variant": "Renamed", "id": car.id})
            found = catalogue.vehicle(session, car.id)  # its own write, read around the catalogue
            assert found is not None
            assert found.variant == "Renamed"
        with db.transaction() as session:  # committed here: seen at once, the clock unmoved
            found = catalogue.vehicle(session, car.id)
            assert found is not None
            assert found.variant == "Renamed"
    finally:  # PostgreSQL's database is shared by the session's tests
        with db.transaction() as session:
            session.execute(rename, {"variant": car.variant, "id": car.id})


def test_requests_that_find_a_table_stale_together_load_it_once(db: Database) -> None:
    # After a write, every request in flight found the table stale and each read (and, for
    # tariffs, compiled) it again; now the others wait for the first one's load.
    catalogue = Catalogue(recheck_s=3600, clock=Clock())
    entered, release = threading.Event(), threading.Event()
    loads: list[int] = []

    def load() -> object:
        loads.append(1)
        entered.set()
        release.wait(5)
        return object()

    def ask(into: list[object]) -> None:
        with db.transaction() as session:
            into.append(catalogue._whole(session, "slow", lambda v: v.companies, load))

    first: list[object] = []
    second: list[object] = []
    one = threading.Thread(target=ask, args=(first,))
    one.start()
    assert entered.wait(5)  # the first request is loading
    two = threading.Thread(target=ask, args=(second,))
    two.start()
    two.join(0.2)  # it waits for the first's load, it does not start its own
    release.set()
    one.join(5)
    two.join(5)
    assert len(loads) == 1
    assert len(first) == len(second) == 1
    assert first[0] is second[0]


class StoredByAnotherRequest(BoundedMemo[str, Station]):
    """Holds no station until asked about `late` once; then another request has stored it."""

    def __init__(self, late: Station) -> None:
        super().__init__(1000)
        self.late = late
        self.asked = False

    def get(self, key: str, default: object = None) -> Station | None:  # type: ignore[override]
        if key == self.late.id and not self.asked:
            self.asked = True
            return None
        if key == self.late.id:
            self.put(key, self.late)
        return super().get(key)


def test_a_station_stored_meanwhile_is_still_found(database: Database) -> None:
    # The old cache split found (inside the lock) from missing (outside it): a station stored
    # in between was in neither, and bulk answered 404 for a station that exists.
    catalogue = Catalogue()
    with database.transaction() as session:
        ids = list(session.scalars(select(StationRow.id).order_by(StationRow.id).limit(3)))
        stations = StationRepository(session).by_ids(ids)
        version = catalogue.versions(session).stations
        catalogue._by_id["stations"] = (version, StoredByAnotherRequest(stations[0]))
        found = catalogue.stations(session, [s.id for s in stations])
    assert {s.id for s in found} == {s.id for s in stations}


def test_a_transaction_bumps_a_counter_once_however_many_statements(db: Database) -> None:
    # A bulk load sent a statement per row must not update the counter row per row.
    before = versions(db)
    with db.transaction() as session:
        for _ in range(50):
            session.execute(text("UPDATE stations SET name = name WHERE 1 = 0"))
        session.execute(text("UPDATE tariffs SET name = name WHERE 1 = 0"))
    after = versions(db)
    if db.engine.dialect.name == "postgresql":
        assert (after.stations, after.tariffs) == (before.stations + 1, before.tariffs + 1)
    else:  # SQLite's row triggers: statements that touch no row bump nothing
        assert after == before
