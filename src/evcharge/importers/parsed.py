"""What every importer's parse step returns: core records plus the records it had to skip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

# Called after each source record with (records done, records in all); drives progress bars.
Progress = Callable[[int, int], None]


def no_progress(_done: int, _total: int) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Skip:
    """A source record that was not imported, and why, in words a user can act on."""

    record: str
    reason: str


@dataclass(slots=True)
class Parsed(Generic[T]):
    records: list[T] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
