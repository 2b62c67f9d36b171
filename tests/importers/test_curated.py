"""The embedded curated dataset: it loads, it is big enough, and it says what v2x-facts.csv says."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from evcharge.core.errors import InvalidVehicle
from evcharge.core.v2x import Market, SupportStatus
from evcharge.importers.curated import load_embedded

VEHICLES = {v.evdb_vehicle_id: v for v in load_embedded()}
A, N, AN = SupportStatus.AVAILABLE, SupportStatus.NOT_AVAILABLE, SupportStatus.ANNOUNCED


def test_the_dataset_has_at_least_80_vehicles_across_uk_eu_and_us() -> None:
    assert len(VEHICLES) >= 80
    markets = Counter(m for v in VEHICLES.values() for m in v.markets)
    assert min(markets[m] for m in Market) >= 30


def test_every_vehicle_names_its_sources_and_real_curves_have_five_points() -> None:
    for vehicle in VEHICLES.values():
        assert vehicle.sources, vehicle.label
        assert all(s.startswith("https://") for s in vehicle.sources), vehicle.label
        if vehicle.dc_max_power_kw is not None and not vehicle.dc_default_charging_curve:
            assert len(vehicle.dc_charging_curve) >= 5, vehicle.label


def test_default_curves_are_marked_and_follow_the_rule() -> None:
    defaults = [v for v in VEHICLES.values() if v.dc_default_charging_curve]
    for v in defaults:
        assert v.dc_max_power_kw is not None
        assert [p.soc_pct for p in v.dc_charging_curve] == [0, 75, 100]
        assert v.dc_charging_curve[1].power_kw == v.dc_max_power_kw
        assert v.dc_charging_curve[2].power_kw == v.ac_max_power_kw


def v2x(evdb_id: int, market: Market) -> dict[str, tuple[SupportStatus, float | None]]:
    facts = VEHICLES[evdb_id].bidirectional[market]
    return {
        name: (getattr(facts, name).status, getattr(facts, name).power_kw)
        for name in ("v2l", "v2h_ac", "v2h_dc", "v2g_ac", "v2g_dc")
    }


# One row per line of shared/reference/v2x-facts.csv that concerns the UK, EU or US, checked by
# hand against it: (evdb id, market, mode, status, kW). The CSV splits neither V2H nor V2G by
# AC/DC; the mode follows its connector column and data-sources.md §1.2 (CCS DC for VW, Ford, GM
# and Kia EV9; AC on-board for Renault 5, BMW Neue Klasse and Tesla Cybertruck).
CSV_FACTS: list[tuple[int, Market, str, SupportStatus, float | None]] = [
    (1001, Market.UK, "v2l", A, 3.6),  # IONIQ 5 KR/EU
    (1001, Market.EU, "v2h_dc", N, None),
    (1004, Market.US, "v2l", A, 1.9),  # IONIQ 5 US
    (1101, Market.EU, "v2l", A, 3.6),  # EV6 EU
    (1103, Market.US, "v2l", A, 1.9),  # EV6 US
    (1901, Market.UK, "v2l", A, None),  # GV60
    (1006, Market.UK, "v2l", A, None),  # IONIQ 6
    (1008, Market.EU, "v2l", A, None),  # KONA SX2
    (1105, Market.US, "v2h_dc", A, 11.5),  # EV9 US, Quasar 2
    (1105, Market.US, "v2g_dc", AN, 11.5),
    (2804, Market.US, "v2l", A, 9.6),  # F-150 Lightning
    (2804, Market.US, "v2h_dc", A, 9.6),
    (2804, Market.US, "v2g_dc", AN, None),
    (1211, Market.US, "v2l", A, 9.6),  # Cybertruck
    (1211, Market.US, "v2h_ac", A, 11.5),
    (1211, Market.US, "v2g_ac", A, 11.5),
    (1201, Market.UK, "v2l", N, None),  # Model 3
    (1201, Market.UK, "v2h_ac", N, None),
    (2001, Market.UK, "v2l", N, None),  # LEAF ZE1
    (2001, Market.UK, "v2h_dc", A, None),
    (2001, Market.UK, "v2g_dc", A, 7.4),
    (1302, Market.EU, "v2l", N, None),  # VW 77 kWh
    (1302, Market.EU, "v2h_dc", A, None),
    (1302, Market.EU, "v2g_dc", AN, None),
    (2101, Market.EU, "v2l", A, 3.7),  # Renault 5
    (2101, Market.EU, "v2h_ac", A, None),
    (2101, Market.EU, "v2g_ac", A, None),
    (1706, Market.EU, "v2l", A, 3.7),  # BMW iX3 Neue Klasse
    (1706, Market.EU, "v2h_ac", A, 11.0),
    (1706, Market.EU, "v2g_ac", A, 11.0),
    (2705, Market.US, "v2l", AN, None),  # Volvo EX90
    (2705, Market.US, "v2h_dc", A, None),
    (2705, Market.US, "v2g_dc", AN, None),
    (2605, Market.US, "v2h_dc", A, None),  # Polestar 3
    (2904, Market.US, "v2h_dc", A, 10.2),  # Silverado EV
    (2904, Market.US, "v2g_dc", AN, None),
    (3001, Market.US, "v2h_dc", A, 9.6),  # Sierra EV
    (2902, Market.US, "v2h_dc", A, 9.6),  # Equinox EV
    (2903, Market.US, "v2h_dc", A, 9.6),  # Blazer EV
    (3101, Market.US, "v2h_dc", A, 9.6),  # LYRIQ
    (3201, Market.US, "v2l", A, 1.5),  # Rivian R1T
    (3201, Market.US, "v2h_dc", AN, None),
    (2401, Market.UK, "v2l", A, 3.0),  # MG4
    (2403, Market.UK, "v2l", A, None),  # ZS EV
    (2501, Market.UK, "v2l", A, 3.3),  # Dolphin
    (2502, Market.UK, "v2l", A, None),  # Atto 3
    (1010, Market.US, "v2h_dc", A, None),  # IONIQ 9
]


@pytest.mark.parametrize(
    ("evdb_id", "market", "mode", "status", "power_kw"),
    CSV_FACTS,
    ids=[f"{r[0]}-{r[1].value}-{r[2]}" for r in CSV_FACTS],
)
def test_v2x_facts_match_the_reference_table(
    evdb_id: int, market: Market, mode: str, status: SupportStatus, power_kw: float | None
) -> None:
    assert v2x(evdb_id, market)[mode] == (status, power_kw)


def test_v2x_sources_come_from_the_reference_table_where_it_has_the_car() -> None:
    facts = VEHICLES[1211].bidirectional[Market.US]
    assert facts.v2l.source_url is not None
    assert "Tesla_Powershare" in facts.v2l.source_url or "tesla.com" in facts.v2l.source_url


def test_a_bad_record_stops_loading_with_its_name_and_rule(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(
        '{"brand": "Testmark", "vehicles": [{"evdb_vehicle_id": 9999, "model": "X", '
        '"variant": "v", "release_year": 2024, "markets": ["uk"], "usable_battery_size": 50, '
        '"ac_phases": 3, "ac_ports": ["type2"], "ac_max_power": 11, "dc_ports": ["ccs"], '
        '"dc_max_power": 100, "dc_charging_curve": [[0, 90], [50, 80], [40, 70], [100, 10]], '
        '"sources": ["https://example.org"]}]}'
    )
    with pytest.raises(InvalidVehicle) as caught:
        load_embedded(tmp_path)
    assert caught.value.rule == "curve_soc_rising"
    assert "Testmark X v (2024)" in caught.value.message


def test_a_schema_error_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text('{"brand": "Testmark", "vehicles": [{"model": 1}]}')
    with pytest.raises(InvalidVehicle) as caught:
        load_embedded(tmp_path)
    assert "broken.json" in caught.value.message


def test_labels_are_unique_so_variants_can_be_told_apart() -> None:
    labels = Counter(v.label for v in VEHICLES.values())
    assert [label for label, n in labels.items() if n > 1] == []
