"""Stations by id from the cache: none may vanish when another request stores it meanwhile."""

from __future__ import annotations

from sqlalchemy import select

from evcharge.core.network import Station
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.db.repositories.fingerprints import fingerprints
from evcharge.db.repositories.stations import StationRepository
from evcharge.services import station_cache
from evcharge.services.memo import BoundedMemo


class StoredByAnotherRequest(BoundedMemo[str, Station]):
    """Holds no station until asked about `late` once; then another request has stored it."""

    def __init__(self, late: Station) -> None:
        super().__init__(1000)
        self.late = late
        self.asked = False

    def __contains__(self, key: object) -> bool:
        if key == self.late.id and not self.asked:
            self.asked = True
            return False
        if key == self.late.id:
            self.put(key, self.late)
        return super().__contains__(key)


def test_a_station_stored_meanwhile_is_still_found(database: Database) -> None:
    # Today's code split found (inside the lock) from missing (outside it): a station stored in
    # between was in neither, and bulk answered 404 for a station that exists.
    with database.transaction() as session:
        ids = list(session.scalars(select(StationRow.id).order_by(StationRow.id).limit(3)))
        stations = StationRepository(session).by_ids(ids)
        late = stations[0]
        url = str(session.get_bind().engine.url)
        fingerprint = fingerprints(session).stations
        station_cache._held[url] = (fingerprint, StoredByAnotherRequest(late))
        try:
            found = station_cache.stations_by_ids(session, [s.id for s in stations])
        finally:
            station_cache._held.pop(url, None)
    assert {s.id for s in found} == {s.id for s in stations}
