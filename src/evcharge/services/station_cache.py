"""Stations by id, kept in memory until any station is written.

A bulk price request names up to 100 stations; turning their rows (JSON charge points) into
Station values took a third of the request. One fingerprint query instead tells whether the
stations we hold are still current, in any worker. Memory stays bounded (BoundedMemo).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Sequence

from sqlalchemy.orm import Session

from evcharge.core.network import Station
from evcharge.db.repositories.fingerprints import fingerprints
from evcharge.db.repositories.stations import StationRepository
from evcharge.services.memo import BoundedMemo

MAX_STATIONS = 50_000
_lock = threading.Lock()
# database URL -> (fingerprint, stations by id)
_held: dict[str, tuple[Hashable, BoundedMemo[str, Station]]] = {}


def stations_by_ids(session: Session, ids: Sequence[str]) -> list[Station]:
    """The stations that exist among `ids`, in no particular order."""
    repo = StationRepository(session)
    url, fingerprint = str(session.get_bind().engine.url), fingerprints(session).stations
    with _lock:
        held = _held.get(url)
        if held is None or held[0] != fingerprint:
            held = _held[url] = (fingerprint, BoundedMemo(MAX_STATIONS))
        memo = held[1]
        found = [memo[i] for i in ids if i in memo]
    missing = [i for i in ids if i not in memo]
    if missing:
        loaded = repo.by_ids(missing)
        with _lock:
            for station in loaded:
                memo.put(station.id, station)
        found.extend(loaded)
    return found
