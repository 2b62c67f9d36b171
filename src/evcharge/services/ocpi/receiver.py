"""The Receiver interface: a registered CPO pushes its Locations and Tariffs.

Each push is checked as `evcharge import ocpi-…` checks a file, then stored through the same
mapping (services/imports/ocpi.py): a location becomes a station of the CPO's company, a
tariff one of its tariffs, priced by the OCPI engine. The whole object is also kept, so a
PATCH merges into what was pushed last and GET answers it. Pushing the same twice changes
nothing (upserts by OCPI identity). OCPI deletes nothing: a location whose EVSEs are all REMOVED
marks its station removed, and one with an EVSE back in service is listed again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from evcharge.codecs.ocpi_json import parse_tariff
from evcharge.core.errors import InvalidInput
from evcharge.core.ids import stable_uuid
from evcharge.db.base import utcnow
from evcharge.db.repositories import tariffs as tariff_rows
from evcharge.db.repositories.ocpi import OcpiObjectRepository
from evcharge.importers.ocpi_locations import SOURCE as OCPI_SOURCE
from evcharge.importers.ocpi_locations import LocationRecord
from evcharge.importers.ocpi_locations import location as location_record
from evcharge.importers.parsed import Parsed, Removed
from evcharge.services.imports.ocpi import import_ocpi_locations, import_ocpi_tariffs
from evcharge.services.imports.station_merge import (
    EvseClaims,
    location_key,
    merge_after_import,
    record_evse_ids,
)
from evcharge.services.ocpi.errors import (
    Forbidden,
    InvalidParameters,
    UnknownLocation,
    UnknownObject,
)
from evcharge.services.ocpi.parties import Caller

LOCATION, TARIFF = "location", "tariff"


def owned(caller: Caller, ids: tuple[str, str, str]) -> tuple[str, str, str]:
    """A CPO writes only under its own country code and party id. OCPI ids are CiStrings
    (case-insensitive): all three are kept upper-case, so `t1` and `T1` are one object."""
    party = caller.party
    if party.role != "CPO":
        raise Forbidden(
            "only a CPO pushes locations and tariffs; you are registered as " + party.role
        )
    cc, pid = ids[0].upper(), ids[1].upper()
    if (cc, pid) != (party.country_code, party.party_id):
        raise Forbidden(
            f"you are {party.country_code}*{party.party_id}: "
            f"you cannot write under {cc[:2]}*{pid[:3]}"
        )
    if not 1 <= len(ids[2]) <= 36:
        raise InvalidParameters("an OCPI id is 1 to 36 characters (CiString(36))")
    return cc, pid, ids[2].upper()


def without_nulls(value: Any) -> Any:
    """`null` for an optional field means absent: many implementations send every field."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def _object(doc: object, what: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise InvalidParameters(f"the body must be an OCPI {what} object")
    return dict(without_nulls(doc))


def _same_identity(doc: dict[str, Any], cc: str, pid: str, object_id: str, what: str) -> None:
    """The body's country_code, party_id and id, when given, must be the URL's."""
    for field, expected in (("country_code", cc), ("party_id", pid), ("id", object_id)):
        given = doc.get(field)
        if given is not None and str(given).upper() != expected.upper():
            raise InvalidParameters(f"the {what}'s {field} {str(given)[:40]!r} is not the URL's")


def _apply_location(session: Session, doc: dict[str, Any]) -> tuple[datetime, EvseClaims] | None:
    """Store the location's station, or mark it removed when every EVSE is REMOVED (a location
    we never stored is refused); what the merge pass needs when anything changed."""
    record = location_record(doc)
    if isinstance(record, str):
        raise InvalidParameters(f"location {str(doc.get('id'))[:40]}: {record}")
    since = utcnow()
    claims = EvseClaims(session, OCPI_SOURCE)
    if isinstance(record, Removed):
        parsed: Parsed[LocationRecord] = Parsed(skipped=[record])
    else:
        claims.note([record], location_key, record_evse_ids)
        parsed = Parsed(records=[record])
    report = import_ocpi_locations(session, parsed)["stations"]
    if report.skipped:
        raise InvalidParameters(f"location {record.key[:60]}: {report.skipped[0].reason}")
    changed = report.created or report.updated or report.removed or claims.found
    return (since, claims) if changed else None


def put_location(
    session: Session, caller: Caller, ids: tuple[str, str, str], body: object,
    evse_uid: str | None = None, connector_id: str | None = None,
) -> None:  # fmt: skip
    """PUT a whole Location, or one EVSE (or connector) of a Location pushed before."""
    cc, pid, location_id = owned(caller, ids)
    doc = _object(body, "Location" if evse_uid is None else "EVSE or Connector")
    objects = OcpiObjectRepository(session)
    if evse_uid is not None:
        stored = objects.get(LOCATION, cc, pid, location_id)
        if stored is None:
            raise UnknownLocation(f"push location {location_id[:40]} before its EVSEs")
        doc = _with_part(stored, evse_uid, connector_id, doc, replace_part=True)
    else:
        _same_identity(doc, cc, pid, location_id, "location")
        doc = {**doc, "country_code": cc, "party_id": pid, "id": location_id}
    store_location(session, cc, pid, location_id, doc)


