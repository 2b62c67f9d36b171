"""Our stations as OCPI 2.2.1 Location objects (Sender interface).

A station's charge point group (plug, power, count) becomes `count` EVSEs with one connector
each. The power is ours; OCPI also requires volts and amps: we give nominal ones that
multiply to that power (230 V per AC phase, 400 V DC) and say so in the README.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from evcharge.core.network import ChargePointGroup, Company, Station
from evcharge.core.ocpi.zones import ALPHA3_TO_ALPHA2, SINGLE_ZONE
from evcharge.core.plugs import EnergyType, Plug

ALPHA2_TO_ALPHA3 = {two: three for three, two in ALPHA3_TO_ALPHA2.items()}
EXTRA_ZONES = {"ES": "Europe/Madrid", "PT": "Europe/Lisbon"}  # mainland
STANDARDS: dict[Plug, str] = {
    Plug.CCS: "IEC_62196_T2_COMBO",
    Plug.TYPE2: "IEC_62196_T2",
    Plug.CHADEMO: "CHADEMO",
    Plug.SCHUKO: "DOMESTIC_F",
    Plug.TYPE1: "IEC_62196_T1",
    Plug.TYPE3: "IEC_62196_T3C",
    Plug.TESLA_CCS: "IEC_62196_T2_COMBO",
    Plug.TESLA_SUC: "TESLA_S",
    Plug.CCS1: "IEC_62196_T1_COMBO",
    Plug.NACS: "TESLA_S",  # 2.2.1 predates SAE J3400; TESLA_S is the same connector
}
SOCKETS = frozenset({Plug.TYPE2, Plug.SCHUKO, Plug.TYPE3})
PARKING_TYPES = frozenset(
    {"ALONG_MOTORWAY", "PARKING_GARAGE", "PARKING_LOT", "ON_DRIVEWAY", "ON_STREET",
     "UNDERGROUND_GARAGE"}
)  # fmt: skip
_OPERATOR_ID = re.compile(r"([A-Z]{2})\*([A-Z0-9]{3})")


def ocpi_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def party_of(company: Company | None, default: tuple[str, str]) -> tuple[str, str]:
    """The operator's (country code, party id) from its EVSE operator id CC*PTY, or ours."""
    for operator_id in company.evse_operator_ids if company else ():
        found = _OPERATOR_ID.fullmatch(operator_id.upper())
        if found:
            return found.group(1), found.group(2)
    return default


def _connector(cp: ChargePointGroup, updated: str) -> dict[str, Any]:
    dc = cp.energy_type is EnergyType.DC
    phases = 3 if not dc and cp.power_kw > 7.4 else 1
    volts = 400 if dc else 230
    watts = round(cp.power_kw * 1000)
    return {
        "id": "1",
        "standard": STANDARDS[cp.plug],
        "format": "SOCKET" if cp.plug in SOCKETS else "CABLE",
        "power_type": "DC" if dc else ("AC_3_PHASE" if phases == 3 else "AC_1_PHASE"),
        "max_voltage": volts,
        "max_amperage": max(round(watts / (volts * phases)), 1),
        "max_electric_power": watts,
        "last_updated": updated,
    }


def _evses(station: Station, updated: str) -> list[dict[str, Any]]:
    evses = []
    for g, cp in enumerate(station.charge_points, start=1):
        for n in range(1, max(cp.count, len(cp.evse_ids), 1) + 1):
            evse_id = cp.evse_ids[n - 1] if n <= len(cp.evse_ids) else None
            evse: dict[str, Any] = {"uid": evse_id or f"{g}-{n}", "status": "UNKNOWN"}
            if evse_id:
                evse["evse_id"] = evse_id
            evse["connectors"] = [_connector(cp, updated)]
            evse["last_updated"] = updated
            evses.append(evse)
    return evses


def location(
    station: Station, updated_at: datetime, company: Company | None, default: tuple[str, str]
) -> dict[str, Any]:
    country_code, party_id = party_of(company, default)
    updated = ocpi_time(updated_at)
    street, _, city = station.address.rpartition(", ")
    doc: dict[str, Any] = {
        "country_code": country_code,
        "party_id": party_id,
        "id": station.id,
        "publish": True,
        "name": station.name,
        "address": (street or station.address)[:45],
        "city": (city if street else "")[:45],
        "country": ALPHA2_TO_ALPHA3.get(station.country, station.country),
        "coordinates": {
            "latitude": f"{station.latitude:.6f}",
            "longitude": f"{station.longitude:.6f}",
        },
        "evses": _evses(station, updated),
        "time_zone": SINGLE_ZONE.get(station.country) or EXTRA_ZONES.get(station.country, "UTC"),
        "last_updated": updated,
    }
    if station.parking_type and station.parking_type.upper() in PARKING_TYPES:
        doc["parking_type"] = station.parking_type.upper()
    if company is not None:
        doc["operator"] = {"name": company.name[:100]}
    return doc
