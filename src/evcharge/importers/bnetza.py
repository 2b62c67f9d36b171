"""Germany's Bundesnetzagentur charging register (Ladesäulenregister, XLSX) -> RegisterStations.

One station per register row: the register lists charging devices (Ladeeinrichtungen), and
identical devices at one site are separate rows. Each of a row's charge points (Ladepunkte,
4 or 6 column groups) lists its plug types and its power; a point with two plug types counts
once under each, as an OCPI EVSE with two connectors does (importers/ocpi_locations.py).

Layouts read (the header row is found by its names, not its position, after the preamble):
- until 2023: 26 columns, `Steckertypen1..4`, `P1..4 [kW]`, `Anschlussleistung`, no ids;
- 2024: 33 columns, `Anzeigename (Karte)`, `Nennleistung Ladeeinrichtung [kW]`, 6 points;
- 2025 on: `Ladeeinrichtungs-ID`, `Nennleistung Stecker1..6`, `EVSE-ID1..6` (shared/reference
  data-sources.md §4.2); the id becomes the source key and the EVSE ids are kept.

The files hold text coordinates with decimal commas (one with a trailing dot), non-breaking
spaces, line breaks inside cells, whole-degree placeholder coordinates and points with a
power but no plug (or the reverse); see shared/data/bnetza/PROVENANCE.md. Every cell passes
through `_text` or `_number`, and every row left out or changed says why.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug, energy_type
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.parsed import Skip
from evcharge.importers.register_sources import BNETZA
from evcharge.importers.registers import ChargePointRow, RegisterStation

SOURCE_INFO = BNETZA  # who publishes it, on what terms (importers/register_sources.py)

# Plug texts, lower-cased with single spaces, of every vintage seen: 2022 ("AC Steckdose Typ 2"),
# 2024 ("AC Typ 2 Steckdose") and the current names in data-sources.md §4.2. "Kupplung" is a
# tethered cable. "DC Kupplung Tesla Typ 2" is Tesla's European Supercharger (DC over a Type 2
# connector). CEE industrial sockets and a bare "Tesla" (AC or DC?) have no plug of ours.
_PLUGS: dict[str, Plug] = {
    "ac steckdose typ 2": Plug.TYPE2,
    "ac kupplung typ 2": Plug.TYPE2,
    "ac typ 2 steckdose": Plug.TYPE2,
    "ac typ 2 fahrzeugkupplung": Plug.TYPE2,
    "ac schuko": Plug.SCHUKO,
    "steckdose typ 1": Plug.TYPE1,
    "dc kupplung combo": Plug.CCS,
    "dc fahrzeugkupplung typ combo 2 (ccs)": Plug.CCS,
    "dc fahrzeugkupplung typ combo (ccs)": Plug.CCS,
    "dc chademo": Plug.CHADEMO,
    "dc kupplung tesla typ 2": Plug.TESLA_SUC,
}
# A point's power is the most it delivers; an AC plug of it delivers no more than its own
# rating: Schuko 16 A x 230 V, Type 1 32 A x 230 V, Type 2 63 A three-phase.
AC_MAX_KW: dict[Plug, float] = {Plug.SCHUKO: 3.7, Plug.TYPE1: 7.4, Plug.TYPE2: 43.0}
# Germany with a margin of a few km: a point outside is misplaced (e.g. one at 15.54° E).
_LAT_RANGE, _LNG_RANGE = (47.2, 55.1), (5.8, 15.1)
_HEADER_SCAN_ROWS = 50
# Files declare up to 1,048,576 rows of which the tail is empty; a run this long ends the data.
_EMPTY_RUN_END = 1000
_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_SLOT = re.compile(
    r"^(steckertypen|p|nennleistung stecker|evse-id) ?(\d+)(?: \[kw\])?$", re.IGNORECASE
)
_SLOT_FIELD = {"steckertypen": "plugs", "p": "power", "nennleistung stecker": "power"}


def _text(value: Any) -> str:
    """A cell as one clean line: BOMs dropped, NBSP and line breaks as spaces, runs of spaces
    collapsed; numbers as written (0 stays "0", 4.0 becomes "4")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).replace("\ufeff", "").split())  # split() knows NBSP too


def _number(value: Any) -> float | None:
    """A numeric cell, or a text one with a decimal comma (and maybe a stray trailing dot, as
    in '48,65269693493334.'); None when empty. Raises ValueError for other text."""
    if isinstance(value, bool):
        raise ValueError(f"{value} is not a number")
    if isinstance(value, int | float):
        return float(value)
    text = _text(value)
    if not text:
        return None
    if "," in text:  # a decimal comma: any dot is a thousands mark, or stray (row 870)
        text = text.replace(".", "").replace(",", ".")
    return float(text)


