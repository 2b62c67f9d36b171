"""`evcharge import ocpi-tariffs PATH`: a file or folder of OCPI 2.2.1 Tariff objects.

A file may hold one Tariff, a list of them, or an OCPI response ({"data": [...]}). Anything
that is not a valid Tariff is skipped with the reason; so is a second tariff with the same
(country_code, party_id, id), which OCPI treats as the same tariff.
"""

from __future__ import annotations

from pathlib import Path

from evcharge.codecs.ocpi_json import parse_tariff
from evcharge.core.errors import InvalidInput
from evcharge.core.ocpi.model import OcpiTariff
from evcharge.importers.json_files import format_records
from evcharge.importers.parsed import Parsed, Progress, Skip, no_progress

SOURCE = "ocpi"


def tariff_key(t: OcpiTariff) -> str:
    return f"{t.country_code.upper()}*{t.party_id.upper()}*{t.id}"


def _not_a_tariff(obj: object) -> str | None:
    return (
        None if isinstance(obj, dict) and "elements" in obj else "not an OCPI Tariff (no elements)"
    )


def read_tariffs(path: Path, *, progress: Progress = no_progress) -> Parsed[OcpiTariff]:
    """Raises InvalidInput when `path` holds no Tariff at all (see `format_records`)."""
    parsed: Parsed[OcpiTariff] = Parsed()
    seen: dict[str, str] = {}
    records = format_records(
        path, parsed.skipped, what="OCPI Tariff", shape_problem=_not_a_tariff, progress=progress
    )
    for record, obj in records:
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
