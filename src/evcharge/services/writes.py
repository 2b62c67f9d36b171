"""Writes with optimistic locking (reference §0): `version` must be 1 to create a resource and
the current version + 1 to update it; anything else is a 409 version conflict."""

from __future__ import annotations

from sqlalchemy.orm import Session

from evcharge.core.errors import NotFound, VersionConflict
from evcharge.core.network import Station, Tariff
from evcharge.db.repositories import stations as station_repo
from evcharge.db.repositories import tariffs as tariff_repo
from evcharge.db.repositories.companies import CompanyRepository


def check_version(current: int | None, given: int) -> bool:
    """True when this write creates the resource. Raises VersionConflict on a stale version."""
    expected = 1 if current is None else current + 1
    if given != expected:
        raise VersionConflict()
    return current is None


def _require_companies(session: Session, ids: set[str]) -> None:
    found = {c.id for c in CompanyRepository(session).by_ids(sorted(ids))}
    missing = sorted(ids - found)
    if missing:
        raise NotFound("companies " + ", ".join(missing))


def put_tariff(session: Session, tariff: Tariff, *, version: int) -> bool:
    """Upsert a tariff; True when created."""
    referenced = {tariff.emp_id} | ({tariff.cpo_id} if tariff.cpo_id else set())
    for component in tariff.core.components:
        for restriction in component.restrictions:
            referenced |= set(restriction.cpo_ids or ())
    _require_companies(session, referenced)
    created = check_version(tariff_repo.current_version(session, tariff.id), version)
    tariff_repo.save(session, tariff, version=version)
    return created


def delete_tariff(session: Session, tariff_id: str) -> None:
    if not tariff_repo.delete(session, tariff_id):
        raise NotFound(f"tariff {tariff_id}")


def put_station(session: Session, station: Station, *, version: int) -> bool:
    """Upsert a manually maintained station; True when created."""
    _require_companies(session, {station.operator_id})
    created = check_version(station_repo.current_version(session, station.id), version)
    station_repo.save(session, station, version=version)
    return created
