"""`evcharge import ocm PATH`: Open Charge Map POIs (API v3 compact form) -> stations.

OCM compact POIs carry ids only; `Reference` resolves them. Without a reference file we know
the ids that never change (countries, connection types, provider 1's licence) and nothing else,
so POIs of other data providers are skipped: each provider has its own licence, and some are
non-commercial (data-sources.md §4.1).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug, group_energy_type
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.json_files import format_records, load_json, malformed
from evcharge.importers.ocm_countries import OCM_COUNTRIES
from evcharge.importers.parsed import Parsed, Progress, Removed, Skip, no_progress

SOURCE = "ocm"
ATTRIBUTION = "© Open Charge Map contributors (CC BY 4.0)"

# OCM ConnectionTypeID -> our plug (data-sources.md §4.4). 30 "Tesla (Model S/X)" is the
# North-American Tesla connector: AC at destinations, DC at older Superchargers, so its
# energy type comes from the connection's CurrentTypeID (core/plugs.py group_energy_type: the
# other plugs carry one energy type, whatever CurrentTypeID says).
_PLUGS: dict[int, Plug] = {
    1: Plug.TYPE1,
    2: Plug.CHADEMO,
    25: Plug.TYPE2,
    1036: Plug.TYPE2,
    26: Plug.TYPE3,
    36: Plug.TYPE3,
    27: Plug.TESLA_SUC,
    28: Plug.SCHUKO,
    30: Plug.NACS,
    32: Plug.CCS1,
    33: Plug.CCS,
}
_CURRENT = {10: EnergyType.AC, 20: EnergyType.AC, 30: EnergyType.DC}
_PHASES = {10: 1, 20: 3}
_REMOVED_STATUS = {200: "removed (decommissioned)", 210: "removed (duplicate listing)"}
_PLANNED_STATUS = 150
_PRIVATE_USAGE = {2, 3, 6}
_LIVE_SUBMISSION = {100, 200}
OCM_CONTRIBUTORS = 1  # DataProviderID 1: CC BY 4.0 since the OCM terms of 2022-04-01


@dataclass(frozen=True, slots=True)
class Reference:
    """Titles and licences for OCM ids, from referencedata.json (or our subset of it)."""

    operators: dict[int, str] = field(default_factory=dict)
    connection_types: dict[int, str] = field(default_factory=dict)
    countries: dict[int, str] = field(default_factory=dict)
    # DataProviderID -> (title, licence text, open-data licensed?)
    providers: dict[int, tuple[str, str, bool]] = field(default_factory=dict)

    def country(self, country_id: int) -> str | None:
        return self.countries.get(country_id) or OCM_COUNTRIES.get(country_id)

    def licence_problem(self, provider_id: int) -> str | None:
        """Why a provider's POIs may not be imported, or None when their licence allows it."""
        if provider_id == OCM_CONTRIBUTORS:
            return None
        if provider_id not in self.providers:
            return (
                f"data provider {provider_id} has a licence of its own: pass --reference "
                "with OCM's referencedata.json to check it"
            )
        title, licence, is_open = self.providers[provider_id]
        if not is_open:
            return f"data provider {excerpt(title)} is not open-data licensed"
        if re.search(r"\bNC\b|non-?commercial", licence, re.IGNORECASE):
            return f"data provider {excerpt(title)}'s licence is non-commercial: {licence[:80]}"
        return None


def read_reference(path: Path) -> Reference:
    """OCM's referencedata.json, or shared/data/ocm's reference_subset.json (same keys).

    The messages name the problem and quote at most an excerpt: the file may be anything.
    """
    try:
        doc = load_json(path)
    except InvalidInput as exc:
        raise _not_reference(path, exc.message) from None
    if not isinstance(doc, dict) or "ConnectionTypes" not in doc:
        raise _not_reference(path, "it has no ConnectionTypes list")
    # Its titles become company names: a string the database cannot store fails the import.
    if (problem := unstorable_text(doc)) is not None:
        raise _not_reference(path, problem)
    try:
        return _reference(doc, doc.get("Operators") or doc.get("OperatorsSelection") or [])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _not_reference(path, malformed(exc)) from None


def _not_reference(path: Path, why: str) -> InvalidInput:
    return InvalidInput(
        f"{excerpt(path.name)} is not OCM reference data: {why}", parameter="reference"
    )


def _reference(doc: dict[str, Any], operators: list[dict[str, Any]]) -> Reference:
    return Reference(
        operators={int(o["ID"]): str(o["Title"]) for o in operators},
        connection_types={int(c["ID"]): str(c["Title"]) for c in doc.get("ConnectionTypes", [])},
        countries={int(c["ID"]): str(c["ISOCode"]).upper() for c in doc.get("Countries", [])},
        providers={int(p["ID"]): _provider(p) for p in doc.get("DataProviders", [])},
    )


def _provider(p: dict[str, Any]) -> tuple[str, str, bool]:
    return str(p["Title"]), str(p.get("License") or ""), bool(p.get("IsOpenDataLicensed"))


@dataclass(frozen=True, slots=True)
class PoiRecord:
    """One POI's station data. The operator is OCM's OperatorID and its title."""

    id: int
    operator_id: int
    operator_name: str | None  # None when no reference names it
    name: str
    address: str
    latitude: float
    longitude: float
    country: str  # alpha-2
    charge_points: tuple[tuple[Plug, float, EnergyType, int], ...]
    notes: tuple[str, ...]


