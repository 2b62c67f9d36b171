"""Imported stations written a batch at a time (issue 15): a few statements per batch, not
several per station.

`upsert_many` asks which of the batch's source keys are stored. The new stations are inserted
as they are. The stored ones go through one INSERT ... ON CONFLICT (source_key) DO UPDATE ...
WHERE a written column IS DISTINCT FROM the stored one, RETURNING the keys of the rows it
updated: the database compares the stored values, so an unchanged station is exactly one whose
every written column is equal, and it is not written at all (no new row version, no trigger, no
index entry). Then the EVSE index of the written stations is replaced.

Each row also stores `content_hash` (migration 0013), a digest of the station as written, so
that an import can tell an unchanged station before doing anything else for it
(`stored_stations`, `content_hash`). An unchanged row whose digest is missing or stale (written
before 0013, or by another writer) is given the new one, without a new version.

No row is deleted. A station whose source marks its record removed is marked removed
(`mark_removed`: its status, in a new version, without a digest), so it leaves the lists and
`GET /v1/removed_charging_stations` reports it; written again, it is operational again.

SQLite takes the rows as executemany (the upsert as SQLAlchemy's "insertmanyvalues", multi-row
VALUES). On PostgreSQL, psycopg parses such a statement's tens of thousands of placeholders in
Python, which cost more than the database's work, so new rows and EVSE ids are COPYed into their
tables (station_copy.py), and stored ones (COPY_FROM or more) into a temporary table to be
upserted from with INSERT ... SELECT. With `background` (an import's batches), COPY_FROM new
stations or more are inserted on a thread while the caller reads its next batch. Either way it
is one statement per table and step, so PostgreSQL's per-statement catalogue_versions trigger
(migration 0007) runs once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from hashlib import blake2b
from typing import Any, cast

import orjson
from sqlalchemy import (
    ARRAY,
    Column,
    ColumnElement,
    MetaData,
    String,
    Table,
    any_,
    bindparam,
    delete,
    or_,
    select,
    text,
    update,
)
from sqlalchemy import insert as sql_insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from evcharge.core.network import Station
from evcharge.db.base import utcnow
from evcharge.db.models import StationEvseRow, StationRow
from evcharge.db.repositories.network_mapping import station_columns
from evcharge.db.repositories.station_copy import copy_rows, insert_in_background
from evcharge.db.repositories.upsert import UpsertOutcome


@dataclass(frozen=True, slots=True)
class StationWrite:
    """A station to store from an import, under its source and that source's key for it, with
    its content digest (content_hash), worked out once: the import compares it with the stored
    one, and the upsert stores it."""

    station: Station
    source: str
    source_key: str
    digest: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "digest", content_hash(self))


@dataclass(frozen=True, slots=True)
class StoredStation:
    """A stored station's id and content digest (None when unknown)."""

    id: str
    content_hash: str | None


@dataclass(frozen=True, slots=True)
class EvseHolder:
    station_id: str
    source_key: str


_STATIONS = cast(Table, StationRow.__table__)
_EVSES = cast(Table, StationEvseRow.__table__)
# Columns an import writes (station_columns, less the id, plus the source): the digest's
# content. The id derives from the source key; columns other writers own are left as they are.
WRITTEN = (
    "source", "name", "address", "latitude", "longitude", "country", "operator_id", "is_sample",
    "free_parking", "free_charging", "parking_type", "facilities", "charge_points",
    "max_power_kw",
)  # fmt: skip
# Any of these that differs from the stored value makes the upsert an update. A record an import
# writes is operational, so a station its source had marked removed (`mark_removed`, which drops
# the digest, so that the next import compares the row) is written back when listed again.
_COMPARED = (*WRITTEN, "status")
# Every column of a new row.
_INSERTED = (
    "id", "source_key", *WRITTEN, "content_hash", "status", "version", "created_at", "updated_at"
)  # fmt: skip
# The status of a station its source marks removed (Chargeprice's station statuses are
# operational, out_of_order, removed and under_construction: reference/chargeprice-api.md).
REMOVED = "removed"
_EVSE_COLUMNS = ("evse_id", "station_id")
# Bound parameters per IN list: SQLite allows 32,766 in a statement, PostgreSQL 65,535.
_IN_CHUNK = 5_000
# PostgreSQL: from this many stored stations on, a batch is COPYed into a temporary table to be
# upserted from; fewer (an OCPI push of one location) are bound as VALUES, with no table made.
# From this many new ones on, they are inserted in the background (station_copy.py).
COPY_FROM = 50
# PostgreSQL: the batch's rows before they are upserted; dropped when the transaction ends.
_BATCH = Table("station_batch", MetaData(), *(Column(n, _STATIONS.c[n].type) for n in _INSERTED))


def content_hash(write: StationWrite) -> str:
    """A digest of everything an import writes of a station: its source and all its fields
    (orjson writes floats exactly, so any change of value changes it)."""
    return blake2b(orjson.dumps((write.source, write.station)), digest_size=16).hexdigest()


