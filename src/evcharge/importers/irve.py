"""France's IRVE static data (schema etalab/schema-irve-statique v2.x) -> RegisterStations.

Two forms of the same schema are read: QualiCharge's Parquet (pyarrow, in record batches) and
the Etalab consolidated CSV (the csv module, `,` or `;` as the header line uses; the
consolidation's own extra columns are ignored). A row is one charge point (PDC, whose
`id_pdc_itinerance` is its EVSE id); rows sharing `id_station_itinerance` form one station.

Grouping with bounded memory: the files are not sorted by station (QualiCharge's rows of one
station are spread over the whole file), so a first pass counts each station's rows (a station
id and an integer each), and the second emits a station as soon as its last row is read. Only
stations still open are held, each as its first row's fields plus its plug groups.

What the rows say and what we assume (each assumption is a station note a user can act on):
- `puissance_nominale` is kW by the schema, but some rows give W (16000 for a CCS point): a
  value over 1,000 is read as W, since no plug of the schema delivers over 1 MW, unless the
  point has a DC plug and that gives under 5 kW (1200 for a CCS point is then neither). A
  value under 1 kW (0.0001) is no charging power. Such points are left out.
- A point's power is the most it delivers; its AC plugs deliver no more than their own rating
  (E/F 3.7 kW, Type 2 43 kW), so a 22 kW point with an E/F socket lists that socket at 3.7 kW.
- E/F sockets are `schuko`: a French type E socket takes the CEE 7/7 plug a Schuko cable has.
- `coordonneesXY` is "[lon, lat]"; a point outside France and its overseas regions is skipped
  with the hint when the pair would be in France swapped. Overseas stations get their own
  ISO country code (RE, GP, ...), as they have their own time zones.
- Rows of one station that disagree on its place keep the first row's, with a note.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug, energy_type
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.parsed import Skip
from evcharge.importers.register_sources import IRVE
from evcharge.importers.registers import RegisterStation

SOURCE_INFO = IRVE  # who publishes it, on what terms (importers/register_sources.py)

_PLUG_COLUMNS: dict[str, Plug] = {
    "prise_type_2": Plug.TYPE2,
    "prise_type_combo_ccs": Plug.CCS,
    "prise_type_chademo": Plug.CHADEMO,
    "prise_type_ef": Plug.SCHUKO,
}
AC_MAX_KW: dict[Plug, float] = {Plug.SCHUKO: 3.7, Plug.TYPE2: 43.0}
_W_ABOVE = 1000.0
_MIN_KW = 1.0
# The smallest DC chargers sold (DC wallboxes) give about 7 kW: a W reading under 5 kW for a
# point with a DC plug is no more believable than the kW one.
_MIN_DC_KW = 5.0
_NOT_ROAMING = "non concerné"
# (lat min, lat max, lon min, lon max) -> ISO 3166-1 code; boxes with a margin of a few km.
_TERRITORIES: dict[tuple[float, float, float, float], str] = {
    (41.2, 51.2, -5.3, 9.7): "FR",
    (15.8, 16.6, -61.9, -60.9): "GP",
    (14.3, 14.95, -61.3, -60.75): "MQ",
    (2.0, 5.9, -54.7, -51.5): "GF",
    (-21.45, -20.8, 55.15, 55.9): "RE",
    (-13.1, -12.5, 44.9, 45.35): "YT",
    (46.7, 47.2, -56.5, -56.1): "PM",
    (17.85, 17.98, -62.95, -62.78): "BL",
    (18.0, 18.13, -63.16, -62.96): "MF",
}
_REQUIRED = ("id_station_itinerance", "id_pdc_itinerance", "coordonneesXY", "puissance_nominale")
_COLUMNS = (
    *_REQUIRED,
    "id_station_local",
    "nom_station",
    "adresse_station",
    "nom_operateur",
    "nom_enseigne",
    "nom_amenageur",
    "siren_amenageur",
    "nbre_pdc",
    "date_maj",
    "observations",
    "prise_type_autre",
    *_PLUG_COLUMNS,
)
# The text a station keeps: a character the database cannot store in any skips the row.
_STORED = (
    "id_station_itinerance", "id_station_local", "id_pdc_itinerance", "nom_station",
    "adresse_station", "nom_operateur", "nom_enseigne", "nom_amenageur", "siren_amenageur",
)  # fmt: skip
_OWNER = ("siren_amenageur", "nom_amenageur", "nom_operateur")
_BATCH_ROWS = 10_000

Row = dict[str, Any]


def _text(value: Any) -> str:
    """One clean line: BOMs dropped, any run of whitespace (NBSP, line breaks) one space."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\ufeff", "").split())


