"""open-ev-data-dataset -> Vehicle, on a fixture tree, small built trees and the real data."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from evcharge.core.curves import default_ac_table, default_curve
from evcharge.core.errors import InvalidInput
from evcharge.core.ids import brand_id, imported_evdb_id, stable_uuid
from evcharge.core.v2x import Market, SupportStatus, V2xFact
from evcharge.core.vehicles import AcPort, DcPort, EvType, Vehicle, VehicleType
from evcharge.importers.open_ev_data_dataset import parse_dataset
from evcharge.importers.open_ev_data_dataset_merge import Layers, deep_merge
from evcharge.importers.parsed import Parsed, Skip
from tests.conftest import SHARED

FIXTURE = Path(__file__).parent / "fixtures" / "open_ev_data_dataset"
REAL = SHARED / "data" / "open-ev-data-dataset"

SPARK_2024 = "voltra/spark/2024/spark.json"
SPARK_LONG_RANGE = "voltra/spark/2024/spark_long_range.json"
HAULER_2025 = "kestrel/hauler/2025/hauler.json"


def vehicle_id(oed_id: str) -> str:
    return stable_uuid("vehicle", f"open-ev-data-dataset:{oed_id}")


def by_file(parsed: Parsed[Vehicle]) -> dict[str, Vehicle]:
    """Records keyed by their vehicle file, found through the id each file's key gives."""
    keys = {
        SPARK_2024: "oed:voltra:spark:2024:standard",
        SPARK_LONG_RANGE: "oed:voltra:spark:2024:standard:long_range",
        HAULER_2025: "oed:kestrel:hauler:2025:base",
    }
    ids = {vehicle_id(key): name for name, key in keys.items()}
    return {ids[v.id]: v for v in parsed.records}


@pytest.fixture(scope="module")
def fixture_parse() -> Parsed[Vehicle]:
    return parse_dataset(FIXTURE)


@pytest.fixture(scope="module")
def fixture_records(fixture_parse: Parsed[Vehicle]) -> dict[str, Vehicle]:
    return by_file(fixture_parse)


# --- the fixture tree ---------------------------------------------------------------------------


def test_objects_merge_key_by_key_while_scalars_and_arrays_are_replaced_whole() -> None:
    lower = {"a": {"x": 1, "y": [1, 2]}, "b": [1, 2, 3], "c": "old"}
    upper = {"a": {"y": [3]}, "b": [9], "d": True}

    assert deep_merge(lower, upper) == {"a": {"x": 1, "y": [3]}, "b": [9], "c": "old", "d": True}


def test_a_variant_record_is_base_then_year_file_then_variant_file_without_schema() -> None:
    src = FIXTURE / "src"

    merged = Layers(src).merged(src / SPARK_LONG_RANGE)

    assert "$schema" not in merged
    assert merged["make"] == {"slug": "voltra", "name": "Voltra"}  # base
    assert merged["trim"] == {"slug": "standard", "name": "Standard"}  # year file
    assert merged["battery"] == {
        "chemistry": "nmc",
        "pack_capacity_kwh_gross": 64.0,
        "pack_capacity_kwh_net": 77.0,
    }
    assert merged["charging"] == {
        "ac": {"max_power_kw": 11.5, "phases": 1},
        "dc": {"max_power_kw": 130, "architecture_voltage_class": "400v"},
    }
    assert merged["charge_ports"] == [{"kind": "combo", "connector": "ccs1"}]
    assert merged["markets"] == ["US"]
    assert [source["url"] for source in merged["sources"]] == [
        "https://voltra.example/us/spark-long-range"
    ]
    assert merged["v2x"]["v2l"]["max_power_kw"] == 3.6  # year file


