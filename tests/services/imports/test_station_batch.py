"""Stations written a batch at a time count and keep EVSE ids exactly as one upsert per station
did: across and within batches, at batch boundaries, and nothing is written when an import fails
half-way. Run with batches of two, so a few rows cross several boundaries."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from evcharge.core.network import ChargePointGroup, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.db.models import StationEvseRow, StationRow
from evcharge.db.repositories import station_writes
from evcharge.db.repositories.catalogue_versions import catalogue_versions
from evcharge.db.repositories.stations import StationRepository
from evcharge.importers.parsed import Removed, Skip
from evcharge.importers.registers import RegisterStation
from evcharge.services.imports import station_batch
from evcharge.services.imports.apply import ImportReport
from evcharge.services.imports.registers import import_register, station_id
from evcharge.services.imports.station_batch import StationBatch
from evcharge.settings import Settings
from tests.pg_scratch import scratch_database
from tests.services.imports.test_registers import INFO, row


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    with ExitStack() as stack:
        if request.param == "postgresql":  # a database of its own: these rows stay out of others
            url = request.getfixturevalue("pg_database_url")
            settings = stack.enter_context(scratch_database(url, "station_batch"))
        database = Database(settings)
        yield database
        database.dispose()


@pytest.fixture(autouse=True)
def batches_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(station_batch, "BATCH", 2)


def _import(db: Database, rows: Sequence[RegisterStation | Skip]) -> ImportReport:
    with db.transaction() as session:
        return import_register(session, rows, INFO)["stations"]


def _evse_ids(db: Database, key: str) -> tuple[str, ...]:
    with db.transaction() as session:
        station = StationRepository(session).get(station_id(INFO.source, key))
    assert station is not None
    return tuple(e for cp in station.charge_points for e in cp.evse_ids)


def _indexed(db: Database) -> dict[str, str]:
    with db.transaction() as session:
        rows = session.execute(
            select(StationEvseRow.evse_id, StationRow.source_key).join(
                StationRow, StationRow.id == StationEvseRow.station_id
            )
        )
        return {evse_id: key for evse_id, key in rows if key.startswith(INFO.source)}


def test_the_same_evse_id_twice_in_one_batch_stays_with_the_first(db: Database) -> None:
    report = _import(
        db, [row("a", "IONITY", evse=("DE*X*E1",)), row("b", "IONITY", evse=("DE*X*E1",))]
    )
    assert report.summary() == "created 2, updated 0, unchanged 0, skipped 0"
    assert _evse_ids(db, "a") == ("DE*X*E1",)
    assert _evse_ids(db, "b") == ()
    assert [(s.record, s.reason) for s in report.left_out] == [
        ("b", "EVSE id DE*X*E1 left out: station test-register:a has it")
    ]
    assert _indexed(db) == {"DE*X*E1": "test-register:a"}


def test_an_evse_id_claimed_in_one_batch_is_left_out_in_the_next(db: Database) -> None:
    rows: list[RegisterStation | Skip] = [
        row("a", "IONITY", evse=("DE*X*E1",)),
        row("b", "IONITY"),
        row("c", "IONITY", evse=("DE*X*E1", "DE*X*E2")),  # the next batch of two
    ]
    report = _import(db, rows)
    assert [s.record for s in report.left_out] == ["c"]
    assert _evse_ids(db, "c") == ("DE*X*E2",)
    assert _indexed(db) == {"DE*X*E1": "test-register:a", "DE*X*E2": "test-register:c"}


def test_an_evse_id_a_station_gives_up_goes_to_a_later_one_in_the_same_batch(
    db: Database,
) -> None:
    _import(db, [row("a", "IONITY", evse=("DE*X*E1",))])
    report = _import(db, [row("a", "IONITY"), row("b", "IONITY", evse=("DE*X*E1",))])
    assert report.summary() == "created 1, updated 1, unchanged 0, skipped 0"
    assert report.left_out == []
    assert _indexed(db) == {"DE*X*E1": "test-register:b"}


@pytest.mark.parametrize("copy_from", [1, 1000], ids=["copied", "bound"])
def test_a_batch_spans_created_updated_and_unchanged_stations(
    db: Database, monkeypatch: pytest.MonkeyPatch, copy_from: int
) -> None:
    """Both ways PostgreSQL upserts stored stations: from a COPYed table, or bound VALUES."""
    monkeypatch.setattr(station_writes, "COPY_FROM", copy_from)
    first = [row("a", "IONITY", evse=("DE*X*E1",)), row("b", "IONITY"), row("c", "IONITY")]
    _import(db, first)
    with db.transaction() as session:
        before = {
            s.source_key: (s.version, s.updated_at) for s in session.scalars(select(StationRow))
        }
        versions = catalogue_versions(session).stations
    again = [
        row("a", "IONITY", evse=("DE*X*E1",)),  # unchanged, beside an update in its batch
        row("b", "IONITY", name="Renamed"),
        row("c", "IONITY"),
        row("d", "IONITY", evse=("DE*X*E1",)),  # new; "a" keeps its EVSE id
        row("e", "IONITY"),
    ]
    report = _import(db, again)
    assert report.summary() == "created 2, updated 1, unchanged 2, skipped 0"
    assert [s.record for s in report.left_out] == ["d"]
    with db.transaction() as session:
        after = {
            s.source_key: (s.version, s.updated_at) for s in session.scalars(select(StationRow))
        }
        assert catalogue_versions(session).stations > versions
    key = "test-register:"
    assert after[f"{key}a"] == before[f"{key}a"]
    assert after[f"{key}c"] == before[f"{key}c"]
    assert after[f"{key}b"][0] == before[f"{key}b"][0] + 1
    assert after[f"{key}b"][1] > before[f"{key}b"][1]
    assert after[f"{key}d"][0] == 1
    assert _indexed(db) == {"DE*X*E1": "test-register:a"}
    # And once more: every station unchanged, nothing written.
    assert _import(db, again).summary() == "created 0, updated 0, unchanged 5, skipped 0"


def test_a_source_key_twice_in_one_batch_is_written_then_compared(db: Database) -> None:
    report = _import(db, [row("a", "IONITY"), row("a", "IONITY"), row("a", "IONITY", name="N")])
    assert report.summary() == "created 1, updated 1, unchanged 1, skipped 0"
    with db.transaction() as session:
        stored = session.scalars(
            select(StationRow).where(StationRow.source_key == "test-register:a")
        ).one()
    assert (stored.name, stored.version) == ("N", 2)


def test_counts_and_notes_do_not_depend_on_the_batch_size(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows: list[RegisterStation | Skip] = [
        row(str(n), "IONITY", evse=(f"DE*X*E{n % 4}",), name=f"S{n % 3}") for n in range(9)
    ]
    by_twos = _import(db, rows)
    monkeypatch.setattr(station_batch, "BATCH", 1000)
    whole = _import(db, [*rows[:4], row("4", "IONITY", name="changed"), *rows[5:]])
    assert by_twos.summary() == "created 9, updated 0, unchanged 0, skipped 0"
    assert [s.record for s in by_twos.left_out] == ["4", "5", "6", "7", "8"]
    assert whole.summary() == "created 0, updated 1, unchanged 8, skipped 0"
    assert [s.record for s in whole.left_out] == ["5", "6", "7", "8"]
    assert _indexed(db) == {f"DE*X*E{n}": f"test-register:{n}" for n in range(4)}


class Broken(Exception):
    pass


def test_a_failure_half_way_leaves_nothing_written(db: Database) -> None:
    def rows() -> Iterator[RegisterStation | Skip]:
        for n in range(7):  # three batches of two written before the failure
            yield row(str(n), "Nobody we know GmbH", evse=(f"DE*X*E{n}",))
        raise Broken

    with db.transaction() as session:
        versions = catalogue_versions(session)
    with pytest.raises(Broken), db.transaction() as session:
        import_register(session, rows(), INFO)
    with db.transaction() as session:
        stored = session.scalar(
            select(func.count()).select_from(StationRow).where(StationRow.source == INFO.source)
        )
        assert stored == 0
        assert catalogue_versions(session) == versions
    assert _indexed(db) == {}


def _station_indexes(session: Session) -> dict[str, str]:
    """PostgreSQL: the stations table's indexes, name -> definition, as this session sees them."""
    rows = session.execute(
        text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'stations'")
    )
    return dict(rows.all())  # pairs (a result has keys(), so dict() would take it as a mapping)


