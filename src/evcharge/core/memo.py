"""A bounded memo for results that are pure functions of their key.

When full it starts over rather than tracking recency: entries are cheap to recompute, and a
clear keeps every hit O(1) with no bookkeeping on the hot path.
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedMemo(dict[K, V], Generic[K, V]):
    def __init__(self, max_entries: int) -> None:
        super().__init__()
        self.max_entries = max_entries

    def put(self, key: K, value: V) -> V:
        if len(self) >= self.max_entries:
            self.clear()
        self[key] = value
        return value