def test_a_year_file_is_deep_merged_over_base_json_and_its_arrays_replace_the_base_ones(
    fixture_records: dict[str, Vehicle],
) -> None:
    spark = fixture_records[SPARK_2024]

    assert spark.brand.name == "Voltra"
    assert spark.brand.id == brand_id("Voltra")
    assert (spark.model, spark.variant, spark.release_year) == ("Spark", "Standard", 2024)
    assert spark.vehicle_type is VehicleType.CAR
    assert spark.ev_type is EvType.BEV
    assert spark.usable_battery_size_kwh == 60.0  # battery merged: net from the year file
    assert (spark.ac_max_power_kw, spark.ac_phases) == (11.0, 3)  # charging.ac kept from base
    assert spark.dc_max_power_kw == 130  # charging.dc.max_power_kw overridden by the year file
    assert spark.ac_ports == (AcPort.TYPE2,)
    assert spark.dc_ports == (DcPort.CCS,)
    assert spark.ac_power_per_charging_point_kw == default_ac_table(phases=3, ac_max_power_kw=11.0)
    assert spark.dc_charging_curve == default_curve(dc_max_power_kw=130, ac_max_power_kw=11.0)
    assert spark.dc_default_charging_curve is True
    assert spark.energy_consumption_kwh_per_100km == 15.5
    assert spark.markets == (Market.UK, Market.EU)  # GB, DE/FR; CN is none of ours
    assert spark.sources == (
        "https://voltra.example/spark/2024",
        "https://press.voltra.example/spark-2024",
    )


def test_v2l_becomes_available_in_every_market_with_its_outlets_and_first_source(
    fixture_records: dict[str, Vehicle],
) -> None:
    spark = fixture_records[SPARK_2024]

    expected = V2xFact(
        SupportStatus.AVAILABLE,
        power_kw=3.6,
        interior_ports="1 x UK Socket (BS1363)",
        source_url="https://voltra.example/spark/2024",
    )
    assert set(spark.bidirectional) == {Market.UK, Market.EU}
    for facts in spark.bidirectional.values():
        assert facts.v2l == expected
        assert facts.v2h_ac.status is SupportStatus.UNKNOWN
        assert facts.v2g_dc.status is SupportStatus.UNKNOWN


def test_a_variant_file_overrides_its_year_file_which_overrides_base_json(
    fixture_records: dict[str, Vehicle],
) -> None:
    long_range = fixture_records[SPARK_LONG_RANGE]

    assert long_range.variant == "Standard Long Range"  # trim from the year file
    assert long_range.usable_battery_size_kwh == 77.0
    assert (long_range.ac_max_power_kw, long_range.ac_phases) == (11.5, 1)
    assert long_range.dc_max_power_kw == 130  # from the year file, under the variant
    assert long_range.ac_ports == (AcPort.TYPE1,)  # charge_ports replaced whole: CCS1 only
    assert long_range.dc_ports == (DcPort.CCS1,)
    assert long_range.markets == (Market.US,)
    assert long_range.sources == ("https://voltra.example/us/spark-long-range",)
    v2l = long_range.bidirectional[Market.US].v2l
    assert (v2l.status, v2l.power_kw) == (SupportStatus.AVAILABLE, 3.6)
    assert v2l.source_url == "https://voltra.example/us/spark-long-range"


def test_a_van_without_phases_sold_in_europe_charges_on_three_and_v2h_over_chademo_is_dc(
    fixture_records: dict[str, Vehicle],
) -> None:
    hauler = fixture_records[HAULER_2025]

    assert hauler.vehicle_type is VehicleType.VAN
    assert hauler.markets == (Market.EU,)  # FR and Norway (EEA)
    assert hauler.ac_phases == 3
    assert (hauler.ac_ports, hauler.dc_ports) == ((AcPort.TYPE2,), (DcPort.CHADEMO,))
    facts = hauler.bidirectional[Market.EU]
    assert facts.v2h_dc == V2xFact(
        SupportStatus.AVAILABLE, power_kw=10.0, source_url="https://kestrel.example/hauler"
    )
    assert facts.v2h_ac.status is SupportStatus.UNKNOWN
    assert facts.v2g_ac.status is facts.v2g_dc.status is SupportStatus.NOT_AVAILABLE


