"""What the national charging registers' parsers return: one station per record, as core types.

Germany's BNetzA register, France's IRVE, the US AFDC, the Nordic NOBIL and the UK NCR each
publish their own format (XLSX, Parquet or CSV, CSV, JSON, CSV); their parsers
(importers/bnetza.py, irve.py, afdc.py, nobil.py, uk_ncr.py) all yield `RegisterStation`s or
`Skip`s, one per source record, so one service stores any of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from evcharge.core.plugs import EnergyType, Plug
from evcharge.importers.parsed import Parsed, Skip

# plug, power kW, AC/DC, how many such points, their EVSE ids (where the source gives them)
ChargePointRow = tuple[Plug, float, EnergyType, int, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """Who publishes a register and on what terms: stored with every station from it, and shown
    by the API and the page as the licence requires."""

    source: str  # "bnetza", "irve", "afdc", "nobil", "uk-ncr"
    publisher: str
    licence: str  # e.g. "CC BY 4.0", "Licence Ouverte / Open Licence 2.0"
    licence_url: str
    attribution: str  # the words the licence asks users to show


@dataclass(frozen=True, slots=True)
class RegisterStation:
    source: str  # SourceInfo.source
    source_key: str  # the publisher's own id of the station, stable across its releases
    operator_name: str | None  # as the register spells it; mapped to our companies later
    name: str
    address: str
    latitude: float
    longitude: float
    country: str  # ISO 3166-1 alpha-2
    charge_points: tuple[ChargePointRow, ...]
    updated_on: date | None  # the publisher's date for this record, where it gives one
    notes: tuple[str, ...] = ()  # what the parser had to assume, in words a user can act on


def collect(rows: Iterable[RegisterStation | Skip]) -> Parsed[RegisterStation]:
    """A streamed parse gathered into one Parsed (for files that fit in memory, and tests)."""
    parsed: Parsed[RegisterStation] = Parsed()
    for row in rows:
        if isinstance(row, Skip):
            parsed.skipped.append(row)
        else:
            parsed.records.append(row)
    return parsed


def stations_only(rows: Iterable[RegisterStation | Skip]) -> Iterator[RegisterStation]:
    return (row for row in rows if isinstance(row, RegisterStation))
