"""The CDRs that `evcharge ocpi price-cdr --cdr PATH` reads when PATH is a batch.

A batch is a folder (every `*.json` file under it, by path, one CDR each, as `evcharge import`
reads folders) or an NDJSON file (`.ndjson` or `.jsonl`: one CDR per line; blank lines are
skipped). Each CDR is named by its file, or its file and line, so a failure can say where it is.
A CDR that cannot be read is yielded with the reason, not raised: the rest of the batch goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evcharge.core.errors import InvalidInput

NDJSON_SUFFIXES = (".ndjson", ".jsonl")


@dataclass(frozen=True, slots=True)
class CdrInput:
    source: str  # "cdrs/a.json" or "cdrs.ndjson:3"
    doc: Any = None
    problem: str | None = None  # why there is no `doc`


def is_batch(path: Path) -> bool:
    return path.is_dir() or path.suffix.lower() in NDJSON_SUFFIXES


def cdr_inputs(path: Path) -> Iterator[CdrInput]:
    """Every CDR of a batch. InvalidInput when the batch itself cannot be read or holds none."""
    found = False
    for item in _folder(path) if path.is_dir() else _ndjson(path):
        found = True
        yield item
    if not found:
        where = "no *.json file under" if path.is_dir() else "no CDR (no line of JSON) in"
        raise InvalidInput(f"{where} {path}")


def _folder(folder: Path) -> Iterator[CdrInput]:
    for file in sorted(p for p in folder.rglob("*.json") if p.is_file()):
        try:
            text = file.read_bytes()
        except OSError as exc:
            yield CdrInput(str(file), problem=f"cannot read it: {exc.strerror}")
            continue
        yield _parsed(str(file), text)


def _ndjson(path: Path) -> Iterator[CdrInput]:
    try:
        lines = path.open("rb")
    except OSError as exc:
        raise InvalidInput(f"cannot read CDRs {path}: {exc.strerror}") from None
    with lines:
        # Bytes, decoded line by line: a line that is not UTF-8 fails alone, not the file.
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield _parsed(f"{path}:{number}", line)


def _parsed(source: str, text: bytes) -> CdrInput:
    try:
        return CdrInput(source, doc=json.loads(text.decode("utf-8")))
    except UnicodeDecodeError as exc:
        return CdrInput(source, problem=f"not UTF-8 text (byte at offset {exc.start})")
    except json.JSONDecodeError as exc:
        line = f"line {exc.lineno} " if exc.lineno > 1 else ""
        return CdrInput(source, problem=f"not JSON: {exc.msg} at {line}column {exc.colno}")
    except (ValueError, RecursionError) as exc:  # a 5000-digit number, JSON nested too deep
        return CdrInput(source, problem=f"not readable JSON: {type(exc).__name__}")