def test_malformed_records_are_skipped_with_a_reason_while_the_others_import(
    fixture_parse: Parsed[Vehicle],
) -> None:
    reasons = {skip.record: skip.reason for skip in fixture_parse.skipped}

    assert len(fixture_parse.records) == 3
    assert reasons.keys() == {
        "voltra/spark/2023/spark.json",
        "kestrel/hauler/2024/hauler.json",
        "kestrel/hauler/2025/hauler_cargo.json",
    }
    assert reasons["voltra/spark/2023/spark.json"] == "no net battery capacity"
    assert reasons["kestrel/hauler/2024/hauler.json"] == "not sold in UK, EU or US"
    assert reasons["kestrel/hauler/2025/hauler_cargo.json"].startswith(
        "layer kestrel/hauler/2025/hauler_cargo.json is not valid JSON"
    )


def test_ids_are_stable_across_two_parses_and_follow_the_recommended_oed_id() -> None:
    first, second = parse_dataset(FIXTURE), parse_dataset(FIXTURE)

    assert [(v.id, v.evdb_vehicle_id) for v in first.records] == [
        (v.id, v.evdb_vehicle_id) for v in second.records
    ]
    key = "open-ev-data-dataset:oed:voltra:spark:2024:standard:long_range"
    long_range = next(v for v in first.records if v.id == stable_uuid("vehicle", key))
    assert long_range.evdb_vehicle_id == imported_evdb_id(key)


def test_progress_is_reported_after_each_vehicle_file() -> None:
    calls: list[tuple[int, int]] = []

    parse_dataset(FIXTURE, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(done, 6) for done in range(1, 7)]


def test_the_src_folder_itself_may_be_given() -> None:
    assert len(parse_dataset(FIXTURE / "src").records) == 3


