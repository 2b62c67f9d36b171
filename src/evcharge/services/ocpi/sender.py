"""The Sender interface of Locations and Tariffs: pages by last update, and single objects.

Pages are read in SQL (db/repositories/ocpi.py), so a list costs the same at any table size.
Tariffs served are those held as OCPI Tariffs (imported, pushed or pulled): our own
Chargeprice-model tariffs depend on the charge point, so they are served one connector at
a time by GET /v1/tariffs/{id}/ocpi instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from evcharge.codecs.ocpi_json import dump_tariff
from evcharge.core.network import Tariff
from evcharge.db.repositories import ocpi as repo
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.services.ocpi.errors import UnknownLocation, UnknownObject
from evcharge.services.ocpi.identity import Identity
from evcharge.services.ocpi.locations_out import location, ocpi_time

MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    next_offset: int | None


def _page(items: list[dict[str, Any]], total: int, w: repo.Window) -> Page:
    more = w.offset + len(items) < total and bool(items)
    return Page(items, total, w.limit, w.offset + w.limit if more else None)


def locations_page(session: Session, w: repo.Window, us: Identity) -> Page:
    found, total = repo.stations_page(session, w)
    companies = {c.id: c for c in CompanyRepository(session).by_ids(
        sorted({s.operator_id for s, _ in found})
    )}  # fmt: skip
    ours = (us.country_code, us.party_id)
    items = [location(s, at, companies.get(s.operator_id), ours) for s, at in found]
    return _page(items, total, w)


def one_location(session: Session, location_id: str, us: Identity) -> dict[str, Any]:
    """One Location by id. A station merged into another (migration 0010) is no Location of
    its own, as in the list: 2003 Unknown Location, naming the Location that holds it now.
    OCPI's GET Object answers "the requested object", and a Location's id never changes, so
    the canonical Location is not served under the merged-away id (as /v1 does)."""
    found = repo.station_with_update(session, location_id)
    if found is None:
        raise UnknownLocation(f"no location {location_id[:40]!r}")
    station, at, canonical = found
    if canonical is not None:
        raise UnknownLocation(f"location {location_id[:40]!r} was merged into {canonical!r}")
    companies = CompanyRepository(session).by_ids([station.operator_id])
    return location(
        station, at, companies[0] if companies else None, (us.country_code, us.party_id)
    )


def evse_of(doc: dict[str, Any], evse_uid: str) -> dict[str, Any]:
    for evse in doc["evses"]:
        if evse["uid"] == evse_uid:
            return dict(evse)
    raise UnknownObject(f"location {doc['id']} has no EVSE {evse_uid[:40]!r}")


def connector_of(evse: dict[str, Any], connector_id: str) -> dict[str, Any]:
    for connector in evse["connectors"]:
        if connector["id"] == connector_id:
            return dict(connector)
    raise UnknownObject(f"EVSE {evse['uid']} has no connector {connector_id[:40]!r}")


def tariff_doc(tariff: Tariff, updated_at: Any, us: Identity) -> dict[str, Any]:
    assert tariff.ocpi is not None
    t = tariff.ocpi
    # Test vectors and hand-written files may leave out whose a tariff is: then it is ours.
    t = replace(
        t, country_code=t.country_code or us.country_code, party_id=t.party_id or us.party_id
    )
    # Served under our id, the one GET .../tariffs/{id} and /v1 know it by.
    return {**dump_tariff(t), "id": tariff.id, "last_updated": ocpi_time(updated_at)}


def tariffs_page(session: Session, w: repo.Window, us: Identity) -> Page:
    found, total = repo.ocpi_tariffs_page(session, w)
    return _page([tariff_doc(t, at, us) for t, at in found], total, w)


def one_tariff(session: Session, tariff_id: str, us: Identity) -> dict[str, Any]:
    found = repo.ocpi_tariff(session, tariff_id)
    if found is None:
        raise UnknownObject(f"no OCPI tariff {tariff_id[:40]!r}")
    return tariff_doc(*found, us)
