"""Writes with optimistic locking (reference §0): `version` must be 1 to create a resource and
the current version + 1 to update it; anything else is a 409 version conflict.

The check is the write itself (an INSERT that must not find the id, an UPDATE of the row at
`version - 1`), so of two requests racing for the same version exactly one wins.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sqlalchemy.orm import Session

from evcharge.core.errors import Conflict, InvalidInput, NotFound, VersionConflict
from evcharge.core.network import Station, Tariff
from evcharge.db.repositories import stations as station_repo
from evcharge.db.repositories import tariffs as tariff_repo
from evcharge.db.repositories.companies import CompanyRepository


def write_versioned(version: int, create: Callable[[], bool], update: Callable[[], bool]) -> bool:
    """Create at version 1, else update; True when created. Each callable reports whether its
    conditional write changed a row; one that did not means the version was stale (409)."""
    created = version == 1
    if not (create() if created else update()):
        raise VersionConflict()
    return created


def _require_companies(session: Session, ids: set[str]) -> None:
    found = {c.id for c in CompanyRepository(session).by_ids(sorted(ids))}
    missing = sorted(ids - found)
    if missing:
        raise NotFound("companies " + ", ".join(missing))


def _refuse_repeated_evse_ids(station: Station) -> None:
    """An EVSE id names one charge point of one station (it is how a station is looked up)."""
    counts = Counter(evse for group in station.charge_points for evse in group.evse_ids)
    repeated = sorted(evse for evse, n in counts.items() if n > 1)
    if repeated:
        raise InvalidInput(
            "EVSE ids are given more than once: " + ", ".join(repeated)[:200],
            pointer="/data/attributes/charge_points",
        )


def put_tariff(session: Session, tariff: Tariff, *, version: int) -> bool:
    """Upsert a tariff; True when created."""
    referenced = {tariff.emp_id} | ({tariff.cpo_id} if tariff.cpo_id else set())
    for component in tariff.core.components:
        for restriction in component.restrictions:
            referenced |= set(restriction.cpo_ids or ())
    _require_companies(session, referenced)
    return write_versioned(
        version,
        lambda: tariff_repo.create(session, tariff),
        lambda: tariff_repo.update(session, tariff, version=version),
    )


def delete_tariff(session: Session, tariff_id: str) -> None:
    if not tariff_repo.delete(session, tariff_id):
        raise NotFound(f"tariff {tariff_id}")


def put_station(session: Session, station: Station, *, version: int) -> bool:
    """Upsert a manually maintained station; True when created."""
    _require_companies(session, {station.operator_id})
    _refuse_repeated_evse_ids(station)
    created = write_versioned(
        version,
        lambda: station_repo.create(session, station),
        lambda: station_repo.update(session, station, version=version),
    )
    taken = station_repo.claim_evses(session, station)
    if taken:  # the request's transaction rolls back: the station is not written either
        raise Conflict("EVSE ids belong to another station: " + ", ".join(sorted(taken))[:200])
    return created
