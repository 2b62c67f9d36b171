"""The US Alternative Fuels Data Center's station export (CSV) -> register stations.

The AFDC station locator's CSV download (afdc.energy.gov/stations; the same fields as NREL's
alt-fuel-stations/v1 API) lists every alternative fuel: only `Fuel Type Code` ELEC rows are
charging stations. What it gives and what we assume:

- **Ports, not plugs.** `EV Level1 EVSE Num`, `EV Level2 EVSE Num` and `EV DC Fast Count` count
  ports (one car each); `EV Connector Types` lists the station's connector types in one cell
  ("CHADEMO J1772COMBO"), not per port. Each port is counted under every listed type of its
  level, as an OCPI EVSE with two connectors counts in both groups; the station's notes say so.
- **No power.** The export has no kW field. We take the SAE J1772 levels at a documented
  default and note it on every station: Level 1 at 1.4 kW (120 V x 12 A, a 15 A outlet's
  continuous load), Level 2 at 7.2 kW (240 V x 30 A, the usual 40 A-circuit public unit; Level
  2 spans about 6 to 19.2 kW), DC fast at 50 kW (the low end of DC fast charging; many are
  faster). The API shows the note; a source with real powers (OCM, OCPI) wins on merging.
- **Plugs.** J1772 -> Type 1 (AC); J1772COMBO -> CCS1; CHADEMO -> CHAdeMO; TESLA -> NACS, DC at
  the "Tesla" network (Superchargers) and wherever the station has DC fast ports, AC at "Tesla
  Destination" and at stations with only Level 1/2 ports. NEMA 5-15/5-20/14-50 outlets are
  left out with a note: we have no plug for them.
- **Status.** E (available) is imported; P (planned) is skipped; T (temporarily unavailable)
  is imported with a note, as Open Charge Map's temporarily unavailable POIs are. Private
  stations (`Access Code` private) are skipped.
- **ZIP codes** that lost their leading zero in a spreadsheet ("2128") get it back; a ZIP that
  is not one ("G9N 0") is left out of the address, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from evcharge.core.plugs import EnergyType, Plug
from evcharge.importers.input_text import excerpt
from evcharge.importers.parsed import Skip
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
from evcharge.importers.register_sources import AFDC
from evcharge.importers.registers import ChargePointRow, RegisterStation

SOURCE_INFO = AFDC  # who publishes it, on what terms (importers/register_sources.py)
WHAT = "an AFDC station export (CSV with Fuel Type Code, EV Connector Types, ...)"

# The AFDC covers the US and its territories (Puerto Rico, Guam, ...) and Canada.
_AREAS = {
    "US": Area(
        "the United States and its territories",
        ((-15.0, 72.0, -180.0, -64.0), (13.0, 21.0, 144.0, 146.5)),
    ),
    "CA": Area("Canada", ((41.6, 83.2, -141.1, -52.6),)),
}
_COLUMNS = (
    "ID",
    "Fuel Type Code",
    "Station Name",
    "Street Address",
    "City",
    "State",
    "ZIP",
    "Status Code",
    "EV Level1 EVSE Num",
    "EV Level2 EVSE Num",
    "EV DC Fast Count",
    "EV Connector Types",
    "EV Network",
    "Latitude",
    "Longitude",
    "Updated At",
)
# Older exports lack these: a missing one reads as empty (Country then means US, and every
# row counts as public, as the export filter of those years made it).
_OPTIONAL = ("Country", "Access Code")
LEVEL1_KW, LEVEL2_KW, DC_FAST_KW = 1.4, 7.2, 50.0
_AC_PLUGS = {"J1772": Plug.TYPE1}
_DC_PLUGS = {"J1772COMBO": Plug.CCS1, "CHADEMO": Plug.CHADEMO}
_PLUG_NAMES = {Plug.TYPE1: "J1772", Plug.CCS1: "CCS1", Plug.CHADEMO: "CHAdeMO", Plug.NACS: "NACS"}
_NO_PLUG = re.compile(r"NEMA\d+")
_ZIP = re.compile(r"\d{5}(-\d{4})?")


def iter_afdc(path: Path) -> Iterator[RegisterStation | Skip]:
    """One RegisterStation or Skip per data row of an AFDC CSV export, streamed.

    Raises InvalidInput when the file is not an AFDC export (its header lacks our columns).
    """
    header = csv_header(path, WHAT)
    positions = column_positions(header, _COLUMNS, path, WHAT)
    optional = {name: header.index(name) for name in _OPTIONAL if name in header}
    seen: set[str] = set()
    for record in csv_records(path, len(header)):
        if isinstance(record, Skip):
            yield record
            continue
        row = {name: record.fields[i] for name, i in zip(_COLUMNS, positions, strict=True)}
        row |= {
            name: record.fields[optional[name]] if name in optional else "" for name in _OPTIONAL
        }
        label = f"{record.label} (ID {excerpt(clean(row['ID']), 20)})"
        try:
            result = station(row)
        except ValueError as exc:
            result = f"a field has the wrong value: {excerpt(str(exc))}"
        if isinstance(result, str):
            yield Skip(label, result)
        elif result.source_key in seen:
            yield Skip(label, f"same AFDC ID {result.source_key} again")
        else:
            seen.add(result.source_key)
            yield result


def station(row: dict[str, str]) -> RegisterStation | str:
    """The station of one export row (columns by name), or why it is not one we import."""
    if (problem := _row_problem(row)) is not None:
        return problem
    country = clean(row["Country"]).upper() or "US"
    if country not in _AREAS:
        return f"country {excerpt(country, 20)} is not one the AFDC covers (US, CA)"
    place = coordinates(row["Latitude"], row["Longitude"], _AREAS[country])
    if isinstance(place, str):
        return place
    charge_points, notes = _charge_points(row)
    if not charge_points:
        return "no port maps to a plug we know: " + "; ".join(notes)
    if clean(row["Status Code"]).upper() == "T":
        notes.insert(0, "the AFDC lists this station as temporarily unavailable")
    address, zip_note = _address(row, country)
    if zip_note:
        notes.append(zip_note)
    network = clean(row["EV Network"])
    updated = day_or_note(row["Updated At"], "Updated At", notes)
    return RegisterStation(
        source=SOURCE_INFO.source,
        source_key=clean(row["ID"]),
        operator_name=network if network and network != "Non-Networked" else None,
        name=clean(row["Station Name"])[:300] or f"AFDC {clean(row['ID'])}",
        address=address[:500],
        latitude=place[0],
        longitude=place[1],
        country=country,
        charge_points=charge_points,
        updated_on=updated,
        notes=tuple(notes),
    )


def _row_problem(row: dict[str, str]) -> str | None:
    fuel = clean(row["Fuel Type Code"]).upper()
    if fuel != "ELEC":
        return f"fuel type {excerpt(fuel, 20) or '(empty)'}, not electric charging"
    if not clean(row["ID"]):
        return "no ID"
    status = clean(row["Status Code"]).upper()
    if status == "P":
        return "planned, not yet built (Status Code P)"
    if status not in {"E", "T"}:
        return f"status code {excerpt(status, 20) or '(empty)'} is not E, P or T"
    if clean(row["Access Code"]).lower() == "private":
        return "private: not for a public catalogue"
    return text_problem(row)


def _ports(text: str, column: str) -> int:
    value = number(text)
    if value is None:
        return 0
    if value < 0 or value != int(value):
        raise ValueError(f"{column} {excerpt(text, 20)} is not a count of ports")
    return int(value)


def _charge_points(row: dict[str, str]) -> tuple[tuple[ChargePointRow, ...], list[str]]:
    level1 = _ports(row["EV Level1 EVSE Num"], "EV Level1 EVSE Num")
    level2 = _ports(row["EV Level2 EVSE Num"], "EV Level2 EVSE Num")
    dc_fast = _ports(row["EV DC Fast Count"], "EV DC Fast Count")
    ac_plugs, dc_plugs, notes = _plugs(row, has_ac=level1 + level2 > 0, has_dc=dc_fast > 0)
    rows: list[ChargePointRow] = []
    levels = (
        ("Level 1", level1, LEVEL1_KW, ac_plugs, EnergyType.AC),
        ("Level 2", level2, LEVEL2_KW, ac_plugs, EnergyType.AC),
        ("DC fast", dc_fast, DC_FAST_KW, dc_plugs, EnergyType.DC),
    )
    assumed = []
    for level, ports, power_kw, plugs, kind in levels:
        if ports == 0:
            continue
        if not plugs:
            notes.append(f"{ports} {level} port(s) left out: the station lists no plug for them")
            continue
        rows.extend((plug, power_kw, kind, ports, ()) for plug in plugs)
        assumed.append(f"{level} at {power_kw:g} kW")
        if len(plugs) > 1:
            shown = [_PLUG_NAMES[p] for p in plugs]
            names = f"{', '.join(shown[:-1])} and {shown[-1]}"
            notes.append(
                f"the AFDC lists connector types per station, not per port: each of the "
                f"{ports} {level} port(s) is counted under {names}"
            )
    if assumed:
        notes.insert(0, f"the AFDC gives no power: assumed {', '.join(assumed)}")
    return tuple(sorted(rows)), notes


def _plugs(
    row: dict[str, str], *, has_ac: bool, has_dc: bool
) -> tuple[list[Plug], list[Plug], list[str]]:
    ac: list[Plug] = []
    dc: list[Plug] = []
    notes = []
    network = clean(row["EV Network"])
    for name in dict.fromkeys(clean(row["EV Connector Types"]).upper().split()):
        if name in _AC_PLUGS:
            ac.append(_AC_PLUGS[name])
        elif name in _DC_PLUGS:
            dc.append(_DC_PLUGS[name])
        elif name in {"TESLA", "NACS"}:
            tesla_dc = network == "Tesla" or (has_dc and network != "Tesla Destination")
            (dc if tesla_dc else ac).append(Plug.NACS)
            if has_ac and has_dc and network not in {"Tesla", "Tesla Destination"}:
                notes.append(
                    "NACS (TESLA) taken as DC fast: the station has both Level 2 and DC fast ports"
                )
        elif _NO_PLUG.fullmatch(name):
            notes.append(f"connector type {name} left out: we have no plug for NEMA outlets")
        else:
            notes.append(f"connector type {excerpt(name, 30)} left out: not one we know")
    return ac, dc, notes


def _address(row: dict[str, str], country: str) -> tuple[str, str | None]:
    """ "Street, City, State ZIP", and a note when the ZIP had to be mended or left out."""
    zip_code, note = clean(row["ZIP"]), None
    if country == "US" and zip_code:
        if zip_code.isdigit() and 3 <= len(zip_code) < 5:
            zip_code = zip_code.zfill(5)  # a spreadsheet read it as a number
        elif not _ZIP.fullmatch(zip_code):
            note = f"ZIP {excerpt(zip_code, 20)} is not a US ZIP code: left out of the address"
            zip_code = ""
    region = " ".join(x for x in (clean(row["State"]), zip_code) if x)
    parts = (clean(row["Street Address"]), clean(row["City"]), region)
    return ", ".join(x for x in parts if x), note