def upsert_many(
    session: Session,
    writes: Sequence[StationWrite],
    *,
    stored: Mapping[str, StoredStation] | None = None,
    background: bool = False,
) -> list[UpsertOutcome]:
    """Insert, update or leave each station as it is, matched by source key; the outcome of
    each, in order. `stored` is what `stored_stations` answered for these keys, when the
    caller asked already. With `background`, PostgreSQL inserts the new stations (and all
    EVSE ids) while this returns (station_copy.py): the caller must `settle` the session.

    The source keys must be distinct (one statement cannot write a row twice). A stored
    station keeps its id (ids derive from source keys). Each EVSE id must be free for its
    station (the caller asks `evse_holders` first): one another station holds fails the write.
    """
    if not writes:
        return []
    keys = [w.source_key for w in writes]
    if len(set(keys)) != len(keys):
        raise ValueError("a batch of stations repeats a source key")
    known = stored_stations(session, keys) if stored is None else stored
    now = utcnow()
    rows = [
        {
            **station_columns(w.station),
            "source": w.source,
            "source_key": w.source_key,
            "content_hash": w.digest,
            "status": "operational",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        for w in writes
    ]
    ids = {key: known[key].id for key in keys if key in known}
    postgresql = session.get_bind().dialect.name == "postgresql"
    new = [row for row in rows if row["source_key"] not in ids]
    old = [row for row in rows if row["source_key"] in ids]
    # Temporary tables for a few new stations (an OCPI push) would cost more than they save.
    background = background and postgresql and len(new) >= COPY_FROM
    if new and not background:  # plain INSERTs: a new key needs no conflict handling
        if postgresql:
            copy_rows(session, _STATIONS.name, _INSERTED, new)
        else:
            session.execute(sql_insert(_STATIONS), new)
    written = {row["source_key"] for row in new}
    if postgresql and len(old) >= COPY_FROM:
        written |= _upsert_copied(session, old)
    elif old:
        upsert = _upsert_statement(session.get_bind().dialect.name, copied=False)
        written |= {key for (key,) in session.execute(upsert, old)}
    outcomes = [
        UpsertOutcome.UNCHANGED
        if key not in written
        else UpsertOutcome.UPDATED
        if key in ids
        else UpsertOutcome.CREATED
        for key in keys
    ]
    changed = [
        (ids.get(w.source_key, w.station.id), w.station)
        for w, outcome in zip(writes, outcomes, strict=True)
        if outcome is not UpsertOutcome.UNCHANGED
    ]
    replacing = [ids[k] for k in keys if k in written and k in ids]
    evses = _index_evses(session, changed, replacing=replacing, insert=not background)
    # Before the background insert starts: it must be the batch's last statement, so that a
    # refusal surfaces as its own error at settle(), not as "transaction aborted" here.
    _refresh_hashes(session, [row for row in old if row["source_key"] not in written], known)
    if background:
        insert_in_background(session, (_INSERTED, new), (_EVSE_COLUMNS, evses))
    return outcomes


def _refresh_hashes(
    session: Session, unchanged: list[dict[str, Any]], stored: Mapping[str, StoredStation]
) -> None:
    """Give the `unchanged` rows whose stored digest is missing or stale their digest, with no
    new version: the next import then finds them unchanged at once. (After an upgrade to 0013
    that is every row: PostgreSQL takes a batch's in one statement, from two arrays.)"""
    stale = [
        (row["source_key"], row["content_hash"])
        for row in unchanged
        if stored[row["source_key"]].content_hash != row["content_hash"]
    ]
    if not stale:
        return
    if session.get_bind().dialect.name == "postgresql":
        keys, digests = (list(column) for column in zip(*stale, strict=True))
        session.execute(
            text(
                "UPDATE stations SET content_hash = given.digest "
                "FROM unnest(CAST(:keys AS text[]), CAST(:digests AS text[])) "
                "AS given(source_key, digest) WHERE stations.source_key = given.source_key"
            ),
            {"keys": keys, "digests": digests},
        )
        return
    session.execute(
        update(_STATIONS)
        .where(_STATIONS.c.source_key == bindparam("key"))
        .values(content_hash=bindparam("digest"))
        .execution_options(synchronize_session=False),
        [{"key": key, "digest": digest} for key, digest in stale],
    )


def mark_removed(session: Session, source_keys: Sequence[str]) -> dict[str, str]:
    """Mark the stored stations of `source_keys` removed, those not removed already: a new
    version (their `updated_at` moves, so incremental syncs learn of it), no digest (the next
    import compares every column, and so writes the station back when its source lists it
    again), and their EVSE ids released, as a removed EVSE's is when its station is written
    without it. Source key -> id of each station marked."""
    now = utcnow()
    marked: dict[str, str] = {}
    for chunk in _chunks(source_keys):
        stmt = (
            update(_STATIONS)
            .where(
                _among(session, _STATIONS.c.source_key, chunk),
                _STATIONS.c.status.is_distinct_from(REMOVED),
            )
            .values(
                status=REMOVED, content_hash=None, version=_STATIONS.c.version + 1, updated_at=now
            )
            .returning(_STATIONS.c.source_key, _STATIONS.c.id)
        )
        marked.update((key, station_id) for key, station_id in session.execute(stmt))
    for chunk in _chunks(list(marked.values())):
        session.execute(delete(_EVSES).where(_among(session, _EVSES.c.station_id, chunk)))
    return marked


def evse_holders(session: Session, evse_ids: Collection[str]) -> dict[str, EvseHolder]:
    """EVSE id -> the station holding it, for those of `evse_ids` that a station holds."""
    found: dict[str, EvseHolder] = {}
    for chunk in _chunks(list(evse_ids)):
        rows = session.execute(
            select(_EVSES.c.evse_id, _STATIONS.c.id, _STATIONS.c.source_key)
            .join(_STATIONS, _STATIONS.c.id == _EVSES.c.station_id)
            .where(_among(session, _EVSES.c.evse_id, chunk))
        )
        found.update({row.evse_id: EvseHolder(row.id, row.source_key) for row in rows})
    return found


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), _IN_CHUNK):
        yield values[start : start + _IN_CHUNK]


