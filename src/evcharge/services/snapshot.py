"""Data kept in memory per database until its fingerprint changes.

A fingerprint is one small aggregate query (count, latest update, version sum) that changes on
every write, so each read checks it and reloads only after a write, in any worker.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


class Snapshot(Generic[T]):
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Hashable, T]] = {}

    def get(self, session: Session, fingerprint: Hashable, load: Callable[[], T]) -> T:
        key = str(session.get_bind().engine.url)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == fingerprint:
                return hit[1]
        value = load()
        with self._lock:
            self._cache[key] = (fingerprint, value)
        return value
