"""The registers' shared field readers: numbers, text, dates, coordinates, CSV rows, JSON stream."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import evcharge.importers.json_stream as json_stream
from evcharge.core.errors import InvalidInput
from evcharge.importers.json_stream import json_object_stream
from evcharge.importers.parsed import Skip
from evcharge.importers.register_fields import (
    Area,
    CsvRecord,
    clean,
    coordinates,
    csv_records,
    day,
    number,
)

EVERYWHERE = Area("anywhere", ((-90.0, 90.0, -180.0, 180.0),))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("7.4", 7.4), ("7,4", 7.4), (" 22\u00a0", 22.0), ("-0,5", -0.5), (",5", 0.5), ("", None)],
)
def test_number_reads_points_and_decimal_commas(text: str, expected: float | None) -> None:
    assert number(text) == expected


@pytest.mark.parametrize("text", ["1.234,5", "12 kW", "north", "nan", "1e999"])
def test_number_refuses_what_is_not_one_plain_number(text: str) -> None:
    with pytest.raises(ValueError, match=r"number|mixes decimal point and comma"):
        number(text)


def test_clean_makes_one_line_of_nbsp_line_breaks_and_excel_carriage_returns() -> None:
    assert clean("Lot B_x000D_\r\n12\u00a0\u00a0Main\u202fSt ") == "Lot B 12 Main St"
    assert clean(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-04-21 04:16:14 UTC", date(2025, 4, 21)),
        ("4/21/2025", date(2025, 4, 21)),
        ("0000-00-00 00:00:00", None),
        ("", None),
    ],
)
def test_day(text: str, expected: date | None) -> None:
    assert day(text) == expected


def test_coordinates_say_what_is_wrong() -> None:
    uk = Area("the United Kingdom", ((49.8, 61.0, -8.7, 1.8),))
    assert coordinates("51,5", "-0,12", uk) == (51.5, -0.12)
    assert coordinates("0", "0", EVERYWHERE) == "coordinates 0, 0 are a placeholder, not a place"
    assert coordinates("91", "0", EVERYWHERE) == "coordinates 91.0, 0.0 are not a place on Earth"
    assert coordinates(" ", "1", uk) == "no coordinates (latitude or longitude is empty)"


def records(tmp_path: Path, text: str, width: int) -> list[tuple[str, list[str]] | Skip]:
    path = tmp_path / "rows.csv"
    path.write_text(text, encoding="utf-8", newline="")
    return [
        (r.label, r.fields) if isinstance(r, CsvRecord) else r for r in csv_records(path, width)
    ]


def test_csv_rows_split_by_bare_line_breaks_are_joined_and_leftovers_skipped(
    tmp_path: Path,
) -> None:
    # A lone CR ends a row for csv, as in the NCR export. Lines: 1 header, 2-4 one record cut
    # twice, 5-6 a quoted field over two lines, 7 a short row the next row cannot complete,
    # 8 a row with a field too many.
    text = 'a,b,c,d\n1,x\ry\rz,3,4\n"q\nr",2,3,4\n5,6\n7,8,9,10,11\n'
    assert records(tmp_path, text, 4) == [
        ("line 2", ["1", "x\ny\nz", "3", "4"]),
        ("line 5", ["q\nr", "2", "3", "4"]),
        Skip("line 7", "has 2 fields where the header has 4"),
        Skip("line 8", "has 5 fields where the header has 4"),
    ]
    assert records(tmp_path, "a,b\n1\n", 2) == [
        Skip("line 2", "has 1 fields where the header has 2")
    ]


DOC = '{"n": 12345, "items": [1, 22, 333, true, null, {"k": "v"}], "after": [4, 5]}'
MEMBERS = [
    ("n", 12345),
    *(("items", item) for item in [1, 22, 333, True, None, {"k": "v"}]),
    ("after", [4, 5]),
]


def test_json_stream_yields_members_and_array_items_across_any_chunk_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "doc.json"
    path.write_text(DOC, encoding="utf-8")
    for chunk in range(1, len(DOC) + 1):
        monkeypatch.setattr(json_stream._JsonReader, "_CHUNK", chunk)
        assert list(json_object_stream(path, "items", "a test document")) == MEMBERS, chunk


def test_json_stream_reads_a_saved_http_response_and_refuses_a_cut_one(tmp_path: Path) -> None:
    path = tmp_path / "doc.http"
    path.write_text(f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{DOC}")
    assert list(json_object_stream(path, "items", "a test document")) == MEMBERS
    path.write_text(DOC[:40])
    stream = json_object_stream(path, "items", "a test document")
    assert next(stream) == ("n", 12345)
    with pytest.raises(InvalidInput, match=r"is not a test document: .* \(near character \d+\)"):
        list(stream)
