"""Apply parsed import records to the catalogue as idempotent upserts (caller's transaction)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from evcharge.core.errors import Conflict
from evcharge.core.vehicles import Vehicle
from evcharge.db.repositories.upsert import UpsertOutcome
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.parsed import Parsed, Progress, Skip, no_progress


@dataclass(slots=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)

    def count(self, outcome: UpsertOutcome) -> None:
        name = outcome.value
        setattr(self, name, getattr(self, name) + 1)

    def summary(self) -> str:
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"skipped {len(self.skipped)}"
        )


def import_vehicles(
    session: Session,
    parsed: Parsed[Vehicle],
    *,
    source: str,
    source_key: Callable[[Vehicle], str],
    progress: Progress = no_progress,
) -> ImportReport:
    """Upsert every parsed vehicle. The caller commits once at the end, so a failure anywhere
    leaves nothing half-written."""
    repo = VehicleRepository(session)
    report = ImportReport(skipped=list(parsed.skipped))
    total = len(parsed.records)
    for done, vehicle in enumerate(parsed.records, start=1):
        try:
            report.count(repo.upsert(vehicle, source=source, source_key=source_key(vehicle)))
        except Conflict as exc:
            report.skipped.append(Skip(record=vehicle.label, reason=exc.message))
        progress(done, total)
    return report
