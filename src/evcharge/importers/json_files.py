"""The JSON objects in a file or a folder of files, as OCPI exports come.

A file may hold one object, a list, or an OCPI response ({"data": [...]} or {"data": {...}}).
Each object is named for skip messages: the file, and its index when the file holds several.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from evcharge.core.errors import InvalidInput
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.parsed import Progress, Skip, no_progress

# Why an object is not a record of the format, or None when it is one.
ShapeProblem = Callable[[Any], str | None]


def read_error(exc: Exception) -> str:
    """Why a file is not JSON, to follow "<file> is": short, and quoting none of the file.

    (The repr of a UnicodeDecodeError holds every byte of the file.)
    """
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"
    if isinstance(exc, json.JSONDecodeError):
        return f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "not readable: its JSON is nested too deeply"
    if isinstance(exc, OSError):
        return f"not readable: {exc.strerror or type(exc).__name__}"
    return f"not valid JSON: {excerpt(str(exc))}"  # e.g. a number of more than 4300 digits


def load_json(path: Path) -> Any:
    """The file's JSON value; InvalidInput saying briefly why when it has none."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:  # ValueError: decode and JSON errors
        raise InvalidInput(read_error(exc), parameter="path") from None


def malformed(exc: Exception) -> str:
    """The skip reason for a record whose fields have the wrong JSON types or values (a string
    where a list belongs, "abc" for a power), which the mapping code met as `exc`."""
    return f"a field has the wrong type or value ({type(exc).__name__}: {excerpt(str(exc))})"


def _objects(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and set(doc) >= {"data"} and isinstance(doc["data"], list | dict):
        data = doc["data"]
        return data if isinstance(data, list) else [data]
    return [doc]


def _files(path: Path) -> list[Path]:
    return [path] if path.is_file() else sorted(p for p in path.rglob("*.json") if p.is_file())


def json_objects(
    path: Path, skipped: list[Skip], *, progress: Progress = no_progress
) -> Iterator[tuple[str, Any]]:
    """(record name, object) for every object; unreadable files go to `skipped`."""
    files = _files(path)
    for done, file in enumerate(files, start=1):
        name = str(file.relative_to(path)) if path.is_dir() else file.name
        try:
            doc = load_json(file)
        except InvalidInput as exc:
            skipped.append(Skip(name, exc.message))
        else:
            objects = _objects(doc)
            for i, obj in enumerate(objects):
                yield (name if len(objects) == 1 else f"{name}[{i}]"), obj
        progress(done, len(files))


def format_records(
    path: Path,
    skipped: list[Skip],
    *,
    what: str,
    shape_problem: ShapeProblem,
    progress: Progress = no_progress,
) -> Iterator[tuple[str, Any]]:
    """(record name, object) for every object that is a `what` with only storable text.

    Other objects go to `skipped` with the reason. When the input holds no `what` at all (no
    JSON file, files that are not JSON, or JSON of another shape) this raises InvalidInput:
    an import that could read nothing failed, and must not look like a success. An empty list
    (an OCPI response with no data) is readable and yields nothing.
    """
    first_new_skip, found = len(skipped), 0
    for name, obj in json_objects(path, skipped, progress=progress):
        if (problem := shape_problem(obj)) is not None:
            skipped.append(Skip(name, problem))
            continue
        found += 1
        if (problem := unstorable_text(obj)) is not None:
            skipped.append(Skip(name, problem))
            continue
        yield name, obj
    if not found:
        _check_something_was_read(path, what, skipped[first_new_skip:])


def _check_something_was_read(path: Path, what: str, skipped: list[Skip]) -> None:
    shown = excerpt(path.name or str(path))
    if not _files(path):
        raise InvalidInput(f"{shown} has no .json file to import {what} from", parameter="path")
    if skipped:
        first = skipped[0]
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        raise InvalidInput(
            f"no {what} in {shown}; {first.record}: {first.reason}{more}", parameter="path"
        )
