"""The pricing memos that outlive a request but not the catalogue: simulated profiles, and
small numbers standing for questions (tuples holding a whole curve rehash on every lookup)."""

from __future__ import annotations

import itertools
import threading

from evcharge.core.charging import ChargingProfile
from evcharge.services.catalogue.memo import BoundedMemo

MAX_PROFILES = 20_000


class PricingMemos:
    def __init__(self, max_entries: int = MAX_PROFILES) -> None:
        self.profiles: BoundedMemo[tuple[object, ...], ChargingProfile] = BoundedMemo(max_entries)
        self._questions: BoundedMemo[tuple[object, ...], int] = BoundedMemo(max_entries)
        self._numbers = itertools.count()
        self._lock = threading.Lock()

    def intern(self, key: tuple[object, ...]) -> int:
        """A number for `key`, the same while it is remembered. Numbers are never reused, so a
        memo entry keyed by a forgotten number can only go stale, never answer another key."""
        number = self._questions.get(key)
        if number is not None:
            return number
        with self._lock:
            return self._questions.put(key, next(self._numbers))