class _Layout:
    """Where a sheet's columns are: single fields by name, charge points by number."""

    def __init__(self, header: tuple[Any, ...]) -> None:
        self.columns: dict[str, list[int]] = defaultdict(list)
        slots: dict[int, dict[str, int]] = defaultdict(dict)
        for index, cell in enumerate(header):
            name = _text(cell).lower()
            if (match := _SLOT.match(name)) is not None:
                field = _SLOT_FIELD.get(match[1], "evse")
                slots[int(match[2])].setdefault(field, index)
            elif name:
                self.columns[name].append(index)  # a duplicated header keeps every column
        self.slots = [slots[n] for n in sorted(slots) if "plugs" in slots[n]]

    def raw(self, row: tuple[Any, ...], texts: list[str], name: str) -> Any:
        """The first non-empty cell of the columns called `name` (several when duplicated)."""
        for index in self.columns.get(name, ()):
            if index < len(texts) and texts[index]:
                return row[index]
        return None

    def named(self, texts: list[str]) -> dict[str, str]:
        """Each single field's text (lower-case names), from its first non-empty column."""
        named = {}
        for name, indexes in self.columns.items():
            named[name] = next((texts[i] for i in indexes if i < len(texts) and texts[i]), "")
        return named


def _at(values: list[Any] | tuple[Any, ...], index: int | None) -> Any:
    return values[index] if index is not None and index < len(values) else None


def _is_header(row: tuple[Any, ...]) -> bool:
    names = {_text(cell).lower() for cell in row}
    return {"betreiber", "breitengrad", "längengrad"} <= names


def _stand(row: tuple[Any, ...]) -> date | None:
    """The register's date, from a preamble line 'Stand: 01.01.2022' or 'Letzte Aktualisierung
    vom: 01.09.2024'."""
    for cell in row:
        text = _text(cell)
        if ("stand" in text.lower() or "aktualisierung" in text.lower()) and (
            m := _DATE.search(text)
        ):
            return date(int(m[3]), int(m[2]), int(m[1]))
    return None


def _open_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InvalidInput(
            f"{excerpt(path.name)} is not an XLSX workbook ({type(exc).__name__}): "
            "the register is read in the XLSX form the Bundesnetzagentur publishes",
            parameter="path",
        ) from None
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def iter_bnetza(path: Path) -> Iterator[RegisterStation | Skip]:
    """Stream the register's rows; raises InvalidInput when `path` is not a register workbook.

    Memory holds one row plus a 16-byte digest per row (to number identical rows).
    """
    rows = _open_rows(path)
    stand: date | None = None
    layout: _Layout | None = None
    line = 0
    for line, row in enumerate(rows, start=1):
        if _is_header(row):
            layout = _Layout(row)
            break
        stand = stand or _stand(row)
        if line >= _HEADER_SCAN_ROWS:
            break
    if layout is None or not layout.slots:
        raise InvalidInput(
            f"{excerpt(path.name)} is not a BNetzA Ladesäulenregister: no header row with "
            f"Betreiber, Breitengrad, Längengrad and Steckertypen1 in its first "
            f"{_HEADER_SCAN_ROWS} rows",
            parameter="path",
        )
    seen: dict[bytes, int] = {}
    empty_run = 0
    for number, row in enumerate(rows, start=line + 1):
        texts = [_text(cell) for cell in row]
        if not any(texts):
            empty_run += 1
            if empty_run >= _EMPTY_RUN_END:
                return
            continue
        empty_run = 0
        yield _station(layout, row, texts, number, stand, seen)


def _what(named: dict[str, str], number: int) -> str:
    """How a skip names a row: its number and enough to find it in a spreadsheet."""
    place = " ".join(named.get(n, "") for n in ("straße", "hausnummer", "ort"))
    return f"row {number} ({excerpt(named.get('betreiber', ''), 80)}, {excerpt(place, 120)})"


def _station(
    layout: _Layout,
    row: tuple[Any, ...],
    cells: list[str],
    number: int,
    stand: date | None,
    seen: dict[bytes, int],
) -> RegisterStation | Skip:
    texts = layout.named(cells)
    what = _what(texts, number)
    if (problem := unstorable_text(texts)) is not None:
        return Skip(what, problem)
    try:
        lat = _number(layout.raw(row, cells, "breitengrad"))
        lng = _number(layout.raw(row, cells, "längengrad"))
    except ValueError as exc:
        return Skip(what, f"coordinates are not numbers ({excerpt(str(exc))})")
    if lat is None or lng is None:
        return Skip(what, "no coordinates (Breitengrad, Längengrad)")
    if (problem := _position_problem(lat, lng)) is not None:
        return Skip(what, problem)
    points, notes = _charge_points(layout, row, cells)
    if not points:
        return Skip(
            what, "no charge point with a plug type we know and a power: " + "; ".join(notes)
        )
    name, address = _name_and_address(texts)
    return RegisterStation(
        source=SOURCE_INFO.source,
        source_key=_source_key(texts, lat, lng, seen),
        operator_name=texts.get("betreiber") or None,
        name=(name or f"BNetzA row {number}")[:300],
        address=address[:500],
        latitude=lat,
        longitude=lng,
        country="DE",
        charge_points=points,
        updated_on=stand,
        notes=tuple(notes),
    )


