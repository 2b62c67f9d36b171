"""`evcharge import ocpi-locations PATH`: OCPI 2.2.1 Location objects -> stations.

Connectors map to our plugs by standard and power type; EVSEs with the same plug and power form
one charge point group. A connector we cannot map is left out with a message; a location left
with no charge point, or without coordinates or a known country, is skipped with the reason.
A location whose EVSEs are all REMOVED is a `Removed` record: the station an earlier import or
push stored from it is marked removed.

When writing (services/ocpi_import.py, services/import_storable.py):

- An EVSE id names one station (a station is found by it). When a location lists an EVSE id
  that another station holds already, from an earlier location of the file or an earlier
  import, the first one keeps it: the later station is imported without that id, with a
  note, and its charge point still counts. Skipping the whole location would lose a real
  station for one bad id, and re-importing the same file changes nothing. An EVSE id longer
  than the database stores is left out the same way.
- A location with any other value longer than its column (parking_type, an id that makes the
  source key too long, a party id too long for its company's key) is skipped with the field
  named, before its company or station is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from evcharge.core.ocpi.zones import ALPHA3_TO_ALPHA2
from evcharge.core.plugs import EnergyType, Plug, group_energy_type
from evcharge.importers.input_text import excerpt
from evcharge.importers.json_files import format_records, malformed
from evcharge.importers.parsed import Parsed, Progress, Removed, Skip, no_progress

SOURCE = "ocpi"

# (OCPI ConnectorType, DC?) -> our plug. OCPI's CCS standards are IEC_62196_T2_COMBO (CCS2)
# and IEC_62196_T1_COMBO (CCS1); DOMESTIC_F is Schuko.
_PLUGS: dict[str, Plug] = {
    "IEC_62196_T2": Plug.TYPE2,
    "IEC_62196_T2_COMBO": Plug.CCS,
    "IEC_62196_T1": Plug.TYPE1,
    "IEC_62196_T1_COMBO": Plug.CCS1,
    "IEC_62196_T3A": Plug.TYPE3,
    "IEC_62196_T3C": Plug.TYPE3,
    "CHADEMO": Plug.CHADEMO,
    "DOMESTIC_F": Plug.SCHUKO,
    "TESLA_S": Plug.TESLA_SUC,
    "NEMA_5_20": Plug.TYPE1,
}
_PHASES = {"AC_1_PHASE": 1, "AC_2_PHASE": 2, "AC_2_PHASE_SPLIT": 2, "AC_3_PHASE": 3, "DC": 0}


@dataclass(frozen=True, slots=True)
class LocationRecord:
    """One location's station data; the operator is the OCPI party (CC*PTY) and its name."""

    key: str  # CC*PTY*id, the OCPI identity
    party: tuple[str, str]
    operator_name: str | None
    name: str
    address: str
    latitude: float
    longitude: float
    country: str  # alpha-2
    parking_type: str | None
    charge_points: tuple[tuple[Plug, float, EnergyType, int, tuple[str, ...]], ...]
    notes: tuple[str, ...]


def _power_kw(c: dict[str, Any]) -> float | None:
    """max_electric_power (W) when given, else voltage x amperage x phases (DC: x 1)."""
    if c.get("max_electric_power"):
        return round(float(c["max_electric_power"]) / 1000, 1)
    phases = _PHASES.get(str(c.get("power_type")))
    if phases is None or not c.get("max_voltage") or not c.get("max_amperage"):
        return None
    # OCPI gives line-to-neutral voltage for AC: P = U x I x phases.
    return round(float(c["max_voltage"]) * float(c["max_amperage"]) * max(phases, 1) / 1000, 1)


def _key(doc: dict[str, Any]) -> str:
    """The location's OCPI identity, CC*PTY*id (LocationRecord.key)."""
    return f"{str(doc['country_code']).upper()}*{str(doc['party_id']).upper()}*{doc['id']}"


def _removed(doc: dict[str, Any]) -> str | None:
    """Why the location is removed, or None. OCPI deletes nothing: a CPO removes an EVSE by
    setting its status to REMOVED, and "a Location without any valid EVSE object can be
    considered expired and should no longer be displayed" (OCPI 2.2.1, mod_locations, Flow and
    Lifecycle). A location that lists no EVSE at all may not have been given them yet."""
    evses = doc.get("evses") or []
    if evses and all(evse.get("status") == "REMOVED" for evse in evses):
        return "every EVSE is REMOVED"
    return None


