"""What every importer's parse step returns: core records plus the records it had to skip."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from evcharge.importers.input_text import MESSAGE_CHARS, excerpt

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

    def __post_init__(self) -> None:
        # Names and reasons may quote the input; whatever an importer builds, a skip stays a
        # short line (the one cap every importer's skips pass through).
        object.__setattr__(self, "record", excerpt(self.record, MESSAGE_CHARS))
        object.__setattr__(self, "reason", excerpt(self.reason, MESSAGE_CHARS))


@dataclass(slots=True)
class Parsed(Generic[T]):
    records: list[T] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
