"""The stations that left the lists (GET /v1/removed_charging_stations): what an incremental sync
from a time must drop, and why, a page at a time by cursor.

A station leaves the lists when it is merged into another station (it now answers as that one:
`merged`, with the canonical id) or stops being operational (`removed`). The answer is the state
now, not a log: a station merged and then listed again is not in it, and one whose canonical
station changed names the current one (db/repositories/station_removals.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput
from evcharge.db.repositories.station_removals import StationRemovalRepository, UnlistedRow
from evcharge.services.catalogue.paging import PageRequest

MERGED, REMOVED = "merged", "removed"
# Between a cursor's time and its station id: no ISO 8601 time holds it.
_CURSOR_SEPARATOR = ","


@dataclass(frozen=True, slots=True)
class Removal:
    """A station that left the lists: why (MERGED or REMOVED), the station it was merged into
    (for MERGED), and when its row was last written (it left at or before that time)."""

    station_id: str
    reason: str
    merged_into: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class RemovalPage:
    removals: list[Removal]
    more_available: bool

    @property
    def next_after(self) -> str | None:
        """The cursor of the next page (its `page[after]`), while more are available."""
        if not self.more_available or not self.removals:
            return None
        last = self.removals[-1]
        return f"{last.updated_at.isoformat()}{_CURSOR_SEPARATOR}{last.station_id}"


def list_removed(
    session: Session, *, since: datetime | None, after: str | None, page: PageRequest
) -> RemovalPage:
    """One page of the stations not listed now that were written at or after `since` (all of
    them when None), oldest write first; `after` is the cursor of the page before."""
    if page.number != 1:
        raise InvalidInput(
            "removed stations page by page[after] (see links.next), not page[number]",
            parameter="page[number]",
        )
    key = _cursor(after) if after is not None else None
    rows = StationRemovalRepository(session).page(since=since, after=key, limit=page.size + 1)
    removals = [_removal(row) for row in rows[: page.size]]
    return RemovalPage(removals, more_available=len(rows) > page.size)


def _removal(row: UnlistedRow) -> Removal:
    # Not operational comes first: the merge pass sets such a row apart (it is no station to
    # answer as), and a station gone from its source is gone whatever it was merged with.
    if row.status is not None and row.status != "operational":
        return Removal(row.id, REMOVED, None, row.updated_at)
    return Removal(row.id, MERGED, row.duplicate_of, row.updated_at)


def _cursor(after: str) -> tuple[datetime, str]:
    """A `page[after]` as `RemovalPage.next_after` wrote it: (updated_at, station id)."""
    moment, separator, station_id = after.partition(_CURSOR_SEPARATOR)
    try:
        at = datetime.fromisoformat(moment)
        at = at.astimezone(UTC) if at.tzinfo else at.replace(tzinfo=UTC)
    except (ValueError, OverflowError):
        at = None
    if at is None or not separator or not station_id:
        raise InvalidInput(
            "page[after] is not a cursor of this list: use links.next as given",
            parameter="page[after]",
        )
    return at, station_id