def _power_kw(c: dict[str, Any]) -> float | None:
    """PowerKW when given, else volts x amps (x phases for three-phase)."""
    if c.get("PowerKW"):
        return round(float(c["PowerKW"]), 1)
    if not c.get("Voltage") or not c.get("Amps"):
        return None
    volts, amps = float(c["Voltage"]), float(c["Amps"])
    phases = _PHASES.get(int(c.get("CurrentTypeID") or 0), 1)
    # OCM contributors enter 230 V (phase) or 400 V (line-to-line) for three-phase points:
    # P = 3 x U_phase x I = sqrt(3) x U_line x I.
    factor = 3.0 if phases == 3 and volts < 300 else math.sqrt(3) if phases == 3 else 1.0
    return round(volts * amps * factor / 1000, 1)


def _connection(c: dict[str, Any], ref: Reference) -> tuple[Plug, float, EnergyType, int] | str:
    type_id = int(c.get("ConnectionTypeID") or 0)
    plug = _PLUGS.get(type_id)
    if plug is None:
        return f"cannot map connection type {ref.connection_types.get(type_id, type_id)}"
    if int(c.get("StatusTypeID") or 0) in _REMOVED_STATUS:
        return "removed"
    power = _power_kw(c)
    if power is None or power <= 0:
        return "no power (PowerKW, or Voltage and Amps)"
    kind = group_energy_type(plug, _CURRENT.get(int(c.get("CurrentTypeID") or 0)))
    return plug, power, kind, max(int(c.get("Quantity") or 1), 1)


def _removed(doc: dict[str, Any]) -> str | None:
    """Why Open Charge Map marks the POI removed, or None: its status says so (decommissioned,
    or a duplicate listing), or every connection's does (a POI without a connection left)."""
    status = int(doc.get("StatusTypeID") or 0)
    if status in _REMOVED_STATUS:
        return _REMOVED_STATUS[status]
    connections = {int(c.get("StatusTypeID") or 0) for c in doc.get("Connections") or []}
    if connections and connections <= _REMOVED_STATUS.keys():
        return "every connection removed"
    return None


def _poi_problem(doc: dict[str, Any], ref: Reference) -> str | None:
    status = int(doc.get("StatusTypeID") or 0)
    if status == _PLANNED_STATUS:
        return "planned, not yet built"
    submission = doc.get("SubmissionStatusTypeID")
    if submission is not None and int(submission) not in _LIVE_SUBMISSION:
        return f"not live on Open Charge Map (submission status {submission})"
    if int(doc.get("UsageTypeID") or 0) in _PRIVATE_USAGE:
        return "private: not for a public catalogue"
    return ref.licence_problem(int(doc.get("DataProviderID") or 0))


def poi(doc: dict[str, Any], ref: Reference) -> PoiRecord | Removed | str:
    """The record; for a POI that OCM marks removed, a Removed naming it (its station, if one
    was imported, is marked removed); or why the POI cannot be a station."""
    if (gone := _removed(doc)) is not None:
        return Removed(f"OCM-{doc['ID']}", gone, key=str(int(doc["ID"])))
    if (problem := _poi_problem(doc, ref)) is not None:
        return problem
    info = doc.get("AddressInfo") or {}
    country = ref.country(int(info.get("CountryID") or 0))
    if country is None:
        return f"unknown CountryID {excerpt(str(info.get('CountryID')))}"
    try:
        lat, lng = float(info["Latitude"]), float(info["Longitude"])
    except (KeyError, TypeError, ValueError):
        return "coordinates are not numbers"
    counts: dict[tuple[Plug, float, EnergyType], int] = defaultdict(int)
    notes = []
    for c in doc.get("Connections") or []:
        result = _connection(c, ref)
        if isinstance(result, str):
            notes.append(f"connection {excerpt(str(c.get('ID')))} left out: {result}")
            continue
        plug, power, kind, quantity = result
        counts[(plug, power, kind)] += quantity
    if not counts:
        return "no connection maps to a plug we know"
    operator_id = int(doc.get("OperatorID") or 1)  # OCM's own "(Unknown Operator)" is 1
    town = " ".join(str(x) for x in (info.get("Postcode"), info.get("Town")) if x)
    lines = (info.get("AddressLine1"), info.get("AddressLine2"), town)
    address = ", ".join(str(x) for x in lines if x)
    return PoiRecord(
        id=int(doc["ID"]),
        operator_id=operator_id,
        operator_name=ref.operators.get(operator_id),
        name=str(info.get("Title") or info.get("AddressLine1") or f"OCM-{doc['ID']}")[:300],
        address=address[:500],
        latitude=lat,
        longitude=lng,
        country=country,
        charge_points=tuple((p, kw, k, n) for (p, kw, k), n in sorted(counts.items())),
        notes=tuple(notes),
    )


def _not_a_poi(obj: object) -> str | None:
    if isinstance(obj, dict) and "ConnectionTypes" in obj:
        return "OCM reference data: pass it with --reference"
    if not isinstance(obj, dict) or "AddressInfo" not in obj or "ID" not in obj:
        return "not an Open Charge Map POI"
    return None


def read_pois(
    path: Path, reference: Reference | None = None, *, progress: Progress = no_progress
) -> Parsed[PoiRecord]:
    """Raises InvalidInput when `path` holds no POI at all (see `format_records`)."""
    ref = reference or Reference()
    parsed: Parsed[PoiRecord] = Parsed()
    seen: set[int] = set()
    records = format_records(
        path,
        parsed.skipped,
        what="Open Charge Map POI",
        shape_problem=_not_a_poi,
        progress=progress,
    )
    for record, obj in records:
        try:
            result = poi(obj, ref)
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
            result = malformed(exc)
        if isinstance(result, str):
            parsed.skipped.append(Skip(record, result))
        elif isinstance(result, Removed):
            parsed.skipped.append(replace(result, record=record))
        elif result.id in seen:
            parsed.skipped.append(Skip(record, f"same POI OCM-{result.id} again"))
        else:
            seen.add(result.id)
            parsed.records.append(result)
    return parsed
