"""What an import checks before it writes a row: values too long for their column, and EVSE ids
that another station holds.

SQLite stores a string of any length in a VARCHAR; PostgreSQL refuses one longer than the
column, and a second row for an EVSE id. Either aborted the whole import with a traceback (on
PostgreSQL only). So every importer that writes catalogue rows asks here first, with the exact
values the repository will write, and skips the record naming the field. The limits are read
from the models' column types (which the migrations mirror), so they cannot drift from the
schema; nothing is shortened here, because a shortened key would name another record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from sqlalchemy import String

from evcharge.core.network import Company, Station, Tariff
from evcharge.core.vehicles import Vehicle
from evcharge.db.base import Base
from evcharge.db.models import (
    BrandRow,
    CompanyRow,
    StationEvseRow,
    StationRow,
    TariffRow,
    VehicleRow,
)
from evcharge.db.repositories.network_mapping import company_columns, station_columns
from evcharge.db.repositories.stations import StationRepository
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
            return _too_long(_LABELS.get(name, name), value, limit)
    return None


def _too_long(what: str, value: str, limit: int) -> str:
    shown = excerpt(value[:_SHOWN_CHARS])
    return f"{what} ({shown}…) is {len(value)} characters long; the database stores at most {limit}"


def station_too_long(station: Station, *, source: str, source_key: str) -> str | None:
    """EVSE ids are not checked here: `with_storable_evse_ids` leaves long ones out."""
    values = {**station_columns(station), "source": source, "source_key": source_key}
    return too_long(StationRow, values)


def company_too_long(company: Company, *, source_key: str) -> str | None:
    return too_long(CompanyRow, {**company_columns(company), "source_key": source_key})


def tariff_too_long(tariff: Tariff, *, source_key: str) -> str | None:
    return too_long(TariffRow, {**tariff_columns(tariff), "source_key": source_key})


def vehicle_too_long(vehicle: Vehicle, *, source: str, source_key: str) -> str | None:
    """The vehicle's row and its brand's (the repository writes both)."""
    values = {**vehicle_columns(vehicle), "source": source, "source_key": source_key}
    brand = {"id": vehicle.brand.id, "name": vehicle.brand.name}
    return too_long(VehicleRow, values) or too_long(BrandRow, brand)


def with_storable_evse_ids(
    stations: StationRepository, station: Station
) -> tuple[Station, list[str]]:
    """`station` without the EVSE ids it cannot be found by, and a note for each left out.

    An EVSE id names one station. One that another station holds already (an earlier record
    of the file, or an earlier import) stays with that station: first come, first kept, so a
    re-import changes nothing. One too long for its column is left out too. Only the id goes:
    the charge point still counts, as one of an EVSE without an id would.
    """
    wanted = list(dict.fromkeys(e for cp in station.charge_points for e in cp.evse_ids))
    limit = column_lengths(StationEvseRow)["evse_id"]
    why = {e: _too_long("EVSE id", e, limit) for e in wanted if len(e) > limit}
    holders = stations.evse_holders([e for e in wanted if e not in why], other_than=station.id)
    for evse_id, holder in holders.items():
        why[evse_id] = f"EVSE id {excerpt(evse_id)} left out: station {excerpt(holder)} has it"
    if not why:
        return station, []
    kept = tuple(
        replace(cp, evse_ids=tuple(e for e in cp.evse_ids if e not in why))
        for cp in station.charge_points
    )
    return replace(station, charge_points=kept), [why[e] for e in wanted if e in why]
