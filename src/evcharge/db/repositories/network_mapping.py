"""Core companies and stations <-> rows."""

from __future__ import annotations

from typing import Any

from evcharge.core.network import ChargePointGroup, Company, Station
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.models import CompanyRow, StationRow


def company_columns(c: Company) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "url": c.url,
        "is_cpo": c.is_cpo,
        "is_emp": c.is_emp,
        "countries": list(c.countries),
        "evse_operator_ids": list(c.evse_operator_ids),
        "sources": list(c.sources),
    }


def to_company(row: CompanyRow) -> Company:
    return Company(
        id=row.id,
        name=row.name,
        url=row.url,
        is_cpo=row.is_cpo,
        is_emp=row.is_emp,
        countries=tuple(row.countries),
        evse_operator_ids=tuple(row.evse_operator_ids),
        supported_emp_ids=frozenset(e.id for e in row.supported_emps),
        sources=tuple(row.sources),
        version=row.version,
    )


def station_columns(s: Station) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": s.name,
        "address": s.address,
        "latitude": s.latitude,
        "longitude": s.longitude,
        "country": s.country,
        "operator_id": s.operator_id,
        "is_sample": s.is_sample,
        "free_parking": s.free_parking,
        "free_charging": s.free_charging,
        "parking_type": s.parking_type,
        "facilities": list(s.facilities),
        "charge_points": [
            {
                "plug": cp.plug.value,
                "power": cp.power_kw,
                "energy_type": cp.energy_type.value,
                "count": cp.count,
                "evse_ids": list(cp.evse_ids),
            }
            for cp in s.charge_points
        ],
        "max_power_kw": s.max_power_kw,
    }


# A page of stations holds a thousand charge point groups: a dict lookup per plug and energy type
# costs a tenth of calling the enum (Plug("ccs")), a fifth of turning a page into stations.
_PLUGS = {p.value: p for p in Plug}
_ENERGY_TYPES = {e.value: e for e in EnergyType}


def to_station(row: StationRow) -> Station:
    return Station(
        id=row.id,
        name=row.name,
        address=row.address,
        latitude=row.latitude,
        longitude=row.longitude,
        country=row.country,
        operator_id=row.operator_id,
        charge_points=tuple(
            ChargePointGroup(
                plug=_PLUGS[cp["plug"]],
                power_kw=cp["power"],
                energy_type=_ENERGY_TYPES[cp["energy_type"]],
                count=cp["count"],
                evse_ids=tuple(cp["evse_ids"]),
            )
            for cp in row.charge_points
        ),
        is_sample=row.is_sample,
        free_parking=row.free_parking,
        free_charging=row.free_charging,
        parking_type=row.parking_type,
        facilities=tuple(row.facilities),
        source=row.source,
        version=row.version,
    )
