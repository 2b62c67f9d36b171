"""`evcharge import ocpi-tariffs PATH`: a file or folder of OCPI 2.2.1 Tariff objects.

A file may hold one Tariff, a list of them, or an OCPI response ({"data": [...]}). Anything
that is not a valid Tariff is skipped with the reason; so is a second tariff with the same
(country_code, party_id, id), which OCPI treats as the same tariff.
"""

from __future__ import annotations

from pathlib import Path

from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.model import OcpiTariff
from evcharge.importers.json_files import json_objects
from evcharge.importers.ocpi_json import parse_tariff
from evcharge.importers.parsed import Parsed, Progress, Skip, no_progress

SOURCE = "ocpi"


def tariff_key(t: OcpiTariff) -> str:
    return f"{t.country_code.upper()}*{t.party_id.upper()}*{t.id}"


def read_tariffs(path: Path, *, progress: Progress = no_progress) -> Parsed[OcpiTariff]:
    parsed: Parsed[OcpiTariff] = Parsed()
    seen: dict[str, str] = {}
    for record, obj in json_objects(path, parsed.skipped, progress=progress):
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
    return parsed