def _name_and_address(texts: dict[str, str]) -> tuple[str, str]:
    """The map name (or "operator, street"), and "street number, addition, postcode town"."""
    number = texts.get("hausnummer", "")
    number = "" if number == "0" else number  # the register writes 0 for "no number"
    street = " ".join(x for x in (texts.get("straße"), number) if x)
    town = " ".join(x for x in (texts.get("postleitzahl"), texts.get("ort")) if x)
    address = ", ".join(x for x in (street, texts.get("adresszusatz"), town) if x)
    by_place = ", ".join(x for x in (texts.get("betreiber"), street or texts.get("ort")) if x)
    return texts.get("anzeigename (karte)") or by_place, address


def _position_problem(lat: float, lng: float) -> str | None:
    if lat.is_integer() or lng.is_integer():
        return (
            f"coordinates {lat:g}, {lng:g} are whole degrees, a placeholder: the place is "
            "not known to within 50 km"
        )
    if not (_LAT_RANGE[0] <= lat <= _LAT_RANGE[1] and _LNG_RANGE[0] <= lng <= _LNG_RANGE[1]):
        return f"coordinates {lat:g}, {lng:g} are not in Germany"
    return None


def _source_key(texts: dict[str, str], lat: float, lng: float, seen: dict[bytes, int]) -> str:
    """The register's own id (2025 layout on); before that a digest of what identifies a device
    (operator, address, place, commissioning date), numbered for identical devices at a site
    in file order. Stable across releases while those fields stay as they are."""
    if ident := texts.get("ladeeinrichtungs-id"):
        return ident
    fields = ("betreiber", "straße", "hausnummer", "postleitzahl", "ort", "inbetriebnahmedatum")
    parts = [texts.get(f, "").lower() for f in fields] + [f"{lat:.6f}", f"{lng:.6f}"]
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).digest()
    seen[digest] = seen.get(digest, 0) + 1
    key = digest.hex()[:20]
    return key if seen[digest] == 1 else f"{key}-{seen[digest]}"


def _charge_points(
    layout: _Layout, row: tuple[Any, ...], cells: list[str]
) -> tuple[tuple[ChargePointRow, ...], list[str]]:
    groups: dict[tuple[Plug, float, EnergyType], list[str]] = defaultdict(list)
    counts: dict[tuple[Plug, float, EnergyType], int] = defaultdict(int)
    notes: list[str] = []
    for number, slot in enumerate(layout.slots, start=1):
        plug_text = _at(cells, slot.get("plugs")) or ""
        raw_power = _at(row, slot.get("power"))
        evse_id = _at(cells, slot.get("evse")) or ""
        result = _point(plug_text, raw_power)
        if result is None:
            continue
        plugs, power, point_notes = result
        notes.extend(f"Ladepunkt {number}: {note}" for note in point_notes)
        for plug, kind in plugs:
            plug_kw = min(power, AC_MAX_KW.get(plug, power))
            if plug_kw < power:
                notes.append(
                    f"Ladepunkt {number}: its {plug.value} plug counted at {plug_kw:g} kW, "
                    f"the most such a plug delivers (the point: {power:g} kW)"
                )
            counts[(plug, plug_kw, kind)] += 1
            if evse_id:
                groups[(plug, plug_kw, kind)].append(evse_id)
    points = tuple(
        (plug, kw, kind, counts[(plug, kw, kind)], tuple(groups[(plug, kw, kind)]))
        for plug, kw, kind in sorted(counts)
    )
    try:
        listed = _number(layout.raw(row, cells, "anzahl ladepunkte"))
    except ValueError:
        listed = None
    filled = sum(1 for slot in layout.slots if _at(cells, slot.get("plugs")))
    if points and listed is not None and int(listed) != filled:
        notes.append(f"the register counts {int(listed)} charge points but lists {filled}")
    return points, notes


def _point(
    plug_text: str, raw_power: Any
) -> tuple[list[tuple[Plug, EnergyType]], float, list[str]] | None:
    """One Ladepunkt's distinct plugs and power, with notes; None for an empty slot. A point
    that cannot count has no plugs and says why."""
    try:
        power = _number(raw_power)
    except ValueError:
        return [], 0.0, [f"power {excerpt(_text(raw_power), 40)} is not a number: left out"]
    if not plug_text:
        return None if power is None else ([], 0.0, [f"{power:g} kW but no plug type: left out"])
    if power is None or power <= 0:
        return [], 0.0, [f"{excerpt(plug_text, 80)} without a power: left out"]
    plugs: list[tuple[Plug, EnergyType]] = []
    notes = []
    for part in re.split(r"[,;]", plug_text):
        name = part.strip()
        plug = _PLUGS.get(name.lower())
        if plug is None:
            if name:
                notes.append(f"plug type {excerpt(name, 60)} is not one we map: left out")
        elif (plug, energy_type(plug)) not in plugs:
            plugs.append((plug, energy_type(plug)))
    return plugs, round(power, 1), notes
