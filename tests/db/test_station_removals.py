"""The stations that left the lists, on SQLite and PostgreSQL: a merge leaves a row merged into
its canonical station, an unmerge takes it back, a new canonical station is the one named, a
station no longer operational is there; pages follow (updated_at, id) from a cursor; and a page
is one range of the partial index ix_stations_unlisted (migration 0018), not a scan or a sort."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from evcharge.db.base import utcnow
from evcharge.db.models import StationRow
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.station_removals import StationRemovalRepository, UnlistedRow
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.importers.ocpi_locations import LocationRecord
from evcharge.importers.parsed import Parsed
from evcharge.importers.register_sources import BNETZA
from evcharge.services.imports.ocpi import import_ocpi_locations
from evcharge.services.imports.registers import station_id
from evcharge.services.imports.station_merge import (
    EvseClaims,
    location_key,
    merge_after_import,
    record_evse_ids,
)
from tests.services.imports.test_station_merge import (
    CCS,
    LNG,
    OCM_IONITY,
    import_ocm,
    import_registers,
    north,
    ocm_station,
    register_row,
)

# Each test's rows are written after it starts: no other test's (PostgreSQL's database is the
# session's) are found since then.
START = utcnow()


@pytest.fixture
def merging(session: Session) -> Session:
    """The rolled-back `session`, with the OCM operator the merge tests' POIs name."""
    CompanyRepository(session).upsert(OCM_IONITY, source_key="test:t-ocm-ionity")
    return session


def unlisted(session: Session, since: datetime | None = START) -> list[UnlistedRow]:
    return StationRemovalRepository(session).page(since=since, after=None, limit=1000)


def gone(session: Session, since: datetime | None = START) -> dict[str, str | None]:
    """Id -> the station it was merged into, of the unlisted stations written since `since`."""
    return {row.id: row.duplicate_of for row in unlisted(session, since)}


def test_a_merge_leaves_the_merged_away_row_naming_its_canonical_station(
    merging: Session,
) -> None:
    register = station_id(BNETZA.source, "gone1")
    import_registers(merging, register_row("gone1", "IONITY GmbH", 0))
    assert gone(merging) == {}  # a station of its own: listed
    before = utcnow()
    import_ocm(merging, ocm_station("gone1", OCM_IONITY, 30))
    (row,) = unlisted(merging, before)
    assert (row.id, row.duplicate_of, row.status) == ("t-ocm-gone1", register, "operational")
    # The merge wrote it (its updated_at moved): a sync from before the merge learns of it,
    # one from after it does not.
    assert row.updated_at >= before
    assert unlisted(merging, row.updated_at) == [row]
    assert unlisted(merging, row.updated_at + timedelta(microseconds=1)) == []


def test_a_station_listed_again_is_no_longer_gone(merging: Session) -> None:
    import_registers(merging, register_row("gone2", "IONITY GmbH", 0))
    import_ocm(merging, ocm_station("moving", OCM_IONITY, 20))
    assert gone(merging) == {"t-ocm-moving": station_id(BNETZA.source, "gone2")}
    # Moved 500 m away, the POI is a station of its own again (its group re-formed).
    assert import_ocm(merging, ocm_station("moving", OCM_IONITY, 500)).startswith("merged 0, un")
    assert gone(merging) == {}
    listed = StationRepository(merging).search(
        StationQuery(ids=["t-ocm-moving"]), offset=0, limit=9
    )
    assert [s.id for s in listed] == ["t-ocm-moving"]


def test_a_new_canonical_station_is_the_one_named(merging: Session) -> None:
    # A POI merged into a register station; then the operator's own OCPI location, which lists
    # the register station's EVSE id, comes before both: each now answers as the location.
    evse = "DE*T39*EGONE3"
    register = station_id(BNETZA.source, "gone3")
    import_registers(merging, register_row("gone3", "IONITY GmbH", 0, (evse,)))
    import_ocm(merging, ocm_station("gone3", OCM_IONITY, 25))
    assert gone(merging) == {"t-ocm-gone3": register}
    location = LocationRecord(
        key="DE*T39*GONE3", party=("DE", "T39"), operator_name="Test CPO 39",
        name="Location gone3", address="Nordsee 3", latitude=north(2000), longitude=LNG,
        country="DE", parking_type=None, charge_points=((*CCS, (evse,)),), notes=(),
    )  # fmt: skip
    since = utcnow()
    claims = EvseClaims(merging, "ocpi")
    claims.note([location], location_key, record_evse_ids)
    import_ocpi_locations(merging, Parsed(records=[location]))
    merge_after_import(merging, "ocpi", since, claims)
    ocpi = merging.scalar(select(StationRow.id).where(StationRow.source == "ocpi"))
    assert ocpi is not None
    assert gone(merging) == {"t-ocm-gone3": ocpi, register: ocpi}
    assert set(gone(merging, since)) == {"t-ocm-gone3", register}  # both written again


