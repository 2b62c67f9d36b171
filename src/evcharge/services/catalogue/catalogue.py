"""The app's one in-memory catalogue: companies, tariffs (compiled, with their price memos) and
vehicles, whole, and stations by id, each kept until a write changes its version counter.

`create_app` makes one and routes receive it as a dependency; commands make their own. It is
thread-safe and reads time only through its injected clocks, so tests control both.

Freshness costs O(1) at any size: the database's version counters (one primary-key read,
bumped by triggers on every write) are read at most every `recheck_s`, and at once after this
process commits a write. A session that has written reads around the catalogue, so its own
uncommitted rows are never kept. Stations are held by id, as requests need them, never as a
whole table: a million stored stations cost nothing until asked for.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from evcharge.core.memo import BoundedMemo
from evcharge.core.network import Company, Station, Tariff
from evcharge.core.vehicles import Vehicle
from evcharge.db.repositories.catalogue_versions import CatalogueVersions, catalogue_versions
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.db.repositories.tariffs import TariffRepository
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.db.write_signal import has_written, write_generation
from evcharge.services.catalogue.memos import PricingMemos
from evcharge.services.catalogue.tariff_set import TariffSet

T = TypeVar("T")
# Stations held by id; beyond it the memo starts over.
MAX_HELD = 50_000
RECHECK_S = 0.25


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Catalogue:
    def __init__(
        self,
        *,
        recheck_s: float = RECHECK_S,
        clock: Callable[[], float] = time.monotonic,
        now_utc: Callable[[], datetime] = _utc_now,
        max_held: int = MAX_HELD,
    ) -> None:
        self.recheck_s = recheck_s
        self._clock = clock
        self.now_utc = now_utc
        self.memos = PricingMemos()
        self._max_held = max_held
        self._lock = threading.Lock()
        self._versions: CatalogueVersions | None = None
        self._checked_at = -math.inf
        self._generation = -1
        # companies, tariffs, vehicles: (version, value)
        self._held: dict[str, tuple[int, Any]] = {}
        # One loader per whole table at a time: requests that find it stale together wait for
        # that load instead of each reading and compiling the table again (a thundering herd
        # after every write: ~0.3 s each for a thousand vehicles).
        self._loading: dict[str, threading.Lock] = {}
        self._by_id: dict[str, tuple[int, BoundedMemo[str, Any]]] = {}  # stations

    def versions(self, session: Session) -> CatalogueVersions:
        """The version counters, read again when `recheck_s` has passed or this process has
        committed a write since the last read."""
        now, generation = self._clock(), write_generation()
        with self._lock:
            held = self._versions
            if (
                held is not None
                and generation == self._generation
                and now - self._checked_at < self.recheck_s
            ):
                return held
        found = catalogue_versions(session)
        with self._lock:
            self._versions, self._checked_at, self._generation = found, now, generation
        return found

    def companies(self, session: Session) -> dict[str, Company]:
        """Every company by id (operators and providers: thousands, not millions)."""
        repo = CompanyRepository(session)
        return self._whole(
            session, "companies", lambda v: v.companies, lambda: {c.id: c for c in repo.all()}
        )

    def tariff_set(self, session: Session) -> TariffSet:
        """Every tariff, compiled, with the memos of prices computed under them."""
        repo = TariffRepository(session)
        return self._whole(session, "tariffs", lambda v: v.tariffs, lambda: TariffSet(repo.all()))

    def _whole(
        self,
        session: Session,
        slot: str,
        version_of: Callable[[CatalogueVersions], int],
        load: Callable[[], T],
    ) -> T:
        """A whole small table's value, kept while its version counter stays the same."""
        if has_written(session):
            return load()
        version = version_of(self.versions(session))
        with self._lock:
            held: tuple[int, T] | None = self._held.get(slot)
            loading = self._loading.setdefault(slot, threading.Lock())
        if held is not None and held[0] == version:
            return held[1]
        with loading:
            with self._lock:
                held = self._held.get(slot)
            if held is not None and held[0] == version:
                return held[1]  # loaded by the request this one waited for
            loaded = load()
            with self._lock:
                self._held[slot] = (version, loaded)
        return loaded

    def tariffs(self, session: Session) -> list[Tariff]:
        return self.tariff_set(session).tariffs

    def stations(self, session: Session, ids: Sequence[str]) -> list[Station]:
        """The stations that exist among `ids`, in no particular order."""
        repo = StationRepository(session)
        return self._some(session, "stations", lambda v: v.stations, ids, repo.by_ids)

    def vehicle(self, session: Session, vehicle_id: str) -> Vehicle | None:
        """A vehicle by id, from every vehicle held at once: the catalogue's hundreds (thousands
        with imports) load in one read, so a price request for a car not asked about before
        neither reads the database nor waits for a transaction to end."""
        repo = VehicleRepository(session)
        if has_written(session):  # its own rows, uncommitted: read around the catalogue
            found = repo.by_ids_in_order([vehicle_id])
            return found[0] if found else None
        every = self._whole(
            session, "vehicles", lambda v: v.vehicles, lambda: {v.id: v for v in repo.all()}
        )
        return every.get(vehicle_id)

    def _some(
        self,
        session: Session,
        slot: str,
        version_of: Callable[[CatalogueVersions], int],
        ids: Sequence[str],
        load: Callable[[Sequence[str]], Sequence[T]],
    ) -> list[T]:
        """The values of `ids` that exist, from a memo by id kept while the kind's version
        counter stays the same; only the missing are loaded."""
        if has_written(session):
            return list(load(ids))
        version = version_of(self.versions(session))
        with self._lock:
            held = self._by_id.get(slot)
            if held is None or held[0] != version:
                held = self._by_id[slot] = (version, BoundedMemo(self._max_held))
            memo = held[1]
            # Found and missing in one pass under the lock: a value stored by another
            # request between two passes would otherwise be in neither (a 404 for a station
            # that exists).
            looked_up = [(i, memo.get(i)) for i in ids]
        found: list[T] = [value for _i, value in looked_up if value is not None]
        missing = [i for i, value in looked_up if value is None]
        if missing:
            loaded = list(load(missing))
            with self._lock:
                for value in loaded:
                    memo.put(value.id, value)  # type: ignore[attr-defined]
            found.extend(loaded)
        return found