@pytest.fixture
def bulk_from_200(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(station_batch, "BATCH", 50)
    monkeypatch.setattr(station_batch, "BULK_FROM", 100)


@pytest.mark.usefixtures("bulk_from_200")
def test_a_load_that_doubles_the_table_sets_its_search_indexes_aside_until_it_ends(
    db: Database,
) -> None:
    """Asked at 100 created stations (more were stored: no) and at 200 (yes): the rest of the
    load sees the table without its search indexes, which are the same ones after it."""
    postgresql = db.engine.dialect.name == "postgresql"
    with db.transaction() as session:
        before = _station_indexes(session) if postgresql else {}
        stored = session.scalar(select(func.count()).select_from(StationRow)) or 0
    assert 100 < stored < 200  # the seeded and test networks
    seen: dict[int, set[str]] = {}

    def rows(session: Session) -> Iterator[RegisterStation | Skip]:
        for n in range(400):
            if postgresql and n in (150, 350):
                seen[n] = set(_station_indexes(session))
            yield row(str(n), "IONITY", evse=(f"DE*X*E{n}",), name=f"Bulk {n}")

    with db.transaction() as session:
        report = import_register(session, rows(session), INFO)["stations"]
        assert report.summary() == "created 400, updated 0, unchanged 0, skipped 0"
        if postgresql:
            assert _station_indexes(session) == before
    if postgresql:
        assert seen[150] == set(before)
        assert seen[350] == {"pk_stations", "uq_stations_source_key"}
        assert len(before) > len(seen[350]) + 8
    with db.transaction() as session:
        found = session.scalars(select(StationRow.name).where(StationRow.name.like("Bulk 39%")))
        assert sorted(found) == ["Bulk 39", *(f"Bulk {n}" for n in range(390, 400))]
    assert _indexed(db)["DE*X*E399"] == "test-register:399"
    # Nothing new the second time: no bulk load, the same counts.
    with db.transaction() as session:
        again = import_register(session, rows(session), INFO)["stations"]
    assert again.summary() == "created 0, updated 0, unchanged 400, skipped 0"


@pytest.mark.usefixtures("bulk_from_200")
def test_a_bulk_load_that_fails_leaves_the_indexes_and_no_station(db: Database) -> None:
    def rows() -> Iterator[RegisterStation | Skip]:
        for n in range(300):  # indexes set aside at 200 created
            yield row(str(n), "IONITY")
        raise Broken

    with db.transaction() as session:
        before = _station_indexes(session) if db.engine.dialect.name == "postgresql" else {}
        stored = session.scalar(select(func.count()).select_from(StationRow))
    with pytest.raises(Broken), db.transaction() as session:
        import_register(session, rows(), INFO)
    with db.transaction() as session:
        assert session.scalar(select(func.count()).select_from(StationRow)) == stored
        if before:
            assert _station_indexes(session) == before


def test_a_station_changed_by_another_writer_is_written_back_by_the_same_import(
    db: Database,
) -> None:
    """The file did not change, the stored station did: its digest was cleared with it, so
    the re-import compares it column by column and restores it."""
    rows: list[RegisterStation | Skip] = [row("a", "IONITY"), row("b", "IONITY")]
    _import(db, rows)
    with db.transaction() as session:
        session.execute(
            text("UPDATE stations SET address = 'Elsewhere 1' WHERE source_key = :key"),
            {"key": "test-register:b"},
        )
    assert _import(db, rows).summary() == "created 0, updated 1, unchanged 1, skipped 0"
    with db.transaction() as session:
        stored = session.scalar(
            select(StationRow.address).where(StationRow.source_key == "test-register:b")
        )
    assert stored == "Hauptstr. 1, 10115 Berlin"
    assert _import(db, rows).summary() == "created 0, updated 0, unchanged 2, skipped 0"


@pytest.mark.parametrize("copy_from", [1, 1000], ids=["background", "at-once"])
def test_a_batch_the_database_refuses_fails_the_import(
    db: Database, monkeypatch: pytest.MonkeyPatch, copy_from: int
) -> None:
    """On PostgreSQL new stations are inserted while the import goes on (from COPY_FROM of
    them): the refusal (here an operator that is not stored) must still fail it, not be lost
    at the commit."""
    monkeypatch.setattr(station_writes, "COPY_FROM", copy_from)
    station = Station(
        id=station_id(INFO.source, "x"),
        name="S",
        address="A",
        latitude=52.5,
        longitude=13.4,
        country="DE",
        operator_id="no-such-operator",
        charge_points=(ChargePointGroup(Plug.CCS, 150.0, EnergyType.DC, 1),),
    )
    with (
        pytest.raises(IntegrityError),
        db.transaction() as session,
        StationBatch(StationRepository(session), ImportReport()) as batch,
    ):
        batch.add(station, source=INFO.source, source_key="test-register:x", record="x")
    with db.transaction() as session:
        assert session.get(StationRow, station.id) is None


def test_removed_records_mark_their_stations_across_batches_and_free_their_evse_ids(
    db: Database,
) -> None:
    def gone(key: str) -> Removed:
        return Removed(f"row {key}", "removed at its source", key=key)

    _import(db, [row("a", "IONITY", evse=("DE*X*E1",)), row("b", "IONITY", evse=("DE*X*E2",))])
    # Batches: [gone b, d] (b's EVSE id is free for d, written after it), [gone z, a], [gone a].
    rows = [gone("b"), row("d", "IONITY", evse=("DE*X*E2",)), gone("z"), row("a", "IONITY")]
    report = _import(db, [*rows, gone("a")])
    assert report.summary() == "created 1, updated 1, unchanged 0, removed 2, skipped 1"
    assert [s.record for s in report.removed] == ["row b", "row a"]
    assert [s.record for s in report.skipped] == ["row z"]  # never stored
    assert report.left_out == []
    assert _indexed(db) == {"DE*X*E2": "test-register:d"}
    with db.transaction() as session:
        statuses = dict(
            session.execute(
                select(StationRow.source_key, StationRow.status).where(
                    StationRow.source_key.like("test-register:%")
                )
            ).all()
        )
    assert statuses == {
        "test-register:a": "removed",
        "test-register:b": "removed",
        "test-register:d": "operational",
    }
    # A key written and removed in one batch: written first, then removed.
    report = _import(db, [row("e", "IONITY"), gone("e")])
    assert report.summary() == "created 1, updated 0, unchanged 0, removed 1, skipped 0"
    # Again: nothing changes, the removed stations are unchanged.
    report = _import(db, [*rows[:2], gone("a"), gone("e")])
    assert report.summary() == "created 0, updated 0, unchanged 4, skipped 0"
