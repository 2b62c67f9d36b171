"""Store an imported vehicle, or attach it to the stored vehicle of the same variant.

Which records are one variant is `core.vehicle_matching`'s rule. What happens then:

- a match among the curated vehicles wins: the record is attached there (its URLs join the
  curated vehicle's sources) and any row it had from an earlier import goes;
- else a match from another open-data source: the richer of the two is the row, the other is
  attached to it (a measured curve beats the default rule; on a tie, `SOURCE_PREFERENCE`);
- records of one source never merge with each other: the source itself tells them apart;
- a curated vehicle added after an import (a newer catalogue, then `evcharge seed`) claims the
  stored imports of its variant at once: each is attached to it, as if imported afterwards.

Every step is idempotent, so a re-import reports the same attachments and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from evcharge.core.vehicle_matching import Candidate, closest, richness, same_variant
from evcharge.core.vehicles import Vehicle
from evcharge.db.repositories.upsert import UpsertOutcome
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.importers.curated import SOURCE as CURATED_SOURCE

CURATED = CURATED_SOURCE  # the embedded catalogue: what every other source attaches to
# On equal richness the record of the earlier source is kept: Chargeprice's open-ev-data ids
# are public ids that clients may have stored.
SOURCE_PREFERENCE = (CURATED, "open-ev-data", "open-ev-data-dataset")


@dataclass(frozen=True, slots=True)
class Attached:
    """An imported record that was merged into `target` (a vehicle's label)."""

    record: str
    target: str


def store(
    repo: VehicleRepository, vehicle: Vehicle, *, source: str, source_key: str
) -> UpsertOutcome | Attached:
    """Upsert `vehicle` as its own row, or attach it to the stored vehicle it matches."""
    if source == CURATED:  # what it matches is claimed once the whole catalogue is stored
        return repo.upsert(vehicle, source=source, source_key=source_key)
    others = [c for c in repo.candidates(vehicle.brand.id) if c.source != source]
    target = closest(vehicle, [c for c in others if c.source == CURATED])
    if target is None:
        target = closest(vehicle, others)
        if target is not None and _rank(vehicle, source) > _rank_of(target):
            return _take_over(repo, vehicle, source, source_key, others)
    if target is not None:
        return _attach(repo, vehicle.label, list(vehicle.sources), source, source_key, target)
    repo.detach(source=source, source_key=source_key)
    return repo.upsert(vehicle, source=source, source_key=source_key)


def claim_imports(repo: VehicleRepository, brand_ids: set[str]) -> None:
    """After the curated catalogue is stored: attach each stored import of these brands to its
    closest curated vehicle, as an import of that record would now (a newly curated vehicle
    claims what earlier imports stored as rows of their own). One read per brand."""
    for brand_id in sorted(brand_ids):
        stored = repo.candidates(brand_id)
        catalogue = [c for c in stored if c.source == CURATED]
        for row in stored:
            target = closest(row, catalogue) if row.source != CURATED else None
            if target is not None:
                _attach(repo, row.label, list(row.sources), row.source, row.source_key, target)


def _attach(
    repo: VehicleRepository,
    label: str,
    urls: list[str],
    source: str,
    source_key: str,
    target: Candidate,
) -> Attached:
    old_id = repo.delete(source=source, source_key=source_key)
    if old_id is not None:  # stored as a row by an earlier import: whatever was on it follows
        repo.move_attachments(from_id=old_id, to_id=target.vehicle_id)
    repo.attach(
        source=source,
        source_key=source_key,
        vehicle_id=target.vehicle_id,
        label=label,
        sources=urls,
    )
    return Attached(record=label, target=target.label)


def _take_over(
    repo: VehicleRepository,
    vehicle: Vehicle,
    source: str,
    source_key: str,
    others: list[Candidate],
) -> UpsertOutcome:
    """`vehicle` is richer than the imported rows of its variant: it becomes the row, and they
    are attached to it (all of them: one source may repeat a variant for each model year)."""
    repo.detach(source=source, source_key=source_key)
    outcome = repo.upsert(vehicle, source=source, source_key=source_key)
    mine = _rank(vehicle, source)
    for poorer in (c for c in others if same_variant(vehicle, c) and _rank_of(c) < mine):
        repo.delete(source=poorer.source, source_key=poorer.source_key)
        repo.move_attachments(from_id=poorer.vehicle_id, to_id=vehicle.id)
        repo.attach(
            source=poorer.source,
            source_key=poorer.source_key,
            vehicle_id=vehicle.id,
            label=poorer.label,
            sources=list(poorer.sources),
        )
    return outcome


def _preference(source: str) -> int:
    """Higher for a preferred source; an unknown one comes last."""
    order = SOURCE_PREFERENCE
    return len(order) - order.index(source) if source in order else 0


def _rank(vehicle: Vehicle, source: str) -> tuple[tuple[int, ...], int]:
    return richness(vehicle), _preference(source)


def _rank_of(candidate: Candidate) -> tuple[tuple[int, ...], int]:
    return candidate.richness, _preference(candidate.source)
