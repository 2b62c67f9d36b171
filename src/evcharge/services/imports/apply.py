"""Apply parsed import records to the catalogue as idempotent upserts (caller's transaction)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from evcharge.core.brands import is_alias
from evcharge.core.errors import Conflict
from evcharge.core.vehicles import Vehicle
from evcharge.db.repositories.upsert import UpsertOutcome
from evcharge.db.repositories.vehicles import BrandRepository, VehicleRepository
from evcharge.importers.parsed import Parsed, Progress, Removed, Skip, no_progress
from evcharge.services.imports.storable import vehicle_too_long
from evcharge.services.imports.vehicle_merge import Attached, store


@dataclass(slots=True)
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    # Parts of imported records that were written without them, and why (an EVSE id that
    # another station holds). Not counted as skips: the record itself was imported.
    left_out: list[Skip] = field(default_factory=list)
    # Vehicle records that were the same variant as a stored vehicle, so not stored as one.
    attached: list[Attached] = field(default_factory=list)
    # Records their source marks removed whose stored station was marked removed (one that
    # was removed already counts as unchanged; one never stored, as skipped).
    removed: list[Removed] = field(default_factory=list)
    # Rows of the source's earlier data that its data no longer holds, deleted (tariffs).
    deleted: int = 0

    def count(self, outcome: UpsertOutcome | Attached) -> None:
        if isinstance(outcome, Attached):
            self.attached.append(outcome)
            return
        name = outcome.value
        setattr(self, name, getattr(self, name) + 1)

    def summary(self) -> str:
        attached = f"attached {len(self.attached)}, " if self.attached else ""
        removed = f"removed {len(self.removed)}, " if self.removed else ""
        deleted = f"deleted {self.deleted}, " if self.deleted else ""
        return (
            f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}, "
            f"{attached}{removed}{deleted}skipped {len(self.skipped)}"
        )


def import_vehicles(
    session: Session,
    parsed: Parsed[Vehicle],
    *,
    source: str,
    source_key: Callable[[Vehicle], str],
    progress: Progress = no_progress,
) -> ImportReport:
    """Upsert every parsed vehicle, or attach it to the stored vehicle of the same variant
    (services.vehicle_merge). The caller commits once at the end, so a failure anywhere
    leaves nothing half-written. A vehicle with a value too long for its column is skipped."""
    repo = VehicleRepository(session)
    report = ImportReport(skipped=list(parsed.skipped))
    total = len(parsed.records)
    for done, vehicle in enumerate(parsed.records, start=1):
        key = source_key(vehicle)
        problem = vehicle_too_long(vehicle, source=source, source_key=key)
        if problem is None:
            try:
                report.count(store(repo, vehicle, source=source, source_key=key))
            except Conflict as exc:
                problem = exc.message
        if problem is not None:
            report.skipped.append(Skip(record=vehicle.label, reason=problem))
        progress(done, total)
    _drop_alias_brands(BrandRepository(session))
    return report


def _drop_alias_brands(brands: BrandRepository) -> None:
    """Vehicles stored under another spelling of a brand ("Skoda") moved to the canonical one
    ("Škoda") when re-imported; the old spelling must not stay listed as a brand of its own."""
    brands.delete([b.id for b in brands.unused() if is_alias(b.name)])
