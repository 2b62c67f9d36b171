"""Reading a batch of CDRs: every CDR named by where it is, a bad one never stops the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from evcharge.cli.cdr_inputs import CdrInput, cdr_inputs, is_batch
from evcharge.core.errors import InvalidInput


def test_ndjson_lines_are_numbered_and_blank_lines_skipped(tmp_path: Path) -> None:
    path = tmp_path / "c.ndjson"
    path.write_bytes(b'{"a": 1}\n\n  \n[2]\r\n')
    assert list(cdr_inputs(path)) == [
        CdrInput(f"{path}:1", doc={"a": 1}),
        CdrInput(f"{path}:4", doc=[2]),
    ]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (b"{oops", "not JSON: Expecting property name enclosed in double quotes at column 2"),
        (b'{"id": "caf\xe9"}', "not UTF-8 text (byte at offset 11)"),
        (b"[" * 100_000 + b"]" * 100_000, "not readable JSON: RecursionError"),
        (b"1" * 5000, "not readable JSON: ValueError"),
    ],
)
def test_an_unreadable_line_is_a_problem_not_an_exception(
    tmp_path: Path, line: bytes, problem: str
) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(line + b"\n{}\n")
    assert list(cdr_inputs(path)) == [
        CdrInput(f"{path}:1", problem=problem),
        CdrInput(f"{path}:2", doc={}),
    ]


def test_a_folder_gives_its_json_files_by_path(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.json").write_text("{}")
    (tmp_path / "a.json").write_text('{\n  "x": }')
    (tmp_path / "c.txt").write_text("{}")
    assert list(cdr_inputs(tmp_path)) == [
        CdrInput(str(tmp_path / "a.json"), problem="not JSON: Expecting value at line 2 column 8"),
        CdrInput(str(tmp_path / "b" / "x.json"), doc={}),
    ]


def test_an_unreadable_or_empty_batch_raises(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot read CDRs"):
        list(cdr_inputs(tmp_path / "missing.ndjson"))
    with pytest.raises(InvalidInput, match=r"no \*\.json file under"):
        list(cdr_inputs(tmp_path))


def test_what_is_a_batch(tmp_path: Path) -> None:
    assert is_batch(tmp_path)
    assert is_batch(tmp_path / "x.NDJSON")
    assert is_batch(tmp_path / "x.jsonl")
    assert not is_batch(tmp_path / "x.json")
