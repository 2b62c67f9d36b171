"""Input that cannot be read fails the import with a short message; readable input is read.

Every importer reads JSON from outside, so each is run on the same unreadable inputs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from evcharge.core.errors import InvalidInput
from evcharge.importers.input_text import EXCERPT_CHARS
from evcharge.importers.ocm import read_pois, read_reference
from evcharge.importers.ocpi_locations import read_locations
from evcharge.importers.ocpi_tariffs import read_tariffs
from evcharge.importers.open_ev_data import parse_file
from evcharge.importers.open_ev_data_dataset import parse_dataset
from evcharge.importers.parsed import Parsed
from tests.importers.test_ocpi_locations import HPC

# A binary file: not UTF-8, and megabytes long. Its content must never reach a message.
BINARY = bytes(range(256)) * 8_000
MESSAGE_CHARS = 400
TARIFF: dict[str, Any] = {
    "country_code": "DE", "party_id": "TST", "id": "T1", "currency": "EUR",
    "elements": [{"price_components": [{"type": "ENERGY", "price": 0.39, "step_size": 1}]}],
}  # fmt: skip

Reader = Callable[[Path], Parsed[Any]]
FILE_READERS: dict[str, Reader] = {
    "ocpi-tariffs": read_tariffs,
    "ocpi-locations": read_locations,
    "ocm": read_pois,
    "open-ev-data": parse_file,
}


def write(path: Path, content: bytes | str | Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def failure(read: Reader, path: Path) -> str:
    with pytest.raises(InvalidInput) as raised:
        read(path)
    message = raised.value.message
    assert len(message) < MESSAGE_CHARS, message
    assert "\n" not in message
    return message


@pytest.mark.parametrize("reader", FILE_READERS)
@pytest.mark.parametrize(
    ("content", "says"),
    [
        (BINARY, "not UTF-8 text (byte 0x80 at offset 128)"),
        ("{ nope", "not valid JSON: Expecting property name enclosed in double quotes"),
        ("[" * 100_000, "nested too deeply"),
        ("1" * 5_000, "not valid JSON: Exceeds the limit (4300 digits)"),
        ({"not": "a record"}, "not"),
        ([1, 2, 3], "not"),
    ],
)
def test_a_file_that_is_not_the_format_fails_with_a_short_message(
    tmp_path: Path, reader: str, content: bytes | str | Any, says: str
) -> None:
    message = failure(FILE_READERS[reader], write(tmp_path / "input.json", content))
    assert says in message
    assert "input.json" in message


@pytest.mark.parametrize("reader", ["ocpi-tariffs", "ocpi-locations", "ocm"])
def test_a_folder_with_no_json_file_or_only_unreadable_ones_fails(
    tmp_path: Path, reader: str
) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    assert "export has no .json file" in failure(FILE_READERS[reader], folder)
    write(folder / "a.json", BINARY)
    write(folder / "b.json", "{ nope")
    message = failure(FILE_READERS[reader], folder)
    assert "a.json: not UTF-8 text" in message
    assert "(and 1 more)" in message


def test_ocm_reference_data_given_as_pois_fails_and_says_where_it_belongs(tmp_path: Path) -> None:
    reference = write(tmp_path / "referencedata.json", {"ConnectionTypes": []})
    assert "pass it with --reference" in failure(read_pois, reference)


def test_a_readable_file_with_no_records_is_an_empty_import_not_a_failure(tmp_path: Path) -> None:
    # An OCPI party with no tariffs answers {"data": []}: nothing to import, and no error.
    parsed = read_tariffs(write(tmp_path / "none.json", {"data": [], "status_code": 1000}))
    assert (parsed.records, parsed.skipped) == ([], [])


def test_an_unreadable_file_beside_good_ones_is_skipped_with_a_short_reason(
    tmp_path: Path,
) -> None:
    write(tmp_path / "good.json", TARIFF)
    write(tmp_path / "photo.json", BINARY)
    parsed = read_tariffs(tmp_path)
    assert [t.id for t in parsed.records] == ["T1"]
    assert [(s.record, s.reason) for s in parsed.skipped] == [
        ("photo.json", "not UTF-8 text (byte 0x80 at offset 128)")
    ]


def test_a_record_with_fields_of_the_wrong_type_is_skipped_not_a_traceback(
    tmp_path: Path,
) -> None:
    location = {**HPC, "id": "WRONG", "evses": ["not an object"]}
    poi = {"ID": 1, "AddressInfo": {}, "StatusTypeID": "x" * 10_000}
    parsed_locations = read_locations(write(tmp_path / "l.json", [HPC, location]))
    parsed_pois = read_pois(write(tmp_path / "p.json", poi))
    for parsed in (parsed_locations, parsed_pois):
        (skip,) = parsed.skipped
        assert skip.reason.startswith("a field has the wrong type or value (")
        assert len(skip.reason) < MESSAGE_CHARS
    assert len(parsed_locations.records) == 1


def test_input_quoted_in_a_reason_or_note_is_an_excerpt(tmp_path: Path) -> None:
    evse = {
        "uid": "9",
        "evse_id": "E" * 100_000,
        "connectors": [{"id": "1", "standard": "S" * 100_000}],
    }
    long = {**HPC, "id": "LONG", "country": "Q" * 100_000}
    noted = {**HPC, "id": "NOTED", "evses": [*HPC["evses"], evse]}
    parsed = read_locations(write(tmp_path / "l.json", [long, noted]))
    assert parsed.skipped[0].reason.startswith("country QQQ")
    assert len(parsed.skipped[0].reason) < MESSAGE_CHARS
    (record,) = parsed.records
    # Two quoted values of EXCERPT_CHARS each, and the words around them.
    assert [len(note) < 2 * EXCERPT_CHARS + 100 for note in record.notes] == [True, True]


def test_an_open_ev_data_file_of_the_wrong_shape_fails(tmp_path: Path) -> None:
    assert "no 'data' list" in failure(parse_file, write(tmp_path / "ev.json", {"cars": []}))
    only_numbers = write(tmp_path / "ev.json", {"data": [1, 2]})
    assert "holds no objects" in failure(parse_file, only_numbers)


def test_a_dataset_with_no_readable_vehicle_file_fails(tmp_path: Path) -> None:
    src = tmp_path / "dataset" / "src"
    src.mkdir(parents=True)
    assert "has no vehicle files" in failure(parse_dataset, tmp_path / "dataset")
    write(src / "acme" / "arrow" / "base.json", {})
    write(src / "acme" / "arrow" / "2024" / "arrow.json", BINARY)
    message = failure(parse_dataset, tmp_path / "dataset")
    assert "no vehicle file in dataset is readable" in message
    assert "acme/arrow/2024/arrow.json is not UTF-8 text" in message


def test_binary_ocm_reference_data_is_a_short_error(tmp_path: Path) -> None:
    message = failure(read_reference, write(tmp_path / "ref.bin", BINARY))
    assert message == "ref.bin is not OCM reference data: not UTF-8 text (byte 0x80 at offset 128)"


def test_ocm_reference_data_with_a_nul_in_a_title_is_refused_naming_it(tmp_path: Path) -> None:
    doc = {"ConnectionTypes": [], "Operators": [{"ID": 5, "Title": "Bad\x00Op"}]}
    message = failure(read_reference, write(tmp_path / "ref.json", doc))
    assert "Operators[0].Title holds a NUL character" in message