def test_a_folder_without_src_is_rejected_with_a_clear_message(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no src/ folder"):
        parse_dataset(tmp_path)


# --- small built trees --------------------------------------------------------------------------

BASE: dict[str, Any] = {
    "schema_version": "1.0.0",
    "make": {"slug": "acme", "name": "Acme"},
    "model": {"slug": "arrow", "name": "Arrow"},
    "vehicle_type": "suv",
    "powertrain": {"drivetrain": "rwd"},
    "range": {"rated": [{"cycle": "wltp", "range_km": 450}]},
}


def year_layer(**fields: Any) -> dict[str, Any]:
    """A complete year file for Acme Arrow 2024; `fields` replace its top-level keys."""
    layer: dict[str, Any] = {
        "year": 2024,
        "trim": {"slug": "base", "name": "Base"},
        "markets": ["DE"],
        "battery": {"pack_capacity_kwh_net": 70.0},
        "charge_ports": [{"kind": "combo", "connector": "ccs2"}],
        "charging": {"ac": {"max_power_kw": 11.0, "phases": 3}, "dc": {"max_power_kw": 150}},
        "sources": [
            {"type": "oem", "title": "t", "url": "https://acme.example", "accessed_at": "x"}
        ],
    }
    return layer | fields


def variant_layer(slug: str, **fields: Any) -> dict[str, Any]:
    return {"variant": {"slug": slug, "name": slug.replace("_", " ").title()}, **fields}


def build_tree(root: Path, year_files: dict[str, dict[str, Any] | str]) -> Path:
    """Acme Arrow's base.json plus `year_files` (name in 2024/ -> layer, or raw text)."""
    model = root / "src" / "acme" / "arrow"
    (model / "2024").mkdir(parents=True)
    (model / "base.json").write_text(json.dumps(BASE))
    for name, layer in year_files.items():
        text = layer if isinstance(layer, str) else json.dumps(layer)
        (model / "2024" / name).write_text(text)
    return root


def parse_one(root: Path, **fields: Any) -> Vehicle | Skip:
    parsed = parse_dataset(build_tree(root, {"arrow.json": year_layer(**fields)}))
    return parsed.records[0] if parsed.records else parsed.skipped[0]


def imported(root: Path, **fields: Any) -> Vehicle:
    result = parse_one(root, **fields)
    assert isinstance(result, Vehicle), result
    return result


def test_a_variant_is_layered_on_the_longest_year_file_prefix_not_on_its_slug(
    tmp_path: Path,
) -> None:
    # Audi's q4_e_tron_sportback_50.json carries slug "sportback"; q4_e_tron_50.json has no
    # variant block, so it is a vehicle of its own, and arrow_50_rs.json is a variant of it.
    parsed = parse_dataset(
        build_tree(
            tmp_path,
            {
                "arrow.json": year_layer(),
                "arrow_50.json": year_layer(
                    trim={"slug": "50", "name": "50"}, battery={"pack_capacity_kwh_net": 80.0}
                ),
                "arrow_50_rs.json": variant_layer("rs"),
                "arrow_sportback.json": variant_layer(
                    "sportback", battery={"pack_capacity_kwh_net": 99.0}
                ),
                "arrow_sportback_50.json": variant_layer(
                    "sportback", trim={"slug": "50", "name": "50"}
                ),
            },
        )
    )

    variants = {v.variant: v.usable_battery_size_kwh for v in parsed.records}
    assert parsed.skipped == []
    assert variants == {
        "Base": 70.0,
        "50": 80.0,
        "50 Rs": 80.0,
        "Base Sportback": 99.0,
        "50 Sportback": 70.0,
    }


def test_a_year_file_with_a_variant_block_is_still_a_year_file_with_variants_of_its_own(
    tmp_path: Path,
) -> None:
    # Like Audi's a6_e_tron/<year>/a6_e_tron.json and its a6_e_tron_avant.json.
    sedan = year_layer(variant={"slug": "sportback", "name": "Sportback"})
    parsed = parse_dataset(
        build_tree(tmp_path, {"arrow.json": sedan, "arrow_avant.json": variant_layer("avant")})
    )

    assert sorted(v.variant for v in parsed.records) == ["Base Avant", "Base Sportback"]
    assert vehicle_id("oed:acme:arrow:2024:base:avant") in {v.id for v in parsed.records}


def test_a_variant_of_a_broken_year_file_is_skipped_naming_that_file(tmp_path: Path) -> None:
    parsed = parse_dataset(
        build_tree(tmp_path, {"arrow.json": "[1, 2", "arrow_rs.json": variant_layer("rs")})
    )

    assert parsed.records == []
    assert [s.record for s in parsed.skipped] == [
        "acme/arrow/2024/arrow.json",
        "acme/arrow/2024/arrow_rs.json",
    ]
    assert all("acme/arrow/2024/arrow.json is not valid JSON" in s.reason for s in parsed.skipped)


def test_a_variant_that_only_repeats_its_year_file_is_skipped_as_a_duplicate(
    tmp_path: Path,
) -> None:
    parsed = parse_dataset(
        build_tree(tmp_path, {"arrow.json": year_layer(), "arrow_base.json": variant_layer("base")})
    )

    assert len(parsed.records) == 1
    assert parsed.skipped == [
        Skip(
            record="acme/arrow/2024/arrow_base.json",
            reason="same brand, model, variant and year as acme/arrow/2024/arrow.json",
        )
    ]


@pytest.mark.parametrize(
    ("trim", "variant", "expected"),
    [
        ("Long Range", "Long Range", "Long Range"),
        ("Long Range", "Long Range RWD", "Long Range RWD"),
        ("Touring", "Grand Touring", "Grand Touring"),
        ("Base", "100 kWh", "Base 100 kWh"),
        ("E", "SE ALL4", "E SE ALL4"),
    ],
)
def test_the_variant_name_is_the_trim_then_the_variant_unless_it_repeats_the_trim(
    tmp_path: Path, trim: str, variant: str, expected: str
) -> None:
    vehicle = imported(
        tmp_path,
        trim={"slug": "t", "name": trim},
        variant={"slug": "v", "name": variant},
    )

    assert vehicle.variant == expected


@pytest.mark.parametrize(
    ("markets", "expected"),
    [
        (["GB"], (Market.UK,)),
        (["NO", "CH"], (Market.EU,)),
        (["US", "CA", "DE", "GB", "CN"], (Market.UK, Market.EU, Market.US)),
    ],
)
def test_countries_map_to_our_three_markets(
    tmp_path: Path, markets: list[str], expected: tuple[Market, ...]
) -> None:
    assert imported(tmp_path, markets=markets).markets == expected


@pytest.mark.parametrize(
    ("markets", "ac_kw", "phases"),
    [
        (["DE"], 11.0, 3),
        (["GB", "US"], 22.0, 3),
        (["DE"], 7.4, 1),  # one 230 V phase carries 7.4 kW
        (["US"], 11.5, 1),  # North American AC is single-phase
    ],
)
def test_missing_ac_phases_are_inferred_from_market_and_power(
    tmp_path: Path, markets: list[str], ac_kw: float, phases: int
) -> None:
    vehicle = imported(
        tmp_path,
        markets=markets,
        charging={"ac": {"max_power_kw": ac_kw}, "dc": {"max_power_kw": 150}},
    )

    assert vehicle.ac_phases == phases


def test_a_car_whose_only_dc_inlet_is_gb_t_is_imported_without_dc(tmp_path: Path) -> None:
    vehicle = imported(
        tmp_path,
        charge_ports=[
            {"kind": "ac_only", "connector": "type2"},
            {"kind": "dc_only", "connector": "gb_t_dc"},
        ],
    )

    assert (vehicle.dc_ports, vehicle.dc_max_power_kw) == ((), None)
    assert (vehicle.dc_charging_curve, vehicle.dc_default_charging_curve) == ((), False)
    assert vehicle.ac_ports == (AcPort.TYPE2,)


def test_a_tesla_type2_inlet_gives_type2_ac_and_tesla_supercharger_dc(tmp_path: Path) -> None:
    vehicle = imported(tmp_path, charge_ports=[{"kind": "combo", "connector": "tesla_type2"}])

    assert (vehicle.ac_ports, vehicle.dc_ports) == ((AcPort.TYPE2,), (DcPort.TESLA_SUC,))


def test_a_record_whose_notes_say_phev_is_a_plug_in_hybrid(tmp_path: Path) -> None:
    charging = {
        "ac": {"max_power_kw": 3.7, "phases": 1, "notes": "PHEV vehicle. Limited charging speed."}
    }

    assert imported(tmp_path, charging=charging).ev_type is EvType.PHEV


@pytest.mark.parametrize(
    ("v2h", "ac_status", "dc_status"),
    [
        ({"connector": "chademo"}, SupportStatus.UNKNOWN, SupportStatus.AVAILABLE),
        ({"protocols": ["chademo"]}, SupportStatus.UNKNOWN, SupportStatus.AVAILABLE),
        ({"connector": "type2"}, SupportStatus.AVAILABLE, SupportStatus.UNKNOWN),
        (
            {"connector": "ccs2", "protocols": ["iso_15118_20"]},
            SupportStatus.UNKNOWN,
            SupportStatus.UNKNOWN,
        ),
        (
            {"connector": "type2", "protocols": ["chademo"]},
            SupportStatus.UNKNOWN,
            SupportStatus.UNKNOWN,
        ),
    ],
)
def test_supported_v2h_is_put_in_the_ac_or_dc_mode_only_when_that_is_clear(
    tmp_path: Path, v2h: dict[str, Any], ac_status: SupportStatus, dc_status: SupportStatus
) -> None:
    vehicle = imported(tmp_path, v2x={"v2h": {"supported": True, "max_power_kw": 9.0, **v2h}})

    facts = vehicle.bidirectional[Market.EU]
    assert (facts.v2h_ac.status, facts.v2h_dc.status) == (ac_status, dc_status)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"battery": {"pack_capacity_kwh_gross": 70.0}}, "no net battery capacity"),
        ({"markets": ["CN", "BR"]}, "not sold in UK, EU or US"),
        ({"sources": []}, "does not match the schema: sources: List should have at least 1"),
        ({"charge_ports": [{"kind": "combo", "connector": "scart"}]}, "does not match the schema"),
        ({"battery": {"pack_capacity_kwh_net": 900.0}}, "breaks rule 'battery_plausible'"),
    ],
)
def test_a_record_that_cannot_be_imported_is_skipped_saying_why(
    tmp_path: Path, fields: dict[str, Any], reason: str
) -> None:
    skip = parse_one(tmp_path, **fields)

    assert isinstance(skip, Skip)
    assert skip.record == "acme/arrow/2024/arrow.json"
    assert reason in skip.reason


