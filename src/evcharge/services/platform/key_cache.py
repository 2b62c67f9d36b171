"""Valid API keys, kept for a moment: most calls are answered without looking their key up.

A key is kept by its hash (never its plaintext) for `recheck_s`, the catalogue's freshness
bound (services/catalogue): a key revoked or changed by another process is refused within that
time, as a tariff changed elsewhere is seen within it; one revoked or changed in this process
is refused at its next call, because this process's write moves the write generation
(db/write_signal.py) and that empties the cache. Unknown, malformed and revoked keys are never
kept: each such call is looked up (and throttled per address, api/deps.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from evcharge.core.auth import hash_key
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.db.write_signal import write_generation

MAX_KEYS = 10_000  # beyond it the cache starts over


class KeyCache:
    def __init__(
        self,
        recheck_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = MAX_KEYS,
    ) -> None:
        self.recheck_s = recheck_s
        self._clock = clock
        self._max_keys = max_keys
        self._lock = threading.Lock()
        self._generation = -1
        self._keys: dict[str, tuple[float, StoredKey]] = {}  # by hash: (looked up at, key)

    def get(self, plaintext: str) -> StoredKey | None:
        """The key `plaintext` stands for, if it was valid less than `recheck_s` ago and this
        process has written nothing since."""
        if not plaintext or self.recheck_s <= 0:
            return None
        digest = hash_key(plaintext)
        with self._lock:
            if self._generation != write_generation():
                self._keys.clear()
                return None
            held = self._keys.get(digest)
        if held is None or self._clock() - held[0] >= self.recheck_s:
            return None
        return held[1]

    def load(self, plaintext: str, authenticate: Callable[[], StoredKey]) -> StoredKey:
        """`authenticate()` (which raises for a key that is not valid), kept. The moment and
        write generation are taken before it runs, so a write committed meanwhile is never
        hidden behind the key it may have changed."""
        now, generation = self._clock(), write_generation()
        stored = authenticate()
        if self.recheck_s <= 0 or stored.revoked_at is not None:
            return stored
        with self._lock:
            if generation != self._generation:
                if generation < self._generation:
                    return stored  # looked up before a write another call has already seen
                self._keys.clear()
                self._generation = generation
            if len(self._keys) >= self._max_keys:
                self._keys.clear()
            self._keys[hash_key(plaintext)] = (now, stored)
        return stored
