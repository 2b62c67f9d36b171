"""The merge pass: after an import, the stations it wrote are matched with those of other
sources (core/station_matching.py), and each group's non-canonical rows point at its canonical
row (`stations.duplicate_of`), in the import's transaction.

The pass starts from the links the import may have changed: those of the stations it wrote, and
the groups those stations were in. It finds them from whichever side is smaller, the stations
written or the stations of other sources, each a batch at a time through the spatial index (so
a first load of a million stations next to a few thousand of other sources probes a few
thousand times, not a million). It then follows links to the closed components around them, and
regroups those: a component's grouping depends on its rows and links alone, so a second run
changes nothing, and untouched components stay as they are.

EVSE-id evidence: an EVSE id names one station (station_evse_ids, first come, first kept), so
an import leaves out of its stations the EVSE ids another source's station holds. `EvseClaims`
watches the import's records go by, and notes those ids before they are left out; the pass
stores them (station_evse_claims) and links the two stations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TypeVar

from sqlalchemy.orm import Session

from evcharge.core.station_matching import (
    MATCH_DISTANCE_M,
    MatchStation,
    canonical_ids,
    components,
    link,
    links,
    match_operator_key,
)
from evcharge.db.repositories.station_merge import MergeRow, StationMergeRepository
from evcharge.importers.ocpi_locations import SOURCE as OCPI_SOURCE
from evcharge.importers.ocpi_locations import LocationRecord
from evcharge.importers.registers import RegisterStation

RecordT = TypeVar("RecordT")
# Records held back at a time while their EVSE ids are looked up.
CLAIM_BATCH = 2_000
# Beyond this many stations of other sources, the pass starts from the stations written.
COUNT_UP_TO = 200_000


@dataclass(slots=True)
class MergeReport:
    merged: int = 0  # rows that now point at a canonical row and did not before
    unmerged: int = 0  # rows that pointed at one and now are canonical themselves
    moved: int = 0  # rows that now point at another canonical row
    examined: int = 0  # rows regrouped

    def summary(self) -> str:
        return (
            f"merged {self.merged}, unmerged {self.unmerged}, moved {self.moved} "
            f"(of {self.examined} examined)"
        )


@dataclass(slots=True)
class EvseClaims:
    """The EVSE ids of an import's records that a station of another source holds already, as
    (source key, EVSE id): noted while the records stream by, before the import writes them."""

    session: Session
    source: str
    found: list[tuple[str, str]] = field(default_factory=list)

    def watch(
        self,
        records: Iterable[RecordT],
        key: Callable[[RecordT], str | None],
        evse_ids: Callable[[RecordT], Iterable[str]],
    ) -> Iterator[RecordT]:
        """`records`, unchanged, a batch at a time; `key` gives a record's station source key
        (None: not a station, e.g. a skipped row), `evse_ids` its EVSE ids."""
        repo = StationMergeRepository(self.session)
        batch: list[RecordT] = []
        for record in records:
            batch.append(record)
            if len(batch) >= CLAIM_BATCH:
                self._note(repo, batch, key, evse_ids)
                yield from batch
                batch = []
        self._note(repo, batch, key, evse_ids)
        yield from batch

    def note(
        self,
        records: Iterable[RecordT],
        key: Callable[[RecordT], str | None],
        evse_ids: Callable[[RecordT], Iterable[str]],
    ) -> None:
        """Note the claims of records held in memory (an OCPI file's locations)."""
        for _record in self.watch(records, key, evse_ids):
            pass

    def _note(
        self,
        repo: StationMergeRepository,
        batch: list[RecordT],
        key: Callable[[RecordT], str | None],
        evse_ids: Callable[[RecordT], Iterable[str]],
    ) -> None:
        wanted = [(k, list(evse_ids(r))) for r in batch if (k := key(r)) is not None]
        held = repo.held_elsewhere({e for _k, ids in wanted for e in ids}, self.source)
        self.found.extend((k, e) for k, ids in wanted for e in ids if e in held)


def merge_after_import(
    session: Session, source: str, since: datetime, claims: EvseClaims | None = None
) -> MergeReport:
    """Regroup around `source`'s stations written at or after `since` (taken before the
    import began), with the EVSE claims noted during the import."""
    repo = StationMergeRepository(session)
    repo.lock()
    with repo.index_scans():
        repo.replace_claims(source, since, claims.found if claims else ())
        seeds = repo.grouped_touched(source, since)
        seeds |= {i for pair in repo.touched_evse_pairs(source, since) for i in pair}
        # The smaller side, counted no further than needed: the stations this import wrote
        # (first, so a push of one location counts one), or other sources' stations.
        touched = repo.count_touched(source, since, up_to=COUNT_UP_TO)
        if repo.count_others(source, up_to=touched) < touched:
            for batch in repo.others(source):
                seeds |= _linked(repo, batch, source=source, since=since)
        else:
            for batch in repo.touched(source, since):
                seeds |= _linked(repo, batch)
        return _regroup(repo, seeds)


def merge_all(session: Session) -> MergeReport:
    """Regroup every station (after an upgrade, or a change of the rules)."""
    repo = StationMergeRepository(session)
    repo.lock()
    with repo.index_scans():
        seeds = repo.grouped()
        for batch in repo.others(None):
            seeds |= _linked(repo, batch)
            seeds |= {i for pair in repo.evse_pairs(batch) for i in pair}
        return _regroup(repo, seeds)


def _regroup(repo: StationMergeRepository, seeds: set[str]) -> MergeReport:
    """Regroup the closed components around `seeds`: every station linked to one of them, and
    every station in the same group as one of them now, followed until none is new."""
    rows: dict[str, MergeRow] = {}
    explored: set[str] = set()
    near: set[tuple[str, str]] = set()
    evse: set[tuple[str, str]] = set()
    frontier = set(seeds)
    while frontier:
        frontier = (frontier | repo.group_mates(frontier)) - explored
        _read(repo, rows, frontier)
        explored |= frontier
        ids = sorted(i for i in frontier if i in rows and rows[i].eligible)
        pairs = set(repo.neighbours(ids, MATCH_DISTANCE_M))
        shared = repo.evse_pairs(ids)
        _read(repo, rows, {i for pair in pairs | shared for i in pair})
        stations = _stations(rows)
        found_evse = {p for p in shared if _linked_pair(p, stations, evse=True)}
        found_near = {p for p in pairs if _linked_pair(p, stations)}
        evse |= found_evse
        near |= found_near
        frontier = {i for pair in found_evse | found_near for i in pair} - explored
    return _apply(repo, {i: rows[i] for i in explored}, near, evse)


def _apply(
    repo: StationMergeRepository,
    rows: dict[str, MergeRow],
    near: set[tuple[str, str]],
    evse: set[tuple[str, str]],
) -> MergeReport:
    stations = _stations(rows)
    linked = links(stations, near, evse)
    wanted: dict[str, str | None] = dict.fromkeys(rows)  # ineligible rows: canonical
    for part in components(stations, linked):
        wanted.update(canonical_ids([stations[i] for i in part], linked))
    report = MergeReport(examined=len(rows))
    changes = {i: c for i, c in wanted.items() if rows[i].duplicate_of != c}
    for i, c in changes.items():
        before = rows[i].duplicate_of
        if before is None:
            report.merged += 1
        elif c is None:
            report.unmerged += 1
        else:
            report.moved += 1
    was = {rows[i].duplicate_of for i in changes}
    changed = {*changes, *(c for c in (*changes.values(), *was) if c is not None)}
    repo.set_duplicate_of(changes, changed=changed)
    return report


def _stations(rows: dict[str, MergeRow]) -> dict[str, MatchStation]:
    return {
        r.id: MatchStation(r.id, r.source, r.latitude, r.longitude, _key(r.operator_name))
        for r in rows.values()
        if r.eligible
    }


@lru_cache(maxsize=65_536)
def _key(name: str) -> str:
    # Registers repeat a few thousand operator names over a million rows.
    return match_operator_key(name)


def _read(repo: StationMergeRepository, rows: dict[str, MergeRow], ids: set[str]) -> None:
    rows.update((r.id, r) for r in repo.rows(ids - rows.keys()))


def _linked_pair(
    pair: tuple[str, str], stations: dict[str, MatchStation], *, evse: bool = False
) -> bool:
    a, b = (stations.get(i) for i in pair)
    return a is not None and b is not None and link(a, b, evse=evse) is not None


def _linked(
    repo: StationMergeRepository,
    batch: list[str],
    *,
    source: str | None = None,
    since: datetime | None = None,
) -> set[str]:
    """The ids of `batch`, and of their neighbours, that match by operator and place."""
    pairs = repo.neighbours(batch, MATCH_DISTANCE_M, source=source, since=since)
    if not pairs:
        return set()
    stations = _stations({r.id: r for r in repo.rows({i for p in pairs for i in p})})
    return {i for pair in pairs if _linked_pair(pair, stations) for i in pair}


def register_key(source: str, record: object) -> str | None:
    """The station source key registers.py writes for a register record (None for a Skip)."""
    return f"{source}:{record.source_key}" if isinstance(record, RegisterStation) else None


def location_key(record: LocationRecord) -> str:
    """The station source key ocpi.py writes for an OCPI location."""
    return f"{OCPI_SOURCE}:location:{record.key}"


def record_evse_ids(record: object) -> list[str]:
    """The EVSE ids of a register record or OCPI location."""
    points = record.charge_points if isinstance(record, RegisterStation | LocationRecord) else ()
    return [e for *_rest, evse_ids in points for e in evse_ids]
