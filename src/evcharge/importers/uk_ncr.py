"""The UK National Chargepoint Registry's CSV export -> register stations.

One row per charge device, its connectors in repeated column groups `connector1ID` ..
`connector8Validated`, eleven columns each (ID, Type, RatedOutputKW, OutputCurrent,
RatedVoltage, ChargeMethod, ChargeMode, TetheredCable, Status, Description, Validated). The
groups are found by position from each `connectorNID` column: the export's header names the
2nd group's last column `connector3Validated`, so a reader keyed by column name would merge two
columns. What we map:

- **Plugs** by the NCR's connector type names; "3-pin Type G (BS1363)" (a UK domestic socket)
  and the industrial sockets are left out with a note: we have no plug for them.
- **Power** is `RatedOutputKW`; where it is empty, current x voltage (x sqrt 3 for three-phase
  at 400 V line to line). AC or DC comes from `ChargeMethod`.
- **Counts.** Every connector is a charge point: the NCR does not say which connectors of a
  device share one outlet.
- **Status.** Planned devices and connectors are left out (not yet built), unpublished devices
  skipped; out-of-service ones are imported with a note, as Open Charge Map's temporarily
  unavailable POIs are. A device with a `dateDeleted` is a `Removed` record: the station an
  earlier import stored from it is marked removed.
- **Operator** is the device's controller (the network operator), else its owner.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug, group_energy_type
from evcharge.importers.input_text import excerpt
from evcharge.importers.parsed import Removed, Skip
from evcharge.importers.register_fields import (
    Area,
    clean,
    column_positions,
    coordinates,
    csv_header,
    csv_records,
    day_or_note,
    number,
    text_problem,
)
from evcharge.importers.register_sources import UK_NCR
from evcharge.importers.registers import RegisterStation

SOURCE_INFO = UK_NCR  # who publishes it, on what terms (importers/register_sources.py)
WHAT = "a National Chargepoint Registry export (CSV with chargeDeviceID, connector1ID, ...)"

# Great Britain and Northern Ireland, the Scilly Isles and Shetland included.
_UK = Area("the United Kingdom", ((49.8, 61.0, -8.7, 1.8),))
_COLUMNS = (
    "chargeDeviceID",
    "name",
    "latitude",
    "longitude",
    "subBuildingName",
    "buildingName",
    "buildingNumber",
    "thoroughfare",
    "street",
    "dependantLocality",
    "town",
    "postcode",
    "countryCode",
    "deviceOwnerName",
    "deviceControllerName",
    "chargeDeviceStatus",
    "publishStatus",
    "dateCreated",
    "dateUpdated",
    "dateDeleted",
)
# The columns of one connector group, in order, from its `connectorNID` on; the last two
# (Description, Validated) are not read, so their misnamed header does not matter.
_GROUP = ("ID", "Type", "RatedOutputKW", "OutputCurrent", "RatedVoltage", "ChargeMethod")
_GROUP_STATUS = 8  # connectorNStatus, after ChargeMode and TetheredCable
_GROUP_ID = re.compile(r"connector(\d+)ID")
_PLUGS = {
    "type 2 mennekes (iec62196)": Plug.TYPE2,
    "type 2 combo (iec62196) dc": Plug.CCS,
    "jevs g105 (chademo) dc": Plug.CHADEMO,
    "type 2 tesla (iec62196) dc": Plug.TESLA_SUC,
    "type 1 saej1772 (iec 62196)": Plug.TYPE1,
    "type 3 scame (iec62196)": Plug.TYPE3,
}
_KIND = {"dc": EnergyType.DC, "single phase ac": EnergyType.AC, "three phase ac": EnergyType.AC}


def iter_uk_ncr(path: Path) -> Iterator[RegisterStation | Skip]:
    """One RegisterStation or Skip per charge device of an NCR CSV export, streamed.

    Raises InvalidInput when the file is not an NCR export.
    """
    header = csv_header(path, WHAT)
    positions = column_positions(header, _COLUMNS, path, WHAT)
    groups = _connector_groups(header, path)
    seen: set[str] = set()
    for record in csv_records(path, len(header)):
        if isinstance(record, Skip):
            yield record
            continue
        fields = record.fields
        row = {name: fields[i] for name, i in zip(_COLUMNS, positions, strict=True)}
        connectors = [fields[start : start + _GROUP_STATUS + 1] for start in groups]
        label = f"{record.label} (chargeDeviceID {excerpt(clean(row['chargeDeviceID']), 40)})"
        try:
            result = device(row, connectors)
        except ValueError as exc:
            result = f"a field has the wrong value: {excerpt(str(exc))}"
        if isinstance(result, str):
            yield Skip(label, result)
        elif isinstance(result, Removed):
            yield replace(result, record=label)
        elif result.source_key in seen:
            yield Skip(label, f"same chargeDeviceID {result.source_key} again")
        else:
            seen.add(result.source_key)
            yield result


def _connector_groups(header: list[str], path: Path) -> list[int]:
    """Where each connector group starts; InvalidInput when a group's columns are not in the
    NCR's order."""
    starts = []
    for start, name in enumerate(header):
        if (found := _GROUP_ID.fullmatch(name)) is None:
            continue
        expected = [f"connector{found[1]}{part}" for part in _GROUP]
        expected.append(f"connector{found[1]}Status")
        got = [*header[start : start + len(_GROUP)], *header[start + _GROUP_STATUS :][:1]]
        if got != expected:
            raise InvalidInput(
                f"{excerpt(path.name)}: the columns after {name} are not the NCR's connector "
                f"group ({', '.join(expected)})",
                parameter="path",
            )
        starts.append(start)
    if not starts:
        raise InvalidInput(f"{excerpt(path.name)} is not {WHAT}: no connector columns")
    return starts