# --- the real data ------------------------------------------------------------------------------

needs_real_data = pytest.mark.skipif(
    not (REAL / "src").is_dir(), reason=f"open-ev-data-dataset not found at {REAL}"
)


@pytest.fixture(scope="module")
def real() -> Parsed[Vehicle]:
    return parse_dataset(REAL)


def real_layers(*names: str) -> list[dict[str, Any]]:
    return [json.loads((REAL / "src" / name).read_text()) for name in names]


@needs_real_data
def test_every_real_vehicle_file_is_imported_or_skipped_for_a_known_reason(
    real: Parsed[Vehicle],
) -> None:
    reasons = Counter(skip.reason.split(" as ")[0] for skip in real.skipped)

    assert len(real.records) + len(real.skipped) == 1189
    # 277 records list no UK, EU or US market (mostly China/Brazil-only), so fewer than 1,000 stay.
    assert len(real.records) > 850
    assert reasons == {
        "not sold in UK, EU or US": 277,
        "same brand, model, variant and year": 28,
    }
    assert len({v.evdb_vehicle_id for v in real.records}) == len(real.records)


@needs_real_data
def test_a_real_variant_with_a_mismatched_slug_maps_from_its_three_layers(
    real: Parsed[Vehicle],
) -> None:
    base, year, variant = real_layers(
        "audi/q4_e_tron/base.json",
        "audi/q4_e_tron/2024/q4_e_tron.json",
        "audi/q4_e_tron/2024/q4_e_tron_sportback_50.json",
    )
    records = {v.id: v for v in real.records}

    q4 = records[vehicle_id("oed:audi:q4_e_tron:2024:50:sportback")]

    assert (q4.brand.name, q4.model) == (base["make"]["name"], base["model"]["name"])
    assert q4.variant == f"{variant['trim']['name']} {variant['variant']['name']}"
    assert q4.usable_battery_size_kwh == variant["battery"]["pack_capacity_kwh_net"]
    assert q4.usable_battery_size_kwh != year["battery"]["pack_capacity_kwh_net"]
    assert q4.ac_max_power_kw == variant["charging"]["ac"]["max_power_kw"]
    assert q4.ac_phases == variant["charging"]["ac"]["phases"]
    assert q4.dc_max_power_kw == variant["charging"]["dc"]["max_power_kw"]
    assert (q4.ac_ports, q4.dc_ports) == ((AcPort.TYPE2,), (DcPort.CCS,))
    assert q4.markets == (Market.UK, Market.EU, Market.US)
    assert q4.vehicle_type is VehicleType.CAR
    assert q4.sources == tuple(source["url"] for source in variant["sources"])


