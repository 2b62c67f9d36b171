"""All SQL of station merging (migration 0010): neighbours through the spatial indexes, the
groups' `duplicate_of`, and the EVSE ids a station's source lists but another station holds.

Neighbours are found a batch of stations at a time, in one statement that joins each station to
the spatial index around it (SQLite's R*Tree, PostgreSQL's GiST on point(longitude, latitude)),
so a batch costs a few index probes per station whatever the table's size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from math import degrees
from typing import Any, cast

import orjson
from sqlalchemy import (
    ColumnElement,
    Float,
    String,
    Table,
    and_,
    any_,
    bindparam,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, aliased

from evcharge.core.geo import EARTH_RADIUS_M
from evcharge.db.base import utcnow
from evcharge.db.models import CompanyRow, StationEvseClaimRow, StationEvseRow, StationRow

# Ids per IN list and per neighbour statement: far under either database's parameter limit.
BATCH = 1_000
_RTREE = table(
    "stations_rtree",
    column("id"),
    column("station_id"),
    column("min_lat", Float),
    column("max_lat", Float),
    column("min_lng", Float),
    column("max_lng", Float),
)
_CLAIMS = cast(Table, StationEvseClaimRow.__table__)


@dataclass(frozen=True, slots=True)
class MergeRow:
    """What merging reads of a station; `eligible`: operational and not an invented sample."""

    id: str
    source: str
    latitude: float
    longitude: float
    operator_name: str
    duplicate_of: str | None
    eligible: bool


def chunks(values: Sequence[str], size: int = BATCH) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _operational() -> ColumnElement[bool]:
    return or_(StationRow.status == "operational", StationRow.status.is_(None))


class StationMergeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @contextmanager
    def index_scans(self) -> Iterator[None]:
        """On PostgreSQL, the merge pass's statements read their indexes, not the table: it
        runs in the import's transaction, before any ANALYZE has seen the rows just written,
        and with the statistics of a near-empty table the planner would scan every station
        once per station of a batch (85 s for 1,000 stations among 30,000; 0.09 s by GiST).
        Every statement of the pass is written to be answered from an index."""
        if self._sqlite:
            yield
            return
        self.session.execute(text("SET LOCAL enable_seqscan = off"))
        yield
        # Not in a `finally`: after an error the transaction is aborted (a statement would fail
        # and hide the error), and SET LOCAL ends with it anyway.
        self.session.execute(text("RESET enable_seqscan"))

    def lock(self) -> None:
        """One merge pass at a time per database (PostgreSQL): two passes regrouping one
        component from their own reads could leave a chain (A -> B -> C). Held to commit."""
        if not self._sqlite:  # SQLite runs one writing transaction at a time already
            self.session.execute(text("SELECT pg_advisory_xact_lock(hashtext('evcharge.merge'))"))

    @property
    def _sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    def neighbours(
        self,
        ids: Sequence[str],
        radius_m: float,
        *,
        source: str | None = None,
        since: datetime | None = None,
    ) -> list[tuple[str, str]]:
        """(id, neighbour id) for each of `ids` and each eligible station of another source
        within the box of `radius_m` around it (a superset of the circle); only those of
        `source` written at or after `since` when given."""
        seed, other = aliased(StationRow, name="seed"), aliased(StationRow, name="other")
        dlat = degrees(radius_m / EARTH_RADIUS_M) * 1.01  # a margin for rounding
        # SQLite's two-argument max() is PostgreSQL's greatest().
        larger = func.max if self._sqlite else func.greatest
        dlng = dlat / larger(func.cos(func.radians(seed.latitude)), 1e-6)
        if self._sqlite:
            # The R*Tree alone (it holds operational stations' ids): with a condition on the
            # neighbour's row in the same statement, SQLite's planner would rather scan the
            # R*Tree once per station. The neighbours' rows are read by id afterwards.
            r = _RTREE.c
            stmt = select(seed.id, r.station_id).join(
                _RTREE,
                and_(
                    r.max_lat >= seed.latitude - dlat,
                    r.min_lat <= seed.latitude + dlat,
                    r.max_lng >= seed.longitude - dlng,
                    r.min_lng <= seed.longitude + dlng,
                ),
            )
        else:
            point = func.point(other.longitude, other.latitude)
            box = func.box(
                func.point(seed.longitude - dlng, seed.latitude - dlat),
                func.point(seed.longitude + dlng, seed.latitude + dlat),
            )
            stmt = (
                select(seed.id, other.id)
                .join(other, point.op("<@")(box))
                .where(or_(other.status == "operational", other.status.is_(None)))
            )
        candidates: list[tuple[str, str]] = []
        for chunk in chunks(ids):
            rows = self.session.execute(stmt.where(seed.id.in_(chunk)))
            candidates.extend((a, b) for a, b in rows if a != b)
        return self._of_other_sources(candidates, source=source, since=since)

    def _of_other_sources(
        self, pairs: list[tuple[str, str]], *, source: str | None, since: datetime | None
    ) -> list[tuple[str, str]]:
        """The pairs whose two stations are of different sources, the second not an invented
        sample (and of `source`, written at or after `since`, when given)."""
        ids = sorted({i for pair in pairs for i in pair})
        facts: dict[str, tuple[str, bool, datetime]] = {}
        for chunk in chunks(ids):
            stmt = select(
                StationRow.id, StationRow.source, StationRow.is_sample, StationRow.updated_at
            ).where(StationRow.id.in_(chunk))
            facts.update((i, (s, sample, at)) for i, s, sample, at in self.session.execute(stmt))
        found = []
        for a, b in pairs:
            (a_source, _sample, _at), (b_source, b_sample, b_at) = facts[a], facts[b]
            if a_source == b_source or b_sample:
                continue
            if (source is None or b_source == source) and (since is None or b_at >= since):
                found.append((a, b))
        return found

    def rows(self, ids: Iterable[str]) -> list[MergeRow]:
        eligible = and_(_operational(), StationRow.is_sample.is_(False))
        stmt = select(
            StationRow.id,
            StationRow.source,
            StationRow.latitude,
            StationRow.longitude,
            CompanyRow.name,
            StationRow.duplicate_of,
            eligible,
        ).join(CompanyRow, CompanyRow.id == StationRow.operator_id)
        found = []
        for chunk in chunks(sorted(set(ids))):
            for row in self.session.execute(stmt.where(StationRow.id.in_(chunk))):
                found.append(MergeRow(*row[:6], eligible=bool(row[6])))
        return found

    def group_mates(self, ids: Iterable[str]) -> set[str]:
        """The rows of the groups `ids` are in now (their canonical rows and their members)."""
        wanted = sorted(set(ids))
        canonical = set(wanted)
        for chunk in chunks(wanted):
            stmt = select(StationRow.duplicate_of).where(
                StationRow.id.in_(chunk), StationRow.duplicate_of.is_not(None)
            )
            canonical.update(cast(str, c) for c in self.session.scalars(stmt))
        mates = set(canonical)
        for chunk in chunks(sorted(canonical)):
            stmt = select(StationRow.id).where(StationRow.duplicate_of.in_(chunk))
            mates.update(self.session.scalars(stmt))
        return mates

    def evse_pairs(self, ids: Iterable[str]) -> set[tuple[str, str]]:
        """(claimant, holder) for every EVSE id that one of `ids` claims or holds and another
        station holds or claims."""
        held = select(_CLAIMS.c.station_id, StationEvseRow.station_id).join(
            StationEvseRow, StationEvseRow.evse_id == _CLAIMS.c.evse_id
        )
        found: set[tuple[str, str]] = set()
        for chunk in chunks(sorted(set(ids))):
            for side in (_CLAIMS.c.station_id, StationEvseRow.station_id):
                found.update(self.session.execute(held.where(side.in_(chunk))))
        return {(a, b) for a, b in found if a != b}

    def grouped(self) -> set[str]:
        """Every station in a group now (through ix_stations_duplicate_of)."""
        stmt = select(StationRow.id, StationRow.duplicate_of).where(
            StationRow.duplicate_of.is_not(None)
        )
        return {i for pair in self.session.execute(stmt) for i in pair if i is not None}

    def grouped_touched(self, source: str, since: datetime) -> set[str]:
        """`source`'s stations written at or after `since` that are in a group now: merged
        into another, or another merged into them. Read from the merged rows (the partial index
        ix_stations_duplicate_of) and their canonical rows, never from the rows written, which
        may be a million."""
        member, canonical = aliased(StationRow, name="member"), aliased(StationRow, name="canon")
        stmt = select(
            member.id, member.source, member.updated_at, canonical.id, canonical.source,
            canonical.updated_at,
        ).join(canonical, canonical.id == member.duplicate_of).where(
            member.duplicate_of.is_not(None)
        )  # fmt: skip
        found: set[str] = set()
        for m_id, m_source, m_at, c_id, c_source, c_at in self.session.execute(stmt):
            if m_source == source and m_at >= since:
                found.add(m_id)
            if c_source == source and c_at >= since:
                found.add(c_id)
        return found

    def touched_evse_pairs(self, source: str, since: datetime) -> set[tuple[str, str]]:
        """(claimant, holder) pairs in which one of `source`'s stations written at or after
        `since` takes part."""
        station = aliased(StationRow, name="touched")
        pairs = select(_CLAIMS.c.station_id, StationEvseRow.station_id).join(
            StationEvseRow, StationEvseRow.evse_id == _CLAIMS.c.evse_id
        )
        found: set[tuple[str, str]] = set()
        for side in (_CLAIMS.c.station_id, StationEvseRow.station_id):
            stmt = pairs.join(station, station.id == side).where(
                station.source == source, station.updated_at >= since
            )
            found.update(self.session.execute(stmt))
        return {(a, b) for a, b in found if a != b}

    def set_duplicate_of(self, changes: Mapping[str, str | None], *, changed: set[str]) -> None:
        """Write each station's canonical id (None: canonical itself), and mark `changed` (the
        stations whose answer differs: those moved and the canonical ones that gained or lost
        a source) as written now, in a new version, so incremental syncs (updated_since, OCPI
        date_from) learn of the merge."""
        if not changes:
            return
        stmt = (
            update(StationRow)
            .where(StationRow.id == bindparam("station_id"))
            .values(duplicate_of=bindparam("canonical"))
            .execution_options(synchronize_session=False)
        )
        params = [{"station_id": i, "canonical": c} for i, c in sorted(changes.items())]
        self.session.connection().execute(stmt, params)
        now = utcnow()
        for batch in chunks(sorted(changed)):
            self.session.connection().execute(
                update(StationRow)
                .where(StationRow.id.in_(batch))
                .values(updated_at=now, version=StationRow.version + 1)
                .execution_options(synchronize_session=False)
            )

    def touched(self, source: str, since: datetime) -> Iterator[list[str]]:
        """Ids of `source`'s stations written at or after `since`, a batch at a time, in
        (updated_at, id) order: each batch reads on from the last in ix_stations_updated_at_id."""
        after: tuple[datetime, str] | None = None
        while True:
            stmt = select(StationRow.updated_at, StationRow.id, StationRow.source).where(
                StationRow.updated_at >= since
            )
            if after is not None:
                stmt = stmt.where(tuple_(StationRow.updated_at, StationRow.id) > after)
            rows = self.session.execute(
                stmt.order_by(StationRow.updated_at, StationRow.id).limit(BATCH)
            ).all()
            if not rows:
                return
            after = (rows[-1][0], rows[-1][1])
            yield [row[1] for row in rows if row[2] == source]

    def others(self, source: str | None) -> Iterator[list[str]]:
        """Ids of the eligible stations not of `source` (all when None), a batch at a time."""
        after = ""
        while True:
            stmt = select(StationRow.id).where(
                StationRow.id > after, StationRow.is_sample.is_(False), _operational()
            )
            if source is not None:
                stmt = stmt.where(StationRow.source != source)
            ids = list(self.session.scalars(stmt.order_by(StationRow.id).limit(BATCH)))
            if not ids:
                return
            after = ids[-1]
            yield ids

    def count_touched(self, source: str, since: datetime, *, up_to: int) -> int:
        """How many of `source`'s stations were written at or after `since`, counting no
        further than `up_to`."""
        some = (
            select(StationRow.id)
            .where(StationRow.updated_at >= since, StationRow.source == source)
            .limit(up_to)
        )
        return self.session.scalar(select(func.count()).select_from(some.subquery())) or 0

    def count_others(self, source: str, *, up_to: int) -> int:
        """How many eligible stations are not of `source`, counting no further than `up_to`."""
        some = (
            select(StationRow.id)
            .where(StationRow.source != source, StationRow.is_sample.is_(False), _operational())
            .limit(up_to)
        )
        return self.session.scalar(select(func.count()).select_from(some.subquery())) or 0

    def held_elsewhere(self, evse_ids: Iterable[str], source: str) -> dict[str, str]:
        """EVSE id -> the station holding it, for those held by a station not of `source`."""
        found: dict[str, str] = {}
        stmt = select(StationEvseRow.evse_id, StationEvseRow.station_id).join(
            StationRow, StationRow.id == StationEvseRow.station_id
        )
        for chunk in chunks(sorted(set(evse_ids))):
            rows = self.session.execute(
                stmt.where(StationEvseRow.evse_id.in_(chunk), StationRow.source != source)
            )
            found.update(dict(rows.all()))
        return found

    def replace_claims(
        self, source: str, since: datetime, claims: Iterable[tuple[str, str]]
    ) -> None:
        """The EVSE claims of `source`'s stations written at or after `since` become `claims`
        (source key, EVSE id); those of its other stations stay, and gain any of `claims`."""
        # From the claims (few) to their stations, not from the stations written (a million).
        touched = (
            select(_CLAIMS.c.station_id)
            .join(StationRow, StationRow.id == _CLAIMS.c.station_id)
            .where(StationRow.source == source, StationRow.updated_at >= since)
        )
        stale = list(self.session.scalars(touched))
        for chunk in chunks(stale):
            self.session.execute(_CLAIMS.delete().where(_CLAIMS.c.station_id.in_(chunk)))
        by_key: dict[str, list[str]] = {}
        for key, evse_id in claims:
            by_key.setdefault(key, []).append(evse_id)
        rows: list[dict[str, Any]] = []
        for chunk in chunks(sorted(by_key)):
            stmt = select(StationRow.source_key, StationRow.id).where(
                StationRow.source_key.in_(chunk)
            )
            for key, station_id in self.session.execute(stmt):
                rows.extend({"station_id": station_id, "evse_id": e} for e in by_key[key])
        if rows:
            insert = postgresql_insert if not self._sqlite else sqlite_insert
            self.session.execute(insert(_CLAIMS).on_conflict_do_nothing(), rows)

    def merged_into(self, canonical_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
        """Canonical id -> (id, source) of each row merged into it, in id order."""
        found: dict[str, list[tuple[str, str]]] = {}
        for chunk in chunks(canonical_ids):
            # Every search page asks this of its (up to 1,000) stations. On PostgreSQL one array
            # parameter, as station_writes._among: psycopg converts each placeholder of an
            # IN list in Python, and a page of 400 spent 3 ms on it.
            # SQLite: one JSON array parameter too, not an IN list of one placeholder per id
            # (expanded, and compiled, anew for each page).
            wanted = (
                StationRow.duplicate_of.in_(
                    select(literal_column("value")).select_from(
                        func.json_each(bindparam("ids", orjson.dumps(list(chunk)).decode()))
                    )
                )
                if self._sqlite
                else StationRow.duplicate_of
                == any_(bindparam("ids", list(chunk), type_=ARRAY(String)))
            )
            stmt = (
                select(StationRow.duplicate_of, StationRow.id, StationRow.source)
                .where(wanted)
                .order_by(StationRow.id)
            )
            for canonical, station_id, source in self.session.connection().execute(stmt):
                found.setdefault(cast(str, canonical), []).append((station_id, source))
        return found
