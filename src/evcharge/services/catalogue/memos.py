"""The pricing memos that outlive a request but not the catalogue: simulated profiles, and
small numbers standing for questions (tuples holding a whole curve rehash on every lookup)."""

from __future__ import annotations

import itertools
import threading

from evcharge.core.charging import ChargingProfile
from evcharge.core.memo import BoundedMemo

# A profile is a few dozen small objects the garbage collector tracks: 20,000 of them made
# every full collection a pause of 100 ms or more. New questions rarely repeat a profile, and a
# repeated question's prices come from the matrix memo, so a few thousand serve as well.
MAX_PROFILES = 2_000


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