@needs_real_data
def test_a_real_v2l_pickup_keeps_its_outlets_and_us_market(real: Parsed[Vehicle]) -> None:
    (r1t,) = real_layers("rivian/r1t/2024/r1t.json")
    v2l = r1t["v2x"]["v2l"]
    records = {v.id: v for v in real.records}

    vehicle = records[vehicle_id(f"oed:rivian:r1t:2024:{r1t['trim']['slug']}")]

    assert vehicle.markets == (Market.US,)
    fact = vehicle.bidirectional[Market.US].v2l
    assert (fact.status, fact.power_kw) == (SupportStatus.AVAILABLE, v2l["max_power_kw"])
    assert fact.interior_ports == f"{v2l['outlets'][0]['count']} x US Socket (NEMA 5-15)"
    assert fact.source_url == r1t["sources"][0]["url"]


@pytest.mark.parametrize(("make", "canonical"), [("MG Motor", "MG"), ("DS Automobiles", "DS")])
def test_makes_get_the_catalogues_spelling(tmp_path: Path, make: str, canonical: str) -> None:
    root = build_tree(tmp_path, {"arrow.json": year_layer(make={"slug": "m", "name": make})})
    vehicle = parse_dataset(root).records[0]
    assert (vehicle.brand.name, vehicle.brand.id) == (canonical, brand_id(canonical))
