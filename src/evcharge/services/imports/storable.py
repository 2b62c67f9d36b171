"""What an import checks before it writes a row: values too long for their column (a station's
EVSE ids are checked as its batch is written: station_batch.py).

SQLite stores a string of any length in a VARCHAR; PostgreSQL refuses one longer than the
column, and a second row for an EVSE id. Either aborted the whole import with a traceback (on
PostgreSQL only). So every importer that writes catalogue rows asks here first, with the exact
values the repository will write, and skips the record naming the field. The limits are read
from the models' column types (which the migrations mirror), so they cannot drift from the
schema; nothing is shortened here, because a shortened key would name another record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache
from typing import Any

from sqlalchemy import String

from evcharge.core.network import Company, Station, Tariff
from evcharge.core.vehicles import Vehicle
from evcharge.db.base import Base
from evcharge.db.models import (
    BrandRow,
    CompanyRow,
    StationRow,
    TariffRow,
    VehicleRow,
)
from evcharge.db.repositories.network_mapping import company_columns
from evcharge.db.repositories.tariff_mapping import columns as tariff_columns
from evcharge.db.repositories.vehicle_mapping import columns as vehicle_columns
from evcharge.importers.input_text import excerpt

_SHOWN_CHARS = 32  # of a value too long: enough to recognise it, short enough for one line
# Column names a user would not know from the file.
_LABELS = {"source_key": "source key"}


@cache
def column_lengths(model: type[Base]) -> dict[str, int]:
    """Column name -> the most characters it stores, for the model's length-bound strings."""
    return {
        column.name: column.type.length
        for column in model.__table__.columns
        if isinstance(column.type, String) and column.type.length is not None
    }


def too_long(model: type[Base], values: Mapping[str, Any]) -> str | None:
    """Why `values` cannot be a row of `model`: the first string longer than its column."""
    lengths = column_lengths(model)
    for name, value in values.items():
        limit = lengths.get(name)
        if limit is not None and isinstance(value, str) and len(value) > limit:
            return too_long_note(_LABELS.get(name, name), value, limit)
    return None


def too_long_note(what: str, value: str, limit: int) -> str:
    shown = excerpt(value[:_SHOWN_CHARS])
    return f"{what} ({shown}…) is {len(value)} characters long; the database stores at most {limit}"


def station_too_long(station: Station, *, source: str, source_key: str) -> str | None:
    """Each length-bound column of the station's row (read from StationRow's types): its
    source and key, and the Station field of the column's name (station_columns writes each
    as it is; a column no field feeds, `status`, is the repository's own). Not through
    station_columns: an import checks thousands of stations a second, and building each row
    twice, charge points and all, would cost it several times this check. EVSE ids are not
    checked here: station_batch.py leaves long ones out."""
    values = {name: getattr(station, name) for name in _station_fields()}
    values["source"], values["source_key"] = source, source_key
    return too_long(StationRow, values)


@cache
def _station_fields() -> tuple[str, ...]:
    """StationRow's length-bound columns that a Station field of the same name feeds (but
    source: the import gives it)."""
    fields = {f.name for f in dataclasses.fields(Station)} - {"source"}
    return tuple(name for name in column_lengths(StationRow) if name in fields)


def company_too_long(company: Company, *, source_key: str) -> str | None:
    return too_long(CompanyRow, {**company_columns(company), "source_key": source_key})


def tariff_too_long(tariff: Tariff, *, source_key: str) -> str | None:
    return too_long(TariffRow, {**tariff_columns(tariff), "source_key": source_key})


def vehicle_too_long(vehicle: Vehicle, *, source: str, source_key: str) -> str | None:
    """The vehicle's row and its brand's (the repository writes both)."""
    values = {**vehicle_columns(vehicle), "source": source, "source_key": source_key}
    brand = {"id": vehicle.brand.id, "name": vehicle.brand.name}
    return too_long(VehicleRow, values) or too_long(BrandRow, brand)
