"""Imported stations written a batch at a time: a few statements per BATCH stations, not several
per station (issue 15: a national register at 10,000 stations/s rather than 200).

Each import adds its checked stations (storable.py skips those with values too long) in file
order; a batch is written when it is full, when a station repeats a source key already in it
(one statement cannot write a row twice), and at the end. The outcomes are those one upsert per
station gave: created, updated or unchanged (compared with the stored values), in the caller's
transaction, so nothing is written when the import fails. A station whose stored digest
(station_writes.content_hash) is that of the station as given is unchanged at once: a
re-import of an unchanged register reads one digest per station and writes nothing.

EVSE ids: an EVSE id names one station. One that another station holds already (an earlier
record of the file, in this batch or an earlier one, or an earlier import) stays with that
station: first come, first kept, so a re-import changes nothing. One too long for its column is
left out too. Only the id goes: the charge point still counts, as one of an EVSE without an id
would. Each left-out id is noted against its record.

Removed records: a record its source marks removed (importers' `Removed`) marks the stored
station of its source key removed (station_writes.mark_removed), in the same batches, counted
as `removed`; one removed already is unchanged, and one never stored is skipped, with its
reason, as before.

A large load on PostgreSQL (one that has created BULK_FROM stations and at least doubled the
table) writes the rest of its stations without the search indexes, and builds them again when
it finishes (station_bulk.py), in the same transaction. On PostgreSQL a batch's new stations
are inserted while the next batch is read (station_copy.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from types import TracebackType
from typing import Self

from evcharge.core.network import Station
from evcharge.db.models import StationEvseRow
from evcharge.db.repositories.station_bulk import SetAside, build_indexes, set_aside_if_doubled
from evcharge.db.repositories.station_copy import settle
from evcharge.db.repositories.station_writes import mark_removed, stored_stations, upsert_many
from evcharge.db.repositories.stations import EvseHolder, StationRepository, StationWrite
from evcharge.db.repositories.upsert import UpsertOutcome
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.parsed import Removed, Skip
from evcharge.services.imports.apply import ImportReport
from evcharge.services.imports.storable import column_lengths, too_long_note

# Stations per batch: large enough that a statement's cost is spread thin, small enough that a
# batch's rows and statements stay a few megabytes.
BATCH = 2_000
# A load that has created this many stations, and at least as many as were stored before it,
# sets the table's search indexes aside and builds them again at its end (station_bulk.py): it
# is asked again each time the count doubles. Smaller loads (an OCPI push) never take the
# table's exclusive lock.
BULK_FROM = 20_000


class StationBatch:
    """Stations to write, counted into `report` (and their left-out EVSE ids noted there) as
    each batch is written. Use it as a context manager, or call `finish` at the end."""

    def __init__(
        self,
        stations: StationRepository,
        report: ImportReport,
        *,
        size: int | None = None,
        before_flush: Callable[[], None] | None = None,
    ) -> None:
        """`before_flush` writes what the batch's stations refer to (their new operators)."""
        self.stations = stations
        self.report = report
        self.size = size or BATCH
        self.before_flush = before_flush
        self._pending: list[tuple[StationWrite, str]] = []
        self._removals: list[tuple[str, Removed]] = []
        self._keys: set[str] = set()
        self._created = 0
        self._bulk_at = BULK_FROM  # created stations at which a bulk load is considered
        self._aside: SetAside | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        _trace: TracebackType | None,
    ) -> None:
        if kind is None:  # on an error the caller's transaction is rolled back anyway
            self.finish()
        else:
            try:
                settle(self.stations.session)
            except Exception as settled:  # the error being raised comes first; keep this one
                if error is not None:
                    error.add_note(f"the batch's background insert failed too: {settled!r}")

    def finish(self) -> None:
        """Write the queued stations, and build the indexes a bulk load set aside."""
        self.flush()
        settle(self.stations.session)
        if self._aside is not None:
            build_indexes(self.stations.session, self._aside)
            self._aside = None

    def add(self, station: Station, *, source: str, source_key: str, record: str) -> None:
        """Queue `station`; `record` names its source record in notes."""
        if source_key in self._keys:
            self.flush()
        self._pending.append((StationWrite(station, source, source_key), record))
        self._keys.add(source_key)
        if len(self._pending) + len(self._removals) >= self.size:
            self.flush()

    def remove(self, record: Removed, *, source_key: str) -> None:
        """Queue marking the stored station of `source_key` removed, for `record`."""
        if source_key in self._keys:
            self.flush()
        self._removals.append((source_key, record))
        self._keys.add(source_key)
        if len(self._pending) + len(self._removals) >= self.size:
            self.flush()

    def flush(self) -> None:
        """Write the queued stations, mark the queued removals, and count them."""
        settle(self.stations.session)  # the last batch's insert, and its error if it failed
        if self.before_flush is not None:
            self.before_flush()
        pending, self._pending, self._keys = self._pending, [], set()
        removals, self._removals = self._removals, []
        if removals:  # first: the batch's writes may leave an insert running in the background
            self._remove(removals)
        if pending:
            self._write(pending)

    def _remove(self, removals: list[tuple[str, Removed]]) -> None:
        session = self.stations.session
        # A key the database cannot hold names no stored station (and PostgreSQL refuses NUL).
        keys = [key for key, _record in removals if unstorable_text(key) is None]
        marked = mark_removed(session, keys)
        stored = stored_stations(session, [key for key in keys if key not in marked])
        for key, record in removals:
            if key in marked:
                self.report.removed.append(record)
            elif key in stored:
                self.report.count(UpsertOutcome.UNCHANGED)
            else:
                self.report.skipped.append(record)

    def _write(self, pending: list[tuple[StationWrite, str]]) -> None:
        session = self.stations.session
        stored = stored_stations(session, [write.source_key for write, _record in pending])
        # A station stored with the same digest is unchanged (EVSE ids and all): nothing more
        # is done for it. Its EVSE ids are stored as its own, so later stations find them held.
        changed = []
        for write, record in pending:
            known = stored.get(write.source_key)
            if known is not None and known.content_hash == write.digest:
                self.report.count(UpsertOutcome.UNCHANGED)
            else:
                changed.append((write, record))
        writes = []
        for write, record, notes in self._with_storable_evse_ids(changed):
            writes.append(write)
            self.report.left_out.extend(Skip(excerpt(record), note) for note in notes)
        for outcome in upsert_many(session, writes, stored=stored, background=True):
            self.report.count(outcome)
            self._created += outcome is UpsertOutcome.CREATED
        if self._aside is None and self._created >= self._bulk_at:
            self._bulk_at = 2 * self._created
            # The batch's insert first: run in its thread on this connection, it could land
            # inside the savepoint of the indexes' drop, and a drop that times out would roll it
            # back with the savepoint, though its stations are counted as created.
            settle(self.stations.session)
            self._aside = set_aside_if_doubled(self.stations.session, self._created)

    def _with_storable_evse_ids(
        self, pending: list[tuple[StationWrite, str]]
    ) -> list[tuple[StationWrite, str, list[str]]]:
        """Each station without the EVSE ids it cannot be found by, and a note for each left
        out: too long, or held by another station (stored, or earlier in this batch)."""
        limit = column_lengths(StationEvseRow)["evse_id"]
        wanted = [_evse_ids(w.station) for w, _record in pending]
        holders = self.stations.evse_holders({e for ids in wanted for e in ids if len(e) <= limit})
        held_by: dict[str, list[str]] = {}
        for evse_id, holder in holders.items():
            held_by.setdefault(holder.station_id, []).append(evse_id)
        done = []
        for (write, record), ids in zip(pending, wanted, strict=True):
            station = write.station
            # What this station held is its own to keep or give up: written before the next
            # station's ids are looked at, as one upsert per station was.
            for evse_id in held_by.pop(station.id, []):
                if holders[evse_id].station_id == station.id:
                    del holders[evse_id]
            why = {e: too_long_note("EVSE id", e, limit) for e in ids if len(e) > limit}
            for evse_id in ids:
                if evse_id in why:
                    continue
                held = holders.get(evse_id)
                if held is not None and held.station_id != station.id:
                    why[evse_id] = (
                        f"EVSE id {excerpt(evse_id)} left out: "
                        f"station {excerpt(held.source_key)} has it"
                    )
                else:
                    holders[evse_id] = EvseHolder(station.id, write.source_key)
            if why:
                kept = tuple(
                    replace(cp, evse_ids=tuple(e for e in cp.evse_ids if e not in why))
                    for cp in station.charge_points
                )
                write = replace(write, station=replace(station, charge_points=kept))
            done.append((write, record, [why[e] for e in ids if e in why]))
        return done


def _evse_ids(station: Station) -> list[str]:
    return list(dict.fromkeys(e for cp in station.charge_points for e in cp.evse_ids))