def store_location(
    session: Session, cc: str, pid: str, location_id: str, doc: dict[str, Any]
) -> None:
    """Check, map and store one Location of party cc*pid (a push, or a page of a sync)."""
    doc = {**without_nulls(doc), "country_code": cc, "party_id": pid, "id": location_id}
    try:
        changed = _apply_location(session, doc)
    except (TypeError, AttributeError, KeyError, ValueError) as exc:
        raise InvalidParameters(
            f"location {location_id[:40]}: malformed ({type(exc).__name__})"
        ) from None
    if changed is not None:  # outside the try: a fault of ours is no malformed location
        # One physical station from several sources is one station (core/station_matching.py).
        merge_after_import(session, OCPI_SOURCE, *changed)
    OcpiObjectRepository(session).put(LOCATION, cc, pid, location_id, doc)


def patch_location(
    session: Session, caller: Caller, ids: tuple[str, str, str], body: object,
    evse_uid: str | None = None, connector_id: str | None = None,
) -> None:  # fmt: skip
    """Merge the fields given into the Location (or EVSE, or connector) pushed before."""
    cc, pid, location_id = owned(caller, ids)
    fields = _object(body, "partial Location")
    stored = OcpiObjectRepository(session).get(LOCATION, cc, pid, location_id)
    if stored is None:
        raise UnknownLocation(f"no location {location_id[:40]} to patch: PUT it first")
    if evse_uid is None:
        _same_identity(fields, cc, pid, location_id, "location")
        doc = {**stored, **fields}
    else:
        doc = _with_part(stored, evse_uid, connector_id, fields, replace_part=False)
    store_location(session, cc, pid, location_id, doc)


def _merged(old: dict[str, Any] | None, new: dict[str, Any], replace_part: bool) -> dict[str, Any]:
    return dict(new) if replace_part or old is None else {**old, **new}


def _with_part(
    stored: dict[str, Any], evse_uid: str, connector_id: str | None, part: dict[str, Any],
    *, replace_part: bool,
) -> dict[str, Any]:  # fmt: skip
    """`stored` with one EVSE (or one connector of it) put or merged."""
    evses = [dict(e) for e in stored.get("evses") or [] if isinstance(e, dict)]
    found = next((e for e in evses if e.get("uid") == evse_uid), None)
    if connector_id is None:
        new = _merged(found, {**part, "uid": evse_uid}, replace_part)
    else:
        if found is None:
            raise UnknownObject(f"no EVSE {evse_uid[:40]} in this location: PUT it first")
        connectors = [dict(c) for c in found.get("connectors") or [] if isinstance(c, dict)]
        old = next((c for c in connectors if c.get("id") == connector_id), None)
        connector = _merged(old, {**part, "id": connector_id}, replace_part)
        kept = [c for c in connectors if c.get("id") != connector_id]
        new = {**found, "connectors": [*kept, connector]}
    if found is None and not replace_part:
        raise UnknownObject(f"no EVSE {evse_uid[:40]} in this location to patch: PUT it first")
    return {**stored, "evses": [*(e for e in evses if e.get("uid") != evse_uid), new]}


def put_tariff(session: Session, caller: Caller, ids: tuple[str, str, str], body: object) -> None:
    cc, pid, tariff_id = owned(caller, ids)
    doc = _object(body, "Tariff")
    _same_identity(doc, cc, pid, tariff_id, "tariff")
    store_tariff(session, cc, pid, tariff_id, doc)


def store_tariff(session: Session, cc: str, pid: str, tariff_id: str, doc: dict[str, Any]) -> None:
    """Check, map and store one Tariff of party cc*pid (a push, or a page of a sync)."""
    doc = {**without_nulls(doc), "country_code": cc, "party_id": pid, "id": tariff_id}
    try:
        tariff = parse_tariff(doc)
    except InvalidInput as exc:
        raise InvalidParameters(exc.message) from None
    report = import_ocpi_tariffs(session, Parsed(records=[tariff]))["tariffs"]
    if report.skipped:
        raise InvalidParameters(f"tariff {tariff_id[:40]}: {report.skipped[0].reason}")
    OcpiObjectRepository(session).put(TARIFF, cc, pid, tariff_id, doc)


def delete_tariff(session: Session, caller: Caller, ids: tuple[str, str, str]) -> None:
    """Idempotent: deleting a tariff that is gone already succeeds."""
    cc, pid, tariff_id = owned(caller, ids)
    OcpiObjectRepository(session).delete(TARIFF, cc, pid, tariff_id)
    tariff_rows.delete(session, stable_uuid("ocpi-tariff", f"{cc}*{pid}*{tariff_id}"))


def pushed(
    session: Session, caller: Caller, kind: str, ids: tuple[str, str, str],
    evse_uid: str | None = None, connector_id: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """What the CPO pushed last (the Receiver's GET)."""
    cc, pid, object_id = owned(caller, ids)
    doc = OcpiObjectRepository(session).get(kind, cc, pid, object_id)
    if doc is None:
        missing = UnknownLocation if kind == LOCATION else UnknownObject
        raise missing(f"no {kind} {object_id[:40]} pushed by {cc}*{pid}")
    if evse_uid is None:
        return doc
    evse = next((e for e in doc.get("evses") or [] if e.get("uid") == evse_uid), None)
    if evse is None:
        raise UnknownObject(f"no EVSE {evse_uid[:40]} in location {object_id[:40]}")
    if connector_id is None:
        return dict(evse)
    connector = next((c for c in evse.get("connectors") or [] if c.get("id") == connector_id), None)
    if connector is None:
        raise UnknownObject(f"no connector {connector_id[:40]} in EVSE {evse_uid[:40]}")
    return dict(connector)