def _among(session: Session, column: ColumnElement[str], values: Sequence[str]) -> Any:
    """`column IN values`; on PostgreSQL `= ANY(array)`, one parameter rather than thousands
    (psycopg converts each placeholder of a statement in Python)."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam("values", list(values), type_=ARRAY(String)))
    return column.in_(values)


def stored_stations(session: Session, source_keys: Sequence[str]) -> dict[str, StoredStation]:
    """Source key -> the stored station, for those of `source_keys` that are stored."""
    found: dict[str, StoredStation] = {}
    columns = (_STATIONS.c.source_key, _STATIONS.c.id, _STATIONS.c.content_hash)
    for chunk in _chunks(source_keys):
        rows = session.execute(
            select(*columns).where(_among(session, _STATIONS.c.source_key, chunk))
        )
        found.update({key: StoredStation(id, digest) for key, id, digest in rows})
    return found


@cache
def _upsert_statement(dialect: str, *, copied: bool) -> Any:
    """INSERT ... ON CONFLICT (source_key) DO UPDATE ... WHERE a written column differs
    RETURNING source_key: the keys of the rows inserted or updated, not of unchanged ones.
    From the batch table (`copied`, PostgreSQL), else from bound VALUES."""
    stmt: Any
    if copied:
        stmt = postgresql_insert(_STATIONS).from_select(
            list(_INSERTED), select(*(_BATCH.c[n] for n in _INSERTED))
        )
    else:
        stmt = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(_STATIONS)
    excluded = stmt.excluded
    return stmt.on_conflict_do_update(
        index_elements=[_STATIONS.c.source_key],
        set_={
            **{name: excluded[name] for name in _COMPARED},
            "content_hash": excluded.content_hash,
            "version": _STATIONS.c.version + 1,
            "updated_at": excluded.updated_at,
        },
        where=or_(*(_STATIONS.c[name].is_distinct_from(excluded[name]) for name in _COMPARED)),
    ).returning(_STATIONS.c.source_key)


def _upsert_copied(session: Session, rows: list[dict[str, Any]]) -> set[str]:
    """PostgreSQL: COPY `rows` into the batch table, upsert them from there; the keys written."""
    session.execute(
        text(f"CREATE TEMPORARY TABLE IF NOT EXISTS {_BATCH.name} (LIKE stations) ON COMMIT DROP")
    )
    session.execute(text(f"TRUNCATE {_BATCH.name}"))
    copy_rows(session, _BATCH.name, _INSERTED, rows)
    return set(session.scalars(_upsert_statement("postgresql", copied=True)))


def _index_evses(
    session: Session,
    stations: Sequence[tuple[str, Station]],
    *,
    replacing: Sequence[str],
    insert: bool = True,
) -> list[dict[str, str]]:
    """Index each (station id, station)'s EVSE ids, after dropping those of `replacing`; the
    rows, inserted here unless the caller does (not `insert`)."""
    for chunk in _chunks(replacing):
        session.execute(delete(_EVSES).where(_among(session, _EVSES.c.station_id, chunk)))
    rows = [
        {"evse_id": evse_id, "station_id": station_id}
        for station_id, station in stations
        for evse_id in dict.fromkeys(e for cp in station.charge_points for e in cp.evse_ids)
    ]
    if not rows or not insert:
        return rows
    if session.get_bind().dialect.name == "postgresql":
        copy_rows(session, _EVSES.name, _EVSE_COLUMNS, rows)
    else:
        session.execute(sql_insert(_EVSES), rows)
    return rows
