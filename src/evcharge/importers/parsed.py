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


@dataclass(frozen=True, slots=True)
class Removed(Skip):
    """A source record that its source marks removed (decommissioned, deleted): no station to
    import, but the station an earlier import stored from it, if any, is marked removed, so it
    leaves the lists (services/imports/station_batch.py). Skipped as any other record when no
    station of it is stored. `key` is the source's own id of the record, the one its station's
    source key is made from (an OCM POI id, an NCR chargeDeviceID, an OCPI CC*PTY*id)."""

    key: str


@dataclass(slots=True)
class Parsed(Generic[T]):
    records: list[T] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
