"""Open Charge Map POIs -> stations: the shared samples, plugs, power, licences, skips."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.core.errors import InvalidInput
from evcharge.core.ids import stable_uuid
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.importers.ocm import PoiRecord, Reference, poi, read_pois, read_reference
from evcharge.importers.parsed import Removed
from evcharge.services.imports.ocm import import_ocm_pois
from evcharge.settings import Settings
from tests.conftest import SHARED, needs_shared
from tests.importers.ocm_sample import ocm_sample

OCM = SHARED / "data" / "ocm"
pytestmark = needs_shared("data", "ocm")
REFERENCE = OCM / "reference_subset.json"


def sample(poi_id: int) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((OCM / "poi" / f"OCM-{poi_id}.json").read_text())
    return doc


def record(doc: dict[str, Any], ref: Reference | None = None) -> PoiRecord:
    result = poi(doc, ref or read_reference(REFERENCE))
    assert isinstance(result, PoiRecord), result
    return result


def test_the_four_samples_map_to_stations() -> None:
    # 148475: Chargy, Type 2 socket (25), three-phase, 22 kW, quantity 2, CountryID 132 = LU.
    chargy = record(sample(148475))
    assert (chargy.country, chargy.operator_name) == ("LU", "Chargy (LU)")
    assert chargy.charge_points == ((Plug.TYPE2, 22.0, EnergyType.AC, 2),)
    # 307660: a 300 kW CCS2 (33) hub, DC, quantity 10, CountryID 10 = AD, operator unknown (1).
    hub = record(sample(307660))
    assert (hub.country, hub.operator_id) == ("AD", 1)
    assert hub.charge_points == ((Plug.CCS, 300.0, EnergyType.DC, 10),)
    # 471057: "22 kW CCS2" with no CurrentTypeID: a CCS plug is DC, so DC 22 kW.
    assert record(sample(471057)).charge_points == ((Plug.CCS, 22.0, EnergyType.DC, 1),)
    # 73213: Type 2 x2 kept; the Europlug (13) has no plug of ours and is reported.
    canillo = record(sample(73213))
    assert canillo.charge_points == ((Plug.TYPE2, 22.0, EnergyType.AC, 2),)
    assert canillo.notes == (
        "connection 105340 left out: cannot map connection type Europlug 2-Pin (CEE 7/16)",
    )
    assert canillo.address == "Carrer Prat del Riu, AD100 Canillo"


def test_power_from_volts_and_amps_when_power_kw_is_missing() -> None:
    def power(current_type: int, volts: float, amps: float) -> float:
        doc = sample(148475)
        doc["Connections"] = [
            {"ID": 1, "ConnectionTypeID": 25, "CurrentTypeID": current_type,
             "Voltage": volts, "Amps": amps, "Quantity": 1}
        ]  # fmt: skip
        return record(doc).charge_points[0][1]

    assert power(10, 230, 16) == 3.7  # 230 x 16 = 3680 W
    assert power(20, 230, 32) == 22.1  # 3 x 230 x 32 = 22 080 W
    # Given line to line: sqrt(3) x 400 x 32 = 22 170 W.
    assert power(20, 400, 32) == round(math.sqrt(3) * 400 * 32 / 1000, 1) == 22.2
    assert power(30, 500, 100) == 50.0


@pytest.mark.parametrize(
    ("connection_type", "current_type", "expected"),
    [
        (30, 10, (Plug.NACS, EnergyType.AC)),  # a Tesla destination post, single-phase AC
        (30, 30, (Plug.NACS, EnergyType.DC)),  # an older Supercharger
        (30, None, (Plug.NACS, EnergyType.DC)),  # not said: taken as a Supercharger
        (33, 10, (Plug.CCS, EnergyType.DC)),  # CCS is DC, whatever CurrentTypeID says
        (25, 30, (Plug.TYPE2, EnergyType.AC)),
    ],
)
def test_the_energy_type_of_a_connection(
    connection_type: int, current_type: int | None, expected: tuple[Plug, EnergyType]
) -> None:
    doc = sample(148475)
    doc["Connections"] = [
        {"ID": 1, "ConnectionTypeID": connection_type, "CurrentTypeID": current_type,
         "PowerKW": 11, "Quantity": 1}
    ]  # fmt: skip
    plug, _power, kind, _count = record(doc).charge_points[0]
    assert (plug, kind) == expected


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"StatusTypeID": 150}, "planned, not yet built"),
        ({"SubmissionStatusTypeID": 1001}, "not live on Open Charge Map (submission status 1001)"),
        ({"UsageTypeID": 2}, "private: not for a public catalogue"),
        ({"Connections": [{"ID": 9, "ConnectionTypeID": 13, "PowerKW": 3}]},
         "no connection maps to a plug we know"),
        ({"AddressInfo": {"CountryID": 999, "Latitude": 1, "Longitude": 2}},
         "unknown CountryID 999"),
    ],
)  # fmt: skip
def test_why_a_poi_is_skipped(change: dict[str, Any], reason: str) -> None:
    assert poi(sample(148475) | change, read_reference(REFERENCE)) == reason


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"StatusTypeID": 200}, "removed (decommissioned)"),
        ({"StatusTypeID": 210}, "removed (duplicate listing)"),
        ({"Connections": [{"ID": 9, "ConnectionTypeID": 25, "StatusTypeID": 200, "PowerKW": 22},
                          {"ID": 8, "ConnectionTypeID": 13, "StatusTypeID": 210}]},
         "every connection removed"),
    ],
)  # fmt: skip
def test_a_poi_ocm_marks_removed_names_itself(change: dict[str, Any], reason: str) -> None:
    # Its key is what the station's source key is made of, so that its station is marked removed.
    removed = Removed("OCM-148475", reason, key="148475")
    assert poi(sample(148475) | change, read_reference(REFERENCE)) == removed
    # One connection removed of two: the POI stays, without it.
    doc = sample(148475)
    doc["Connections"][0] = {**doc["Connections"][0], "ID": 7}
    doc["Connections"].append({**doc["Connections"][0], "ID": 8, "StatusTypeID": 200})
    kept = record(doc)
    assert kept.charge_points == record(sample(148475)).charge_points
    assert kept.notes == ("connection 8 left out: removed",)


def test_other_data_providers_need_their_licence_checked() -> None:
    other = sample(148475) | {"DataProviderID": 26}
    assert "pass --reference" in str(poi(other, Reference()))
    # 26 Oplaadpalen.nl is CC BY-NC-SA 3.0 in OCM's reference data: non-commercial.
    ref = Reference(
        providers={26: ("Oplaadpalen.nl", "CC BY-NC-SA 3.0", True), 2: ("afdc", "any use", True)}
    )
    assert "non-commercial" in str(poi(other, ref))
    assert isinstance(poi(sample(148475) | {"DataProviderID": 2}, ref), PoiRecord)


def test_a_broken_reference_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "ref.json").write_text('{"ConnectionTypes": [], "Countries": [{"ID": 1}]}')
    with pytest.raises(InvalidInput, match="not OCM reference data"):
        read_reference(tmp_path / "ref.json")


def test_import_is_idempotent_keeps_names_and_serves_the_station(
    settings: Settings, client: TestClient, key: str, tmp_path: Path
) -> None:
    folder = ocm_sample(tmp_path)
    database = Database(settings)
    with database.transaction() as session:
        first = import_ocm_pois(session, read_pois(folder / "poi", read_reference(REFERENCE)))
    with database.transaction() as session:
        # Without reference data the operator names are unknown: the ones we have stay.
        again = import_ocm_pois(session, read_pois(folder))
    database.dispose()
    assert (first["stations"].created, first["companies"].created) == (4, 2)
    assert (again["stations"].unchanged, again["companies"].summary()) == (
        4,
        "created 0, updated 0, unchanged 0, skipped 0",
    )
    assert [s.reason for s in again["stations"].skipped] == [
        "OCM reference data: pass it with --reference"
    ]
    found = client.get(
        f"/v1/charging_stations/{stable_uuid('ocm-poi', '471057')}", headers={"Api-Key": key}
    )
    assert found.status_code == 200, found.text
    attributes = found.json()["data"]["attributes"]
    assert (attributes["name"], attributes["country"]) == ("EHP", "LU")