def device(row: dict[str, str], connectors: list[list[str]]) -> RegisterStation | Removed | str:
    """The station of one device row; a Removed for a device the registry deleted; or why it
    is not one we import. `connectors` holds each group's columns from ID to Status."""
    if (problem := _device_problem(row, connectors)) is not None:
        return problem
    place = coordinates(row["latitude"], row["longitude"], _UK)
    if isinstance(place, str):
        return place
    groups: dict[tuple[Plug, float, EnergyType], int] = defaultdict(int)
    notes = []
    if clean(row["chargeDeviceStatus"]).lower() == "out of service":
        notes.append("the registry lists this device as out of service")
    for group in connectors:
        if not group[0].strip() and not group[1].strip():
            continue  # an unused group: most devices have fewer than 8 connectors
        result = _connector(group)
        name = f"connector {excerpt(clean(group[0]), 20)}"
        if isinstance(result, str):
            notes.append(f"{name} left out: {result}")
        elif result is not None:
            groups[result] += 1
            if number(group[2]) is None:
                notes.append(f"{name}: no RatedOutputKW, {result[1]:g} kW is current x voltage")
    if not groups:
        return "no connector maps to a plug we know: " + "; ".join(notes or ["none listed"])
    updated = day_or_note(row["dateUpdated"], "dateUpdated", notes) or day_or_note(
        row["dateCreated"], "dateCreated", notes
    )
    return RegisterStation(
        source=SOURCE_INFO.source,
        source_key=clean(row["chargeDeviceID"]),
        operator_name=_operator(row),
        name=clean(row["name"])[:300] or clean(row["chargeDeviceID"]),
        address=_address(row)[:500],
        latitude=place[0],
        longitude=place[1],
        country="GB",
        charge_points=tuple((p, kw, k, n, ()) for (p, kw, k), n in sorted(groups.items())),
        updated_on=updated,
        notes=tuple(notes),
    )


def _device_problem(row: dict[str, str], connectors: list[list[str]]) -> Removed | str | None:
    key = clean(row["chargeDeviceID"])
    if not key:
        return "no chargeDeviceID"
    country = clean(row["countryCode"]).upper()
    if country not in {"", "GB", "UK"}:
        return f"country code {excerpt(country, 20)} is not the UK"
    deleted = clean(row["dateDeleted"])
    if deleted not in {"", "n/a"} and not deleted.startswith("0000-00-00"):
        return Removed(key, f"deleted from the registry on {excerpt(deleted, 30)}", key=key)
    if clean(row["publishStatus"]).lower() not in {"", "published"}:
        return f"not published (publishStatus {excerpt(clean(row['publishStatus']), 30)})"
    if clean(row["chargeDeviceStatus"]).lower() == "planned":
        return "planned, not yet built"
    groups = {f"connector{i + 1}": " ".join(group) for i, group in enumerate(connectors)}
    return text_problem({**row, **groups})


def _connector(group: list[str]) -> tuple[Plug, float, EnergyType] | str | None:
    """(plug, kW, AC/DC) of one connector group; why it is left out; None when empty."""
    connector_id, type_name, rated_kw, amps, volts, method = (clean(x) for x in group[:6])
    if not connector_id and not type_name:
        return None
    status = clean(group[_GROUP_STATUS]).lower()
    if status == "planned":
        return "planned, not yet built"
    plug = _PLUGS.get(type_name.lower())
    if plug is None and "bs1363" in type_name.lower():
        return f"{excerpt(type_name, 40)} is a UK domestic socket, which our plugs lack"
    if plug is None:
        return f"type {excerpt(type_name, 40) or '(empty)'} is not a plug we know"
    kind = group_energy_type(plug, _KIND.get(method.lower()))
    power_kw = number(rated_kw) or _power_from(amps, volts, method)
    if power_kw is None or power_kw <= 0:
        return "no power (RatedOutputKW, or OutputCurrent and RatedVoltage)"
    return plug, round(power_kw, 1), kind


def _power_from(amps: str, volts: str, method: str) -> float | None:
    current, voltage = number(amps), number(volts)
    if not current or not voltage:
        return None
    # Three-phase at 400 V is line to line: P = sqrt(3) x U x I.
    factor = math.sqrt(3) if method.lower() == "three phase ac" else 1.0
    return current * voltage * factor / 1000


def _operator(row: dict[str, str]) -> str | None:
    # "*No Controller", "*No Network": the registry's placeholders for none.
    for column in ("deviceControllerName", "deviceOwnerName"):
        name = clean(row[column])
        if name and not name.startswith("*"):
            return name
    return None


def _address(row: dict[str, str]) -> str:
    numbered = " ".join(x for x in (clean(row["buildingNumber"]), clean(row["thoroughfare"])) if x)
    parts = (
        clean(row["subBuildingName"]),
        clean(row["buildingName"]),
        numbered,
        clean(row["street"]),
        clean(row["dependantLocality"]),
        clean(row["town"]),
        clean(row["postcode"]),
    )
    return ", ".join(dict.fromkeys(x for x in parts if x))