def set_status(session: Session, ids: list[str], status: str, at: datetime) -> None:
    """What a writer that takes a station out of service does: a new version, written `at`."""
    session.execute(
        update(StationRow)
        .where(StationRow.id.in_(ids))
        .values(status=status, updated_at=at, version=StationRow.version + 1)
    )


def seeded_ids(session: Session, count: int) -> list[str]:
    stmt = select(StationRow.id).where(StationRow.is_sample.is_(False)).order_by(StationRow.id)
    found = list(session.scalars(stmt.limit(count)))
    assert len(found) == count
    return found


def test_a_station_no_longer_operational_is_gone_and_back_when_it_is_again(
    session: Session,
) -> None:
    (one,) = seeded_ids(session, 1)
    at = utcnow()
    set_status(session, [one], "removed", at)
    assert unlisted(session) == [UnlistedRow(one, None, "removed", at)]
    set_status(session, [one], "operational", at)
    assert unlisted(session) == []


def test_pages_follow_updated_at_then_id_from_a_cursor(session: Session) -> None:
    ids = seeded_ids(session, 7)
    early, late = datetime(2999, 1, 1, tzinfo=UTC), datetime(2999, 1, 2, tzinfo=UTC)
    set_status(session, ids[4:], "removed", early)  # three at one time: the id breaks the tie
    set_status(session, ids[:4], "removed", late)
    expected = [*ids[4:], *ids[:4]]
    repo = StationRemovalRepository(session)
    seen: list[str] = []
    after = None
    for _page in range(5):
        page = repo.page(since=early, after=after, limit=2)
        seen += [row.id for row in page]
        if len(page) < 2:
            break
        after = (page[-1].updated_at, page[-1].id)
    assert seen == expected
    # `since` between the two times; and a cursor before `since` does not widen it.
    assert [r.id for r in repo.page(since=late, after=None, limit=9)] == ids[:4]
    assert [r.id for r in repo.page(since=late, after=(early, ids[6]), limit=9)] == ids[:4]
    assert [r.id for r in repo.page(since=early, after=(late, ids[1]), limit=9)] == ids[2:4]


# --- plans: a page is a range of ix_stations_unlisted -------------------------------------------

PAGES = {
    "every": {"since": None, "after": None},
    "since": {"since": START, "after": None},
    "cursor": {"since": START, "after": (datetime(2999, 1, 1, tzinfo=UTC), "some-id")},
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_page_reads_a_range_of_the_partial_index(session: Session, page: str) -> None:
    dialect = session.get_bind().dialect
    stmt = StationRemovalRepository(session).statement(limit=401, **PAGES[page])  # type: ignore[arg-type]
    sql = str(stmt.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
    if dialect.name == "sqlite":
        plan = "\n".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
        assert "USING COVERING INDEX ix_stations_unlisted" in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # in the index's order: no sort
        if page == "cursor":  # from the cursor on, not from `since`
            assert "ix_stations_unlisted ((updated_at,id)>(?,?))" in plan, plan
        return
    # So small a table is read whole, or sorted, whatever its indexes: forbidding both shows
    # that the index serves the page, in its order, from the cursor (not filtered after it).
    # An incremental sort is a sort too: over the updated_at index it was the plan CI saw.
    settings = ("enable_seqscan", "enable_bitmapscan", "enable_sort", "enable_incremental_sort")
    for setting in settings:
        session.execute(text(f"SET LOCAL {setting} = off"))
    plan = "\n".join(row[0] for row in session.execute(text(f"EXPLAIN {sql}")))
    assert "Index Only Scan using ix_stations_unlisted" in plan, plan
    assert "Sort" not in plan, plan
    if page == "cursor":
        assert "Index Cond: (ROW(updated_at, id) > ROW(" in plan, plan
