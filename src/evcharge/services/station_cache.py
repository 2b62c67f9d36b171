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
        # Found and missing in one pass under the lock: a station stored by another request
        # between two passes would otherwise fall out of both (a 404 for a station that exists).
        looked_up = [(i, memo.get(i)) for i in ids]
    found = [station for _i, station in looked_up if station is not None]
    missing = [i for i, station in looked_up if station is None]
    if missing:
        loaded = repo.by_ids(missing)
        with _lock:
            for station in loaded:
                memo.put(station.id, station)
        found.extend(loaded)
    return found
