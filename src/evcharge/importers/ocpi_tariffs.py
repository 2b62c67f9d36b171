"""`evcharge import ocpi-tariffs PATH`: a file or folder of OCPI 2.2.1 Tariff objects.

A file may hold one Tariff, a list of them, or an OCPI response ({"data": [...]}). Anything
that is not a valid Tariff is skipped with the reason; so is a second tariff with the same
(country_code, party_id, id), which OCPI treats as the same tariff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.model import OcpiTariff
from evcharge.importers.ocpi_json import parse_tariff
from evcharge.importers.parsed import Parsed, Progress, Skip, no_progress

SOURCE = "ocpi"


def tariff_key(t: OcpiTariff) -> str:
    return f"{t.country_code.upper()}*{t.party_id.upper()}*{t.id}"


def _objects(doc: Any) -> list[Any]:
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict) and isinstance(doc.get("data"), list | dict) and "elements" not in doc:
        data = doc["data"]
        return data if isinstance(data, list) else [data]
    return [doc]


def read_tariffs(path: Path, *, progress: Progress = no_progress) -> Parsed[OcpiTariff]:
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*.json") if p.is_file())
    parsed: Parsed[OcpiTariff] = Parsed()
    seen: dict[str, str] = {}
    for done, file in enumerate(files, start=1):
        name = str(file.relative_to(path)) if path.is_dir() else file.name
        try:
            doc = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            parsed.skipped.append(Skip(name, f"not readable JSON: {exc}"))
            progress(done, len(files))
            continue
        objects = _objects(doc)
        for i, obj in enumerate(objects):
            record = name if len(objects) == 1 else f"{name}[{i}]"
            if not isinstance(obj, dict) or "elements" not in obj:
                parsed.skipped.append(Skip(record, "not an OCPI Tariff (no elements)"))
                continue
            try:
                tariff = parse_tariff(obj)
            except InvalidInput as exc:
                parsed.skipped.append(Skip(record, exc.message))
                continue
            if not tariff.country_code or not tariff.party_id:
                parsed.skipped.append(
                    Skip(record, "country_code and party_id are needed: they say whose it is")
                )
                continue
            key = tariff_key(tariff)
            if key in seen:
                parsed.skipped.append(Skip(record, f"same tariff {key} as {seen[key]}"))
                continue
            seen[key] = record
            parsed.records.append(tariff)
        progress(done, len(files))
    return parsed
