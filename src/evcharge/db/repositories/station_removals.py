"""All SQL of the stations that left the lists (GET /v1/removed_charging_stations).

A station leaves the lists when it is merged into another (`duplicate_of`, station_merge.py) or
stops being operational (`status`); nothing deletes a station row. Either is a write of the row
that moves its `updated_at` (set_duplicate_of marks every row whose answer changed), so the rows
themselves are the tombstones: the stations not listed now and written at or after a time are
exactly those an incremental sync from that time must drop, and a row listed again (its group
re-formed) is no longer one of them. Each page is a range of the partial index
ix_stations_unlisted (migration 0018), keyed by (updated_at, id) after the last page's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, select, text, tuple_
from sqlalchemy.orm import Session

from evcharge.db.models import StationRow
from evcharge.db.models.station import UNLISTED
from evcharge.db.types import UtcDateTime


@dataclass(frozen=True, slots=True)
class UnlistedRow:
    """A station no search lists: the station it was merged into (None when it was not), its
    status, and when it was last written."""

    id: str
    duplicate_of: str | None
    status: str | None
    updated_at: datetime


class StationRemovalRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def page(
        self, *, since: datetime | None, after: tuple[datetime, str] | None, limit: int
    ) -> list[UnlistedRow]:
        """Up to `limit` unlisted stations written at or after `since` (all when None), in
        (updated_at, id) order, after the key `after` when given."""
        rows = self.session.execute(self.statement(since=since, after=after, limit=limit))
        return [UnlistedRow(i, canonical, status, at) for i, canonical, status, at in rows]

    def statement(
        self, *, since: datetime | None, after: tuple[datetime, str] | None, limit: int
    ) -> Select[*tuple[Any, ...]]:
        """The statement `page` runs (EXPLAIN reads it too)."""
        stmt = select(
            StationRow.id, StationRow.duplicate_of, StationRow.status, StationRow.updated_at
        ).where(text(f"({UNLISTED})"))  # parenthesised: ANDed with the others below
        # One lower bound, the later: given both, a planner could range over the index from
        # `since` and filter up to the cursor, and page 500 would read the 499 before it.
        if after is not None and (since is None or after[0] >= since):
            at = bindparam("after_at", after[0], type_=UtcDateTime())
            stmt = stmt.where(tuple_(StationRow.updated_at, StationRow.id) > tuple_(at, after[1]))
        elif since is not None:
            stmt = stmt.where(StationRow.updated_at >= since)
        return stmt.order_by(StationRow.updated_at, StationRow.id).limit(limit)
