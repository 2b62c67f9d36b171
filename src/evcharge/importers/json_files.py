"""The JSON objects in a file or a folder of files, as OCPI exports come.

A file may hold one object, a list, or an OCPI response ({"data": [...]} or {"data": {...}}).
Each object is named for skip messages: the file, and its index when the file holds several.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from evcharge.importers.parsed import Progress, Skip, no_progress


def _objects(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and set(doc) >= {"data"} and isinstance(doc["data"], list | dict):
        data = doc["data"]
        return data if isinstance(data, list) else [data]
    return [doc]


def json_objects(
    path: Path, skipped: list[Skip], *, progress: Progress = no_progress
) -> Iterator[tuple[str, Any]]:
    """(record name, object) for every object; unreadable files go to `skipped`."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*.json") if p.is_file())
    for done, file in enumerate(files, start=1):
        name = str(file.relative_to(path)) if path.is_dir() else file.name
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            skipped.append(Skip(name, f"not readable JSON: {exc}"))
        else:
            objects = _objects(doc)
            for i, obj in enumerate(objects):
                yield (name if len(objects) == 1 else f"{name}[{i}]"), obj
        progress(done, len(files))