def _clean(row: Row) -> Row:
    """A row with every text cleaned once (the readers' rows all pass through here)."""
    return {name: _text(v) if isinstance(v, str) else v for name, v in row.items()}


def _s(row: Row, name: str) -> str:
    value = row.get(name)
    return value if isinstance(value, str) else _text(value)


def _flag(value: Any) -> bool:
    """A schema boolean: Parquet bools, CSV 'true'/'TRUE'/'True'/'1'; empty is false."""
    if isinstance(value, bool):
        return value
    return _text(value).lower() in {"true", "1", "vrai", "oui"}


def _float(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    text = _text(value).replace(",", ".")
    return float(text) if text else None


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def _station_key(row: Row) -> str | None:
    """The roaming id; for a station outside roaming ("Non concerné") its owner's local id."""
    roaming = _s(row, "id_station_itinerance")
    if roaming and roaming.lower() != _NOT_ROAMING:
        return roaming
    local = _s(row, "id_station_local")
    # A local id is its owner's own: the key names the owner too.
    owner = next((_s(row, f) for f in _OWNER if _s(row, f)), "")
    return f"local:{owner}:{local}" if local and owner else None


def _place(row: Row) -> tuple[float, float, str] | str:
    """(lat, lon, country), or why the coordinates cannot be used."""
    raw = _s(row, "coordonneesXY")
    parts = raw.strip("[]() ").split(",")
    try:
        lon, lat = (float(p) for p in parts)
    except ValueError:
        return f"coordonneesXY {excerpt(raw, 60)} is not [longitude, latitude]"
    if (country := _territory(lat, lon)) is not None:
        return lat, lon, country
    hint = " (swapped, they would be: the schema writes longitude first)"
    return f"coordonneesXY {excerpt(raw, 60)} is not in France" + (
        hint if _territory(lon, lat) else ""
    )


def _territory(lat: float, lon: float) -> str | None:
    for (lat_min, lat_max, lon_min, lon_max), code in _TERRITORIES.items():
        if lat_min <= lat <= lat_max and lon_min <= lon <= lon_max:
            return code
    return None


def _power_kw(row: Row, dc: bool, notes: Counter[str]) -> float | None:
    """The point's power in kW, or None (with a note) when it has none we can believe."""
    try:
        power = _float(row.get("puissance_nominale"))
    except ValueError:
        shown = excerpt(_s(row, "puissance_nominale"), 30)
        notes[f"puissance_nominale {shown} is not a number: point left out"] += 1
        return None
    if power is not None and power > _W_ABOVE:
        as_w = power / 1000
        if dc and as_w < _MIN_DC_KW:
            notes[
                f"puissance_nominale {power:g} is neither kW (over 1 MW) nor W ({as_w:g} kW, "
                f"under any DC charger's {_MIN_DC_KW:g} kW): point left out"
            ] += 1
            return None
        notes[f"puissance_nominale {power:g} read as W ({as_w:g} kW): over 1 MW as kW"] += 1
        power = as_w
    if power is None or power < _MIN_KW:
        shown = "none" if power is None else f"{power:g} kW"
        notes[f"puissance_nominale {shown} is no charging power: point left out"] += 1
        return None
    return round(power, 1)


@dataclass(slots=True)
class _Station:
    """One station being gathered: its first row's fields and its plug groups so far."""

    key: str
    record: str
    first: Row
    place: tuple[float, float, str] | str
    rows: int = 0
    counts: Counter[tuple[Plug, float, EnergyType]] = field(default_factory=Counter)
    evses: dict[tuple[Plug, float, EnergyType], list[str]] = field(
        default_factory=lambda: defaultdict(list)
    )
    pdcs: set[str] = field(default_factory=set)
    notes: Counter[str] = field(default_factory=Counter)
    updated_on: date | None = None

    def add(self, row: Row) -> None:
        self.rows += 1
        if _s(row, "coordonneesXY") != _s(self.first, "coordonneesXY"):
            self.notes["rows of this station give other coordinates: the first row's kept"] += 1
        day = _day(row.get("date_maj"))
        if day is not None and (self.updated_on is None or day > self.updated_on):
            self.updated_on = day
        pdc = _s(row, "id_pdc_itinerance")
        if pdc and pdc.lower() != _NOT_ROAMING:
            if pdc in self.pdcs:
                self.notes[f"charge point {excerpt(pdc, 40)} listed again: counted once"] += 1
                return
            self.pdcs.add(pdc)
        self._add_point(row, pdc if pdc.lower() != _NOT_ROAMING else "")

    def _add_point(self, row: Row, evse_id: str) -> None:
        plugs = [plug for column, plug in _PLUG_COLUMNS.items() if _flag(row.get(column))]
        if not plugs:
            other = _s(row, "observations") if _flag(row.get("prise_type_autre")) else ""
            what = f"only another plug ({excerpt(other, 60)})" if other else "no plug we know"
            self.notes[f"a charge point with {what}: left out"] += 1
            return
        dc = any(energy_type(plug) is EnergyType.DC for plug in plugs)
        power = _power_kw(row, dc, self.notes)
        if power is None:
            return
        for plug in plugs:
            plug_kw = min(power, AC_MAX_KW.get(plug, power))
            if plug_kw < power:
                self.notes[
                    f"{plug.value} plug counted at {plug_kw:g} kW, the most it delivers "
                    f"(the point: {power:g} kW)"
                ] += 1
            group = (plug, plug_kw, energy_type(plug))
            self.counts[group] += 1
            if evse_id:
                self.evses[group].append(evse_id)

    def finish(self) -> RegisterStation | Skip:
        notes = [f"{text} ({n} charge points)" if n > 1 else text for text, n in self.notes.items()]
        if isinstance(self.place, str):
            return Skip(self.record, self.place)
        if not self.counts:
            return Skip(self.record, "no charge point with a plug we know: " + "; ".join(notes))
        listed = _s(self.first, "nbre_pdc")
        if listed and listed != str(self.rows):
            notes.append(f"nbre_pdc says {listed} charge points; the file lists {self.rows}")
        lat, lon, country = self.place
        first = self.first
        operator = next(
            (_s(first, f) for f in ("nom_operateur", "nom_enseigne", "nom_amenageur")
             if _s(first, f)), None,
        )  # fmt: skip
        return RegisterStation(
            source=SOURCE_INFO.source,
            source_key=self.key,
            operator_name=operator,
            name=(_s(first, "nom_station") or self.key)[:300],
            address=_s(first, "adresse_station")[:500],
            latitude=lat,
            longitude=lon,
            country=country,
            charge_points=tuple(
                (plug, kw, kind, n, tuple(self.evses.get((plug, kw, kind), ())))
                for (plug, kw, kind), n in sorted(self.counts.items())
            ),
            updated_on=self.updated_on,
            notes=tuple(notes),
        )


def _group(
    rows: Iterable[tuple[str, Row]], remaining: Counter[str]
) -> Iterator[RegisterStation | Skip]:
    """Rows (with how a skip names each) -> stations, each emitted once its last row is read.
    `remaining` holds each station's row count (the first pass)."""
    open_stations: dict[str, _Station] = {}
    for record, row in rows:
        key = _station_key(row)
        if key is None:
            yield Skip(record, "no station id (id_station_itinerance, or id_station_local)")
            continue
        if (problem := unstorable_text({c: _s(row, c) for c in _STORED})) is not None:
            yield Skip(record, problem)
            remaining[key] -= 1
        else:
            if (station := open_stations.get(key)) is None:
                what = f"station {excerpt(key, 60)} ({record} and the others of it)"
                station = open_stations[key] = _Station(key, what, row, _place(row))
            station.add(row)
            remaining[key] -= 1
        if remaining[key] <= 0:
            del remaining[key]
            if (done := open_stations.pop(key, None)) is not None:
                yield done.finish()
    # Only a file changed between the two passes leaves stations open: they are complete now.
    for station in open_stations.values():
        yield station.finish()


def iter_irve_parquet(path: Path) -> Iterator[RegisterStation | Skip]:
    """QualiCharge's static Parquet, read in record batches of the columns we use; raises
    InvalidInput when `path` is not Parquet or lacks a column the schema requires."""
    try:
        parquet = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        raise InvalidInput(
            f"{excerpt(path.name)} is not a Parquet file ({excerpt(str(exc), 120)})",
            parameter="path",
        ) from None
    names = set(parquet.schema_arrow.names)
    _check_columns(path, names)
    keys = [c for c in ("id_station_itinerance", "id_station_local", *_OWNER) if c in names]
    remaining = _row_counts(_parquet_rows(parquet, keys))
    yield from _group(_parquet_rows(parquet, [c for c in _COLUMNS if c in names]), remaining)


def _parquet_rows(parquet: pq.ParquetFile, columns: list[str]) -> Iterator[tuple[str, Row]]:
    number = 0
    for batch in parquet.iter_batches(batch_size=_BATCH_ROWS, columns=columns):
        for row in batch.to_pylist():
            number += 1
            yield f"row {number}", _clean(row)


def iter_irve_csv(path: Path) -> Iterator[RegisterStation | Skip]:
    """The consolidated IRVE CSV (or any CSV of the schema), UTF-8 with or without a BOM,
    `,` or `;`; quoted values may hold line breaks. Raises InvalidInput when `path` is not
    such a file."""
    remaining = _row_counts(_csv_rows(path))
    yield from _group(_csv_rows(path), remaining)


def _csv_rows(path: Path) -> Iterator[tuple[str, Row]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            header_line = file.readline()
            # The header names hold neither separator, so the one it uses is the file's.
            delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
            header = [_text(name) for name in next(csv.reader([header_line], delimiter=delimiter))]
            _check_columns(path, set(header))
            # A duplicated header keeps every column; a row takes the first non-empty one.
            columns: dict[str, list[int]] = defaultdict(list)
            for index, name in enumerate(header):
                if name in _COLUMNS:
                    columns[name].append(index)
            reader = csv.reader(file, delimiter=delimiter)
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield f"line {reader.line_num + 1}", _csv_row(cells, columns)
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{excerpt(path.name)} is not UTF-8 text (byte {exc.start}): IRVE files are UTF-8",
            parameter="path",
        ) from None
    except csv.Error as exc:
        raise InvalidInput(
            f"{excerpt(path.name)} is not a CSV file we can read ({excerpt(str(exc), 120)})",
            parameter="path",
        ) from None


def _csv_row(cells: list[str], columns: dict[str, list[int]]) -> Row:
    return {
        name: next((text for i in indexes if i < len(cells) and (text := _text(cells[i]))), "")
        for name, indexes in columns.items()
    }


def _check_columns(path: Path, names: set[str]) -> None:
    missing = [c for c in (*_REQUIRED, *_PLUG_COLUMNS) if c not in names]
    if missing:
        raise InvalidInput(
            f"{excerpt(path.name)} is not IRVE static data (schema-irve-statique): it has no "
            f"column {', '.join(missing)}",
            parameter="path",
        )


def _row_counts(rows: Iterable[tuple[str, Row]]) -> Counter[str]:
    """The first pass: how many rows each station has."""
    return Counter(key for _, row in rows if (key := _station_key(row)) is not None)
