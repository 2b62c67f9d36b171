"""Reading the national registers' fields: text, numbers, coordinates, dates and CSV rows.

The AFDC, NOBIL and NCR files (importers/afdc.py, nobil.py, uk_ncr.py) share quirks: BOMs,
non-breaking spaces, Excel's `_x000D_` for a carriage return, decimal commas, coordinates as
text ("(59.85,17.64)"), empty dates written `0000-00-00`, and CSV records split in two by a line
break that was never quoted. Each helper here handles one of them, so every parser treats them
alike and its own module keeps to the mapping.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from evcharge.core.errors import InvalidInput
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.parsed import Skip

_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
# What input_text refuses (NUL, C0 controls but tab and line breaks, surrogates) or _NOT_UTF8.
_SUSPECT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# A CSV file larger than this per field is not a register; csv's own default is 128 KiB.
csv.field_size_limit(1 << 20)


def clean(text: str | None) -> str:
    """One line of text: whitespace runs (no-break spaces and line breaks included: str.split
    knows Unicode's spaces) become one space, and Excel's `_x000D_` (an escaped carriage
    return), zero-width spaces and stray BOMs go."""
    if not text:
        return ""
    if "_x000D_" in text:
        text = text.replace("_x000D_", " ")
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", "").replace("\ufeff", "")
    return " ".join(text.split())


def number(text: str | None) -> float | None:
    """A decimal number as a register writes it: "7.4", "7,4", " 22 ". None when empty;
    ValueError for anything else, a thousands separator included ("1.234,5": these registers
    write none, so a comma is always the decimal one)."""
    value = clean(text)
    if not value:
        return None
    if "," in value and "." in value:
        raise ValueError(f"{excerpt(value, 40)} mixes decimal point and comma")
    found = _NUMBER.fullmatch(value)
    if found is None:
        raise ValueError(f"{excerpt(value, 40)} is not a number")
    result = float(found[0].replace(",", "."))
    if not math.isfinite(result):
        raise ValueError(f"{excerpt(value, 40)} is not a finite number")
    return result


@dataclass(frozen=True, slots=True)
class Area:
    """Where a register's stations can be: a name for messages and latitude/longitude boxes."""

    name: str
    boxes: tuple[tuple[float, float, float, float], ...]  # (lat min, lat max, lng min, lng max)

    def holds(self, lat: float, lng: float) -> bool:
        return any(a <= lat <= b and c <= lng <= d for a, b, c, d in self.boxes)


def coordinates(
    lat_text: str | None, lng_text: str | None, area: Area
) -> tuple[float, float] | str:
    """(latitude, longitude), or why they cannot place a station in `area`."""
    if not clean(lat_text) or not clean(lng_text):
        return "no coordinates (latitude or longitude is empty)"
    try:
        lat, lng = number(lat_text), number(lng_text)
    except ValueError as exc:
        return f"coordinates are not numbers: {exc}"
    if lat is None or lng is None:  # not reached: both were non-empty
        return "no coordinates"
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return f"coordinates {lat}, {lng} are not a place on Earth"
    if lat == 0 and lng == 0:
        return "coordinates 0, 0 are a placeholder, not a place"
    if not area.holds(lat, lng):
        return f"coordinates {lat}, {lng} lie outside {area.name}"
    return lat, lng


def day(text: str | None) -> date | None:
    """The date of "2025-04-21 04:16:14 UTC", "2025-04-21" or "4/21/2025"; None when empty or
    the `0000-00-00` some registers write for no date. ValueError for anything else."""
    value = clean(text)
    if not value or value.startswith("0000-00-00"):
        return None
    if found := _ISO_DATE.match(value):
        return date(int(found[1]), int(found[2]), int(found[3]))
    if found := _US_DATE.match(value):
        return date(int(found[3]), int(found[1]), int(found[2]))
    raise ValueError(f"{excerpt(value, 40)} is not a date")


def day_or_note(text: str | None, column: str, notes: list[str]) -> date | None:
    """`day(text)`, or None with a note when the text is not a date: a record is not lost for
    its date."""
    try:
        return day(text)
    except ValueError as exc:
        notes.append(f"{column} left out: {exc}")
        return None


def text_problem(fields: dict[str, str]) -> str | None:
    """Why these fields cannot be stored (a NUL, a control character, bytes that were not
    UTF-8), naming the field; None when all are fine."""
    if _SUSPECT.search("".join(fields.values())) is None:  # one scan for the common case
        return None
    for name, value in fields.items():
        if (found := _NOT_UTF8.search(value)) is not None:
            byte = ord(found[0]) - 0xDC00
            return f"{excerpt(name, 60)} is not UTF-8 text (byte 0x{byte:02x})"
    return unstorable_text(fields)


@dataclass(frozen=True, slots=True)
class CsvRecord:
    label: str  # "line 970" (where it starts in the file), for skip messages
    fields: list[str]


def csv_header(path: Path, what: str) -> list[str]:
    """The first record of a comma-separated UTF-8 file (a BOM dropped, names cleaned)."""
    try:
        with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
            header = next(csv.reader(handle), None)
    except (OSError, csv.Error) as exc:
        raise InvalidInput(
            f"{excerpt(path.name)} is not {what}: {excerpt(str(exc))}", parameter="path"
        ) from None
    if not header:
        raise InvalidInput(f"{excerpt(path.name)} is empty, not {what}", parameter="path")
    return [clean(name) for name in header]


def csv_records(path: Path, width: int) -> Iterator[CsvRecord | Skip]:
    """The records after the header, each of `width` fields, or a Skip saying why not.

    Quoted fields may span lines. A record with fewer fields than the header is joined with
    the next physical row when together they make at most one record: a line break that was
    never quoted split it (UK NCR rows 968/969). Bytes that are not UTF-8 survive as
    surrogates, so `text_problem` skips that record rather than failing the file.
    """
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        reader = csv.reader(handle, strict=False)
        rows = _numbered(reader)
        next(rows, None)  # the header
        pending: tuple[int, list[str]] | None = None
        for line, row, error in rows:
            if error is not None:
                yield Skip(f"line {line}", f"is not CSV: {excerpt(error)}")
                continue
            if pending is not None:
                first, held = pending
                pending = None
                if len(held) + len(row) - 1 <= width:
                    row = [*held[:-1], f"{held[-1]}\n{row[0] if row else ''}", *row[1:]]
                    line = first
                else:
                    yield _short(first, held, width)
            if len(row) < width and row:
                pending = (line, row)
            elif len(row) > width:
                yield Skip(f"line {line}", f"has {len(row)} fields where the header has {width}")
            elif row:
                yield CsvRecord(f"line {line}", row)
        if pending is not None:
            yield _short(*pending, width)


def _numbered(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str], str | None]]:
    """(first physical line, row, why csv could not read it)."""
    line = 1
    while True:
        row: list[str] = []
        error = None
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            error = str(exc)
        yield line, row, error
        line = getattr(reader, "line_num", line) + 1


def _short(line: int, row: list[str], width: int) -> Skip:
    return Skip(f"line {line}", f"has {len(row)} fields where the header has {width}")


def column_positions(
    header: list[str], needed: tuple[str, ...], path: Path, what: str
) -> list[int]:
    """Where each needed column is, by position: a column named twice would be ambiguous (a
    dict-based reader silently keeps one of them), and a missing one means another format."""
    missing = [name for name in needed if name not in header]
    if missing:
        shown = ", ".join(excerpt(name, 60) for name in missing[:5])
        raise InvalidInput(
            f"{excerpt(path.name)} is not {what}: it has no column {shown}", parameter="path"
        )
    twice = [name for name in needed if header.count(name) > 1]
    if twice:
        raise InvalidInput(
            f"{excerpt(path.name)}: column {excerpt(twice[0], 60)} appears "
            f"{header.count(twice[0])} times, so which one to read is ambiguous",
            parameter="path",
        )
    return [header.index(name) for name in needed]
