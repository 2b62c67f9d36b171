"""chargeprice/open-ev-data importer: our own fixture always, the real file when present."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from evcharge.core.errors import InvalidInput
from evcharge.core.vehicles import CurveProvenance
from evcharge.importers.open_ev_data import parse_file
from tests.conftest import shared_path

FIXTURE = Path(__file__).parent / "fixtures" / "open_ev_data_small.json"


def test_valid_records_become_vehicles_with_their_chargeprice_ids() -> None:
    parsed = parse_file(FIXTURE)
    by_id = {v.id: v for v in parsed.records}
    volt = by_id["11111111-1111-4111-8111-111111111111"]
    assert volt.label == "Testmark Volt One 58 kWh (2021)"
    assert volt.ac_power_per_charging_point_kw[16.0] == 11.0
    assert [(p.soc_pct, p.power_kw) for p in volt.dc_charging_curve] == [
        (0, 80),
        (50, 100),
        (100, 11),
    ]
    scooter = by_id["22222222-2222-4222-8222-222222222222"]
    assert scooter.release_year is None
    assert scooter.dc_max_power_kw is None
    # No DC charging: no curve, so neither the default rule nor a measurement.
    assert scooter.curve_provenance is CurveProvenance.NONE
    assert volt.curve_provenance is CurveProvenance.MEASURED


def test_malformed_records_are_skipped_with_reasons_and_the_rest_imports() -> None:
    parsed = parse_file(FIXTURE)
    assert len(parsed.records) == 2
    reasons = {s.record: s.reason for s in parsed.skipped}
    assert len(reasons) == 3
    backwards = next(r for k, r in reasons.items() if "Backwards" in k)
    assert "curve_soc_rising" in backwards
    bus = next(r for k, r in reasons.items() if "Wrong kind" in k)
    assert "vehicle_type" in bus
    assert any(k.startswith("#4") for k in reasons)


def test_ids_are_stable_between_parses() -> None:
    first = [(v.id, v.evdb_vehicle_id) for v in parse_file(FIXTURE).records]
    second = [(v.id, v.evdb_vehicle_id) for v in parse_file(FIXTURE).records]
    assert first == second


def test_progress_reports_every_record() -> None:
    calls: list[tuple[int, int]] = []
    parse_file(FIXTURE, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(n, 5) for n in range(1, 6)]


@pytest.mark.parametrize("content", ["{not json", '{"vehicles": []}', "[]"])
def test_a_file_that_is_not_open_ev_data_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content)
    with pytest.raises(InvalidInput):
        parse_file(path)


def test_the_real_file_imports_all_but_its_broken_records() -> None:
    path = shared_path("data", "open-ev-data", "ev-data.json")
    parsed = parse_file(path)
    assert len(parsed.records) + len(parsed.skipped) == 293
    # Its consumption given in Wh/km (182 for an Audi Q4 e-tron 35) is converted, and the
    # Chevrolet Bolt's curve ending at 0 kW is accepted: every record imports.
    assert parsed.skipped == []
    q4 = next(v for v in parsed.records if v.id == "0ae12bf4-e82a-622b-f669-2fa7bdf4b2fb")
    assert q4.energy_consumption_kwh_per_100km == pytest.approx(18.2)
    assert {v.brand.name for v in parsed.records} >= {"Škoda", "Citroën", "Mercedes-Benz", "DS"}
    aiways = next(v for v in parsed.records if v.id == "72475a6a-aae2-da13-1d17-94cc07e5104f")
    assert aiways.ac_phases == 1
    assert aiways.ac_power_per_charging_point_kw[11.0] == 3.7
    assert aiways.dc_charging_curve[1].soc_pct == 18


def one_record(tmp_path: Path, **fields: Any) -> dict[str, Any]:
    """The fixture's first record with `fields` replaced, written alone to a file and parsed."""
    record = json.loads(FIXTURE.read_text())["data"][0] | fields
    path = tmp_path / "ev-data.json"
    path.write_text(json.dumps({"data": [record]}))
    parsed = parse_file(path)
    assert not parsed.skipped, parsed.skipped
    return {"vehicle": parsed.records[0]}


@pytest.mark.parametrize(
    ("average_consumption", "kwh_per_100km"),
    [(176.0, 17.6), (148.0, 14.8), (60.0, 60.0), (17.5, 17.5)],
)
def test_consumption_given_in_wh_per_km_is_converted_to_kwh_per_100km(
    tmp_path: Path, average_consumption: float, kwh_per_100km: float
) -> None:
    consumption = {"average_consumption": average_consumption}
    vehicle = one_record(tmp_path, energy_consumption=consumption)["vehicle"]
    assert vehicle.energy_consumption_kwh_per_100km == pytest.approx(kwh_per_100km)


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [("Skoda", "Škoda"), ("Citroen", "Citroën"), ("Mercedes Benz", "Mercedes-Benz")],
)
def test_brands_get_the_catalogues_spelling(tmp_path: Path, spelling: str, canonical: str) -> None:
    vehicle = one_record(tmp_path, brand=spelling)["vehicle"]
    assert vehicle.brand.name == canonical


def test_a_measured_curve_ending_at_0_kw_is_accepted(tmp_path: Path) -> None:
    curve = [{"percentage": 0, "power": 55.0}, {"percentage": 85, "power": 16.0},
             {"percentage": 100, "power": 0.0}]  # fmt: skip
    dc = {"ports": ["ccs"], "max_power": 55.0, "charging_curve": curve}
    vehicle = one_record(tmp_path, dc_charger=dc)["vehicle"]
    assert vehicle.dc_charging_curve[-1].power_kw == 0.0
