"""chargeprice/open-ev-data importer: our own fixture always, the real file when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from evcharge.core.errors import InvalidInput
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
    assert len(parsed.records) >= 270
    # The file's own errors: consumption given in Wh/km (e.g. 182 for an Audi Q4 e-tron) and a
    # curve ending at 0 kW; each is named with its rule.
    assert all("breaks rule" in s.reason for s in parsed.skipped)
    aiways = next(v for v in parsed.records if v.id == "72475a6a-aae2-da13-1d17-94cc07e5104f")
    assert aiways.ac_phases == 1
    assert aiways.ac_power_per_charging_point_kw[11.0] == 3.7
    assert aiways.dc_charging_curve[1].soc_pct == 18
