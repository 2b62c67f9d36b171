"""OCPI Location objects -> stations: plugs, powers, EVSE grouping, skips with reasons."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.importers.ocpi_locations import LocationRecord, location, read_locations
from evcharge.importers.parsed import Removed
from evcharge.services.imports.ocpi import import_ocpi_locations
from evcharge.settings import Settings
from tests.conftest import shared_path

HPC: dict[str, Any] = {
    "country_code": "DE", "party_id": "TST", "id": "HPC1", "publish": True,
    "name": "Test HPC", "address": "Hauptstr. 1", "city": "Köln", "postal_code": "50667",
    "country": "DEU", "coordinates": {"latitude": "50.9375", "longitude": "6.9603"},
    "operator": {"name": "Test Charging GmbH"}, "time_zone": "Europe/Berlin",
    "evses": [
        {"uid": "1", "evse_id": "DE*TST*E1", "status": "AVAILABLE", "connectors": [
            {"id": "1", "standard": "IEC_62196_T2_COMBO", "format": "CABLE", "power_type": "DC",
             "max_voltage": 920, "max_amperage": 500, "max_electric_power": 300000},
            {"id": "2", "standard": "CHADEMO", "format": "CABLE", "power_type": "DC",
             "max_voltage": 500, "max_amperage": 125}]},
        {"uid": "2", "evse_id": "DE*TST*E2", "status": "AVAILABLE", "connectors": [
            {"id": "1", "standard": "IEC_62196_T2_COMBO", "format": "CABLE", "power_type": "DC",
             "max_voltage": 920, "max_amperage": 500, "max_electric_power": 300000},
            {"id": "2", "standard": "PANTOGRAPH_BOTTOM_UP", "format": "CABLE", "power_type": "DC",
             "max_voltage": 800, "max_amperage": 500}]},
        {"uid": "3", "evse_id": "DE*TST*E3", "status": "REMOVED", "connectors": [
            {"id": "1", "standard": "IEC_62196_T2", "format": "SOCKET", "power_type": "AC_3_PHASE",
             "max_voltage": 230, "max_amperage": 32}]},
    ],
}  # fmt: skip


def test_connectors_group_by_plug_and_power_per_evse() -> None:
    record = location(HPC)
    assert isinstance(record, LocationRecord)
    # CCS: max_electric_power 300 000 W on both EVSEs -> one group of 2. CHAdeMO: no
    # max_electric_power, so 500 V x 125 A = 62.5 kW. The removed EVSE is not there.
    assert record.charge_points == (
        (Plug.CCS, 300.0, EnergyType.DC, 2, ("DE*TST*E1", "DE*TST*E2")),
        (Plug.CHADEMO, 62.5, EnergyType.DC, 1, ("DE*TST*E1",)),
    )
    assert record.notes == (
        "EVSE DE*TST*E2: connector 2 left out: cannot map PANTOGRAPH_BOTTOM_UP",
    )
    assert (record.country, record.address) == ("DE", "Hauptstr. 1, 50667, Köln")


def test_a_plug_that_carries_one_energy_type_keeps_it_whatever_power_type_says() -> None:
    slip = json.loads(json.dumps(HPC))
    slip["evses"][0]["connectors"][0]["power_type"] = "AC_3_PHASE"  # a CCS connector "AC"
    slip["evses"][1]["connectors"][0]["power_type"] = "AC_3_PHASE"
    record = location(slip)
    assert isinstance(record, LocationRecord)
    assert record.charge_points[0] == (
        Plug.CCS,
        300.0,
        EnergyType.DC,
        2,
        ("DE*TST*E1", "DE*TST*E2"),
    )


def test_the_spec_location_example_ac_power_from_voltage_amperage_and_phases() -> None:
    doc = json.loads(
        shared_path("data", "ocpi", "spec-examples", "location_example.json").read_text()
    )
    record = location(doc)
    assert isinstance(record, LocationRecord)
    # Two EVSEs with IEC_62196_T2 AC_3_PHASE 220 V x 16 A: 220 x 16 x 3 = 10 560 W -> 10.6 kW.
    assert record.charge_points == (
        (Plug.TYPE2, 10.6, EnergyType.AC, 2, ("BE*BEC*E041503001", "BE*BEC*E041503002")),
    )


def test_why_a_location_is_skipped() -> None:
    assert location({**HPC, "publish": False}).startswith("not published")  # type: ignore[union-attr]
    assert location({**HPC, "country": "XYZ"}).startswith("country XYZ")  # type: ignore[union-attr]
    assert location({**HPC, "coordinates": None}) == "missing coordinates"
    no_plugs = {
        **HPC,
        "evses": [HPC["evses"][1] | {"connectors": HPC["evses"][1]["connectors"][1:]}],
    }
    assert location(no_plugs) == "no connector maps to a plug we know"


def test_a_location_whose_evses_are_all_removed_names_itself(tmp_path: Path) -> None:
    """OCPI deletes nothing: a location without a valid EVSE "should no longer be displayed"
    (mod_locations). Its key is its station's (LocationRecord.key), so that station goes."""
    evses = [evse | {"status": "REMOVED"} for evse in HPC["evses"]]
    removed = {**HPC, "party_id": "tst", "evses": evses}
    gone = Removed("DE*TST*HPC1", "every EVSE is REMOVED", key="DE*TST*HPC1")
    assert location(removed) == gone
    assert location({**removed, "publish": False}) == gone  # its station must go all the same
    # A location without EVSEs is not removed: it may be pushed before them.
    assert location({**HPC, "evses": []}) == "no connector maps to a plug we know"
    (tmp_path / "locations.json").write_text(json.dumps([HPC, removed]))
    parsed = read_locations(tmp_path / "locations.json")
    assert [r.key for r in parsed.records] == [gone.key]
    assert parsed.skipped == [replace(gone, record="locations.json[1]")]


def test_import_is_idempotent_and_the_station_is_found_by_evse_id(
    settings: Settings, client: TestClient, key: str, tmp_path: Any
) -> None:
    (tmp_path / "hpc.json").write_text(json.dumps({"data": [HPC]}))
    database = Database(settings)
    with database.transaction() as session:
        first = import_ocpi_locations(session, read_locations(tmp_path))
    with database.transaction() as session:
        again = import_ocpi_locations(session, read_locations(tmp_path))
    database.dispose()
    assert (first["stations"].created, first["companies"].created) == (1, 1)
    assert (again["stations"].unchanged, again["companies"].created) == (1, 0)
    found = client.get("/v1/charging_stations/DE*TST*E2", headers={"Api-Key": key})
    assert found.status_code == 200, found.text
    assert found.json()["data"]["attributes"]["name"] == "Test HPC"
