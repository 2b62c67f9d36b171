"""chargeprice/open-ev-data `ev-data.json` (MIT, frozen 2021-09) -> core vehicles.

The format is Chargeprice's own vehicle model, so ids are kept as our public ids: a client that
stored Chargeprice vehicle ids finds the same vehicles here. The data are European (Chargeprice
covers Europe), so these vehicles are listed for the uk and eu markets, with V2X unknown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from evcharge.core.brands import canonical_brand
from evcharge.core.consumption import kwh_per_100km_from_wh_per_km
from evcharge.core.errors import InvalidInput, InvalidVehicle
from evcharge.core.ids import imported_evdb_id
from evcharge.core.v2x import Market
from evcharge.core.vehicle_rules import CONSUMPTION_KWH_PER_100KM, validate_vehicle
from evcharge.core.vehicles import (
    AcPort,
    CurvePoint,
    CurveProvenance,
    DcPort,
    EvType,
    Vehicle,
    VehicleType,
)
from evcharge.importers.input_text import excerpt, unstorable_text
from evcharge.importers.json_files import load_json
from evcharge.importers.parsed import Parsed, Progress, Skip, no_progress

SOURCE = "open-ev-data"
MARKETS = (Market.UK, Market.EU)


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _CurvePoint(_Model):
    percentage: float
    power: float


class _Ac(_Model):
    usable_phases: int
    ports: list[AcPort]
    max_power: float
    power_per_charging_point: dict[float, float] | None = None


class _Dc(_Model):
    ports: list[DcPort]
    max_power: float
    charging_curve: list[_CurvePoint]
    is_default_charging_curve: bool = False


class _Consumption(_Model):
    average_consumption: float | None = None


class Record(_Model):
    id: str
    brand: str
    vehicle_type: Literal["car", "motorbike"]
    type: Literal["bev", "phev"]
    model: str
    release_year: int | None = None
    variant: str = ""
    usable_battery_size: float
    ac_charger: _Ac
    dc_charger: _Dc | None = None
    energy_consumption: _Consumption | None = None


def to_vehicle(r: Record) -> Vehicle:
    dc = r.dc_charger
    vehicle = Vehicle(
        id=r.id,
        evdb_vehicle_id=imported_evdb_id(f"{SOURCE}:{r.id}"),
        brand=canonical_brand(r.brand),
        model=r.model.strip(),
        variant=r.variant.strip(),
        release_year=r.release_year,
        vehicle_type=VehicleType(r.vehicle_type),
        ev_type=EvType(r.type),
        usable_battery_size_kwh=r.usable_battery_size,
        ac_phases=r.ac_charger.usable_phases,
        ac_ports=tuple(r.ac_charger.ports),
        ac_max_power_kw=r.ac_charger.max_power,
        ac_power_per_charging_point_kw=dict(r.ac_charger.power_per_charging_point or {}),
        dc_ports=tuple(dc.ports) if dc else (),
        dc_max_power_kw=dc.max_power if dc else None,
        dc_charging_curve=tuple(CurvePoint(p.percentage, p.power) for p in dc.charging_curve)
        if dc
        else (),
        dc_default_charging_curve=dc.is_default_charging_curve if dc else False,
        curve_provenance=(
            CurveProvenance.NONE
            if dc is None
            else CurveProvenance.DEFAULT
            if dc.is_default_charging_curve
            else CurveProvenance.MEASURED
        ),
        energy_consumption_kwh_per_100km=_consumption_kwh_per_100km(
            r.energy_consumption.average_consumption if r.energy_consumption else None
        ),
        markets=MARKETS,
        bidirectional={},
        sources=("https://github.com/chargeprice/open-ev-data",),
    )
    return validate_vehicle(vehicle)


def _consumption_kwh_per_100km(average_consumption: float | None) -> float | None:
    """The file's `average_consumption` in kWh/100 km, as documented; but ten records (Audi Q4
    e-tron, CUPRA Born, Skoda Octavia iV) give Wh/km instead: 176 for 17.6 kWh/100 km. No vehicle
    uses more than the plausible maximum in kWh/100 km (60; the file's highest is 35, its Wh/km
    values are 148 to 197), so a value above that maximum can only be Wh/km, and is converted."""
    if average_consumption is None:
        return None
    if average_consumption > CONSUMPTION_KWH_PER_100KM[1]:
        return kwh_per_100km_from_wh_per_km(consumption_wh_per_km=average_consumption)
    return average_consumption


def _describe(raw: object, index: int) -> str:
    if isinstance(raw, dict):
        parts = [excerpt(str(raw.get(k, "")).strip(), 60) for k in ("brand", "model", "variant")]
        name = " ".join(p for p in parts if p)
        return f"#{index} {name} ({excerpt(str(raw.get('id', 'no id')), 60)})"
    return f"#{index}"


def parse_file(path: Path, *, progress: Progress = no_progress) -> Parsed[Vehicle]:
    """Every valid vehicle of the file; each malformed one becomes a Skip with its reason.

    A file that is not JSON, or not of this shape, raises InvalidInput: nothing could be read.
    """
    rows = _rows(path)
    parsed: Parsed[Vehicle] = Parsed()
    for index, raw in enumerate(rows):
        result = _vehicle(raw)
        if isinstance(result, str):
            parsed.skipped.append(Skip(_describe(raw, index), result))
        else:
            parsed.records.append(result)
        progress(index + 1, len(rows))
    return parsed


def _rows(path: Path) -> list[Any]:
    name = excerpt(path.name)
    try:
        document = load_json(path)
    except InvalidInput as exc:
        raise InvalidInput(f"cannot read {name}: it is {exc.message}", parameter="path") from None
    rows = document.get("data") if isinstance(document, dict) else None
    if not isinstance(rows, list):
        raise InvalidInput(f"{name} is not an open-ev-data file: no 'data' list", parameter="path")
    if rows and not any(isinstance(row, dict) for row in rows):
        raise InvalidInput(
            f"{name} is not an open-ev-data file: its 'data' list holds no objects",
            parameter="path",
        )
    return rows


def _vehicle(raw: object) -> Vehicle | str:
    """The vehicle, or why the record cannot be one."""
    if (problem := unstorable_text(raw)) is not None:
        return problem
    try:
        return to_vehicle(Record.model_validate(raw))
    except ValidationError as exc:
        return _first_error(exc)
    except InvalidVehicle as exc:
        return exc.message


def _first_error(exc: ValidationError) -> str:
    # The location may hold keys of the input (power_per_charging_point's): excerpts only.
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{excerpt(where, 120)}: {excerpt(error['msg'])}"
