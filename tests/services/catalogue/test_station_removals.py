"""The removed-stations list on SQLite and PostgreSQL: why each station left (a station that is
not operational is `removed`, merged or not), cursors that page through every one and back in,
and the cursors and page numbers it refuses."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.services.catalogue.paging import PageRequest
from evcharge.services.catalogue.station_removals import MERGED, REMOVED, Removal, list_removed

# Written in the future, so that no other test's rows (PostgreSQL's database is the session's)
# are found since then. AT has no fraction of a second: neither has the cursor's time.
AT = datetime(2999, 1, 1, tzinfo=UTC)
LATER = datetime(2999, 1, 1, 0, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def session(db: Database) -> Iterator[Session]:
    """A transaction on `db` (each backend), rolled back afterwards."""
    s = db.session()
    yield s
    s.rollback()
    s.close()


def take_out(session: Session, at: datetime, **changes: dict[str, object]) -> None:
    for station_id, values in changes.items():
        session.execute(
            update(StationRow)
            .where(StationRow.id == station_id)
            .values(**values, updated_at=at, version=StationRow.version + 1)
        )


@pytest.fixture
def ids(session: Session) -> list[str]:
    found = session.scalars(select(StationRow.id).order_by(StationRow.id).limit(5))
    return list(found)


def every(session: Session, size: int) -> list[Removal]:
    """Every page, following each page's cursor."""
    found: list[Removal] = []
    after = None
    for _page in range(20):
        page = list_removed(session, since=AT, after=after, page=PageRequest(1, size))
        found += page.removals
        after = page.next_after
        if after is None:
            assert not page.more_available
            return found
    raise AssertionError("more pages than stations")


def test_why_each_station_left(session: Session, ids: list[str]) -> None:
    take_out(
        session,
        AT,
        **{
            ids[0]: {"duplicate_of": ids[4]},
            ids[1]: {"status": "closed"},
            # Not operational and merged: removed (the merge pass sets such a row apart anyway).
            ids[2]: {"status": "removed", "duplicate_of": ids[4]},
        },
    )
    assert every(session, 400) == [
        Removal(ids[0], MERGED, ids[4], AT),
        Removal(ids[1], REMOVED, None, AT),
        Removal(ids[2], REMOVED, None, AT),
    ]


@pytest.mark.parametrize("size", [1, 2, 3, 4])
def test_cursors_page_through_every_station_once(
    session: Session, ids: list[str], size: int
) -> None:
    take_out(session, LATER, **{i: {"status": "closed"} for i in ids[:2]})
    take_out(session, AT, **{i: {"duplicate_of": ids[4]} for i in ids[2:4]})
    found = every(session, size)
    assert [r.station_id for r in found] == [*ids[2:4], *ids[:2]]
    assert [r.updated_at for r in found] == [AT, AT, LATER, LATER]


@pytest.mark.parametrize(
    "after",
    [
        "x",
        "2026-01-01T00:00:00+00:00",  # no id
        "2026-01-01T00:00:00+00:00,",  # an empty id
        "yesterday,some-id",
        "0001-01-01T00:00:00+14:00,some-id",  # before the first time UTC can hold
    ],
)
def test_a_cursor_it_did_not_write_is_refused(session: Session, after: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        list_removed(session, since=None, after=after, page=PageRequest(1, 10))
    assert refused.value.parameter == "page[after]"


def test_a_cursor_without_a_zone_is_utc(session: Session, ids: list[str]) -> None:
    take_out(session, LATER, **{ids[0]: {"status": "closed"}, ids[1]: {"status": "closed"}})
    after = f"2999-01-01T00:00:00.123456,{ids[0]}"
    page = list_removed(session, since=None, after=after, page=PageRequest(1, 10))
    assert [r.station_id for r in page.removals] == [ids[1]]


def test_page_numbers_are_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        list_removed(session, since=None, after=None, page=PageRequest(2, 10))
    assert refused.value.parameter == "page[number]"
