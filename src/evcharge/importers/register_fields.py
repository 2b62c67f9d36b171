"""Reading the national registers' fields: text, numbers, coordinates, dates and CSV rows.

The AFDC, NOBIL and NCR files (importers/afdc.py, nobil.py, uk_ncr.py) share quirks: BOMs,
non-breaking spaces, Excel's `_x000D_` for a carriage return, decimal commas, coordinates as
text ("(59.85,17.64)"), empty dates written `0000-00-00`, and CSV records split in two by a line
break that was never quoted. Each helper here handles one of them, so every parser treats them
alike and its own module keeps to the mapping.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TextIO

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


def json_object_stream(path: Path, array_key: str, what: str) -> Iterator[tuple[str, Any]]:
    """The members of the file's top-level JSON object as (key, value), in file order, except
    that the array under `array_key` comes element by element, as (array_key, element): a
    national dump is one object holding one long array, and this reads it in bounded memory.

    A saved HTTP response (status line and headers, a blank line, then the body) is read from
    its body. InvalidInput when the file is not such an object, naming where it breaks off.
    """
    with path.open(encoding="utf-8-sig", errors="strict") as handle:
        reader = _JsonReader(handle)
        try:
            yield from reader.members(array_key)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise InvalidInput(
                f"{excerpt(path.name)} is not {what}: {excerpt(str(exc))} "
                f"(near character {reader.offset})",
                parameter="path",
            ) from None


class _JsonReader:
    """Incremental reading of one JSON object: json.JSONDecoder.raw_decode on a sliding buffer."""

    _CHUNK = 1 << 20

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._text = ""
        self._pos = 0
        self._done = 0  # characters dropped from the buffer's front
        self._eof = False
        self._decoder = json.JSONDecoder()

    @property
    def offset(self) -> int:
        return self._done + self._pos

    def members(self, array_key: str) -> Iterator[tuple[str, Any]]:
        self._skip_http_head()
        self._expect("{")
        if self._peek() == "}":
            return
        while True:
            key = self._value()
            if not isinstance(key, str):
                raise ValueError("an object key is not a string")
            self._expect(":")
            if key == array_key and self._peek() == "[":
                self._pos += 1
                yield from ((key, item) for item in self._items())
            else:
                yield key, self._value()
            if self._next_of(",}") == "}":
                return

    def _items(self) -> Iterator[Any]:
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self._value()
            if self._next_of(",]") == "]":
                return

    def _skip_http_head(self) -> None:
        self._peek()
        while len(self._text) - self._pos < len("HTTP/") and self._more():
            pass
        if not self._text.startswith("HTTP/", self._pos):
            return
        while True:
            for blank in ("\r\n\r\n", "\n\n"):
                if (at := self._text.find(blank, self._pos)) >= 0:
                    self._pos = at + len(blank)
                    return
            if not self._more():
                raise ValueError("an HTTP response without a body")

    def _more(self) -> bool:
        chunk = self._handle.read(self._CHUNK)
        if not chunk:
            self._eof = True
            return False
        self._done += self._pos
        self._text = self._text[self._pos :] + chunk
        self._pos = 0
        return True

    def _peek(self) -> str:
        while True:
            while self._pos < len(self._text) and self._text[self._pos] in " \t\r\n":
                self._pos += 1
            if self._pos < len(self._text) or not self._more():
                return self._text[self._pos : self._pos + 1]

    def _expect(self, char: str) -> None:
        if self._next_of(char) != char:
            raise ValueError(f"expected {char!r}")

    def _next_of(self, chars: str) -> str:
        found = self._peek()
        if not found or found not in chars:
            shown = "the end of the file" if not found else repr(found)
            raise ValueError(f"expected one of {' '.join(chars)}, found {shown}")
        self._pos += 1
        return found

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._text, self._pos)
            except json.JSONDecodeError:
                if self._more():
                    continue
                raise
            # A number or literal at the buffer's end may continue in the next chunk.
            if end == len(self._text) and not self._eof and self._more():
                continue
            self._pos = end
            return value