def location(doc: dict[str, Any]) -> LocationRecord | Removed | str:
    """The record; for a location whose EVSEs are all removed, a Removed naming it (its
    station, if one was imported, is marked removed); or why the location cannot be a station."""
    gone = _removed(doc)
    if gone is not None and all(doc.get(f) for f in ("country_code", "party_id", "id")):
        return Removed(_key(doc), gone, key=_key(doc))
    if doc.get("publish") is False:
        return "not published (publish: false): not for a public catalogue"
    for field in ("country_code", "party_id", "id", "coordinates", "country"):
        if not doc.get(field):
            return f"missing {field}"
    country = ALPHA3_TO_ALPHA2.get(str(doc["country"]).upper())
    if country is None:
        shown = excerpt(str(doc["country"]))
        return f"country {shown} is not one we map (ISO 3166 alpha-3 in Europe)"
    try:
        lat, lng = float(doc["coordinates"]["latitude"]), float(doc["coordinates"]["longitude"])
    except (KeyError, TypeError, ValueError):
        return "coordinates are not numbers"
    groups: dict[tuple[Plug, float, EnergyType], list[str]] = defaultdict(list)
    notes = []
    for evse in doc.get("evses") or []:
        if evse.get("status") == "REMOVED":
            continue
        seen: set[tuple[Plug, float, EnergyType]] = set()
        for c in evse.get("connectors") or []:
            plug, power = _PLUGS.get(str(c.get("standard"))), _power_kw(c)
            if plug is None or power is None or power <= 0:
                what = excerpt(str(c.get("standard"))) if plug is None else "its power"
                evse_name = excerpt(str(evse.get("evse_id") or evse.get("uid")))
                connector = excerpt(str(c.get("id")))
                notes.append(f"EVSE {evse_name}: connector {connector} left out: cannot map {what}")
                continue
            # Only a plug that carries both (NACS) takes the operator's word for AC or DC.
            stated = EnergyType.DC if c.get("power_type") == "DC" else EnergyType.AC
            kind = group_energy_type(plug, stated)
            group = (plug, power, kind)
            if group not in seen:  # an EVSE charges one car: count it once per group
                seen.add(group)
                groups[group].append(str(evse.get("evse_id") or evse.get("uid")))
    if not groups:
        return "no connector maps to a plug we know"
    counts = Counter({g: len(ids) for g, ids in groups.items()})
    address = ", ".join(
        str(x) for x in (doc.get("address"), doc.get("postal_code"), doc.get("city")) if x
    )
    operator = doc.get("operator") or {}
    return LocationRecord(
        key=_key(doc),
        party=(str(doc["country_code"]).upper(), str(doc["party_id"]).upper()),
        operator_name=operator.get("name"),
        name=str(doc.get("name") or doc.get("address") or doc["id"])[:300],
        address=address[:500],
        latitude=lat,
        longitude=lng,
        country=country,
        parking_type=doc.get("parking_type"),
        charge_points=tuple(
            (plug, power, kind, counts[(plug, power, kind)], tuple(groups[(plug, power, kind)]))
            for plug, power, kind in sorted(groups)
        ),
        notes=tuple(notes),
    )


def _not_a_location(obj: object) -> str | None:
    if isinstance(obj, dict) and ("evses" in obj or "coordinates" in obj):
        return None
    return "not an OCPI Location"


def read_locations(path: Path, *, progress: Progress = no_progress) -> Parsed[LocationRecord]:
    """Raises InvalidInput when `path` holds no Location at all (see `format_records`)."""
    parsed: Parsed[LocationRecord] = Parsed()
    seen: set[str] = set()
    records = format_records(
        path, parsed.skipped, what="OCPI Location", shape_problem=_not_a_location, progress=progress
    )
    for record, obj in records:
        try:
            result = location(obj)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            result = malformed(exc)
        if isinstance(result, str):
            parsed.skipped.append(Skip(record, result))
        elif isinstance(result, Removed):
            parsed.skipped.append(replace(result, record=record))
        elif result.key in seen:
            parsed.skipped.append(Skip(record, f"same location {result.key} again"))
        else:
            seen.add(result.key)
            parsed.records.append(result)
    return parsed
