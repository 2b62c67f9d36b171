"""The US AFDC station export -> register stations: quirk fixtures, then the real NY and WA files.

Expected counts on the real files were established apart from the parser: the row and ELEC
counts and the DC-fast site counts are PROVENANCE.md's; the port and per-plug totals were summed
with csv.DictReader over the ELEC rows (column sums of EV Level1/Level2 EVSE Num and EV DC
Fast Count, per token of EV Connector Types).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug
from evcharge.importers.afdc import SOURCE_INFO, iter_afdc
from evcharge.importers.parsed import Skip
from evcharge.importers.registers import RegisterStation, collect
from tests.conftest import shared_path

FIXTURE = Path(__file__).parent / "fixtures" / "registers" / "afdc_quirks.csv"
AC, DC = EnergyType.AC, EnergyType.DC


def by_key(path: Path) -> tuple[dict[str, RegisterStation], list[Skip]]:
    parsed = collect(iter_afdc(path))
    return {s.source_key: s for s in parsed.records}, parsed.skipped


def test_quirks_bom_line_break_in_a_quoted_field_nbsp_and_a_lost_zip_zero() -> None:
    stations, _ = by_key(FIXTURE)
    corner = stations["1001"]
    # The BOM did not end up in the first column name (else "ID" would be missing), the quoted
    # street over two lines with Excel's _x000D_ is one line, the NBSP is a space.
    assert corner.name == "Corner Garage"
    assert corner.address == "Lot B 12 Main St, Boston, MA 02128"  # ZIP "2128" -> 02128
    assert corner.charge_points == ((Plug.TYPE1, 7.2, AC, 3, ()),)
    assert corner.updated_on == date(2025, 4, 21)
    assert corner.operator_name == "ChargePoint Network"
    assert corner.notes == ("the AFDC gives no power: assumed Level 2 at 7.2 kW",)


def test_quirks_decimal_commas_status_t_tesla_on_a_mixed_station_and_a_foreign_zip() -> None:
    hub = by_key(FIXTURE)[0]["1002"]
    assert (hub.latitude, hub.longitude) == (46.081031, -118.284393)
    assert hub.updated_on == date(2025, 4, 21)  # "4/21/2025"
    assert hub.address == "1 Hwy, Walla Walla, WA"
    assert hub.charge_points == (
        (Plug.CCS1, 50.0, DC, 4, ()),
        (Plug.CHADEMO, 50.0, DC, 4, ()),
        (Plug.NACS, 50.0, DC, 4, ()),
        (Plug.TYPE1, 7.2, AC, 2, ()),
    )
    assert hub.notes[0] == "the AFDC lists this station as temporarily unavailable"
    assert "ZIP G9N 0 is not a US ZIP code: left out of the address" in hub.notes
    assert any("counted under CHAdeMO, CCS1 and NACS" in note for note in hub.notes)


def test_quirks_tesla_destination_is_ac_and_a_supercharger_dc() -> None:
    stations, _ = by_key(FIXTURE)
    assert stations["1011"].charge_points == (
        (Plug.NACS, 7.2, AC, 4, ()),
        (Plug.TYPE1, 7.2, AC, 4, ()),
    )
    assert stations["1012"].charge_points == ((Plug.NACS, 50.0, DC, 8, ()),)


def test_quirks_bad_rows_are_skipped_with_their_reason() -> None:
    _, skipped = by_key(FIXTURE)
    # Row 1 spans lines 2-3, so the third record starts on line 5.
    assert [(s.record, s.reason) for s in skipped] == [
        ("line 5 (ID 1003)", "no coordinates (latitude or longitude is empty)"),
        ("line 6 (ID 1004)", "coordinates are not numbers: north is not a number"),
        (
            "line 7 (ID 1005)",
            "coordinates -73.9, 40.7 lie outside the United States and its territories",
        ),
        ("line 8 (ID 1006)", "planned, not yet built (Status Code P)"),
        ("line 9 (ID 1007)", "private: not for a public catalogue"),
        ("line 10 (ID 1008)", "fuel type CNG, not electric charging"),
        (
            "line 11 (ID 1009)",
            "no port maps to a plug we know: connector type NEMA515 left out: we have no plug "
            "for NEMA outlets; 2 Level 1 port(s) left out: the station lists no plug for them",
        ),
        ("line 12 (ID 1001)", "same AFDC ID 1001 again"),
    ]


def test_a_file_of_another_format_or_an_ambiguous_header_is_refused(tmp_path: Path) -> None:
    other = Path(__file__).parent / "fixtures" / "registers" / "uk_ncr_quirks.csv"
    with pytest.raises(InvalidInput, match=r"is not an AFDC station export.*no column ID"):
        next(iter_afdc(other))
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf")
    with pytest.raises(InvalidInput, match="is empty"):
        next(iter_afdc(empty))
    twice = tmp_path / "twice.csv"
    header = FIXTURE.read_text(encoding="utf-8-sig").splitlines()[0]
    twice.write_text(header + ",Latitude\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="column Latitude appears 2 times"):
        next(iter_afdc(twice))


def test_a_row_with_bytes_that_are_not_utf8_is_skipped_not_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "latin1.csv"
    # ID 1011 (line 13) gets a Latin-1 "é" in its name.
    broken.write_bytes(FIXTURE.read_bytes().replace(b",Hotel,", b",H\xe9tel,"))
    stations, skipped = by_key(broken)
    assert "1011" not in stations
    assert "1012" in stations
    assert ("line 13 (ID 1011)", "Station Name is not UTF-8 text (byte 0xe9)") in [
        (s.record, s.reason) for s in skipped
    ]


def test_source_info_names_the_publisher_and_its_terms() -> None:
    assert SOURCE_INFO.source == "afdc"
    assert "Alternative Fuels Data Center" in SOURCE_INFO.publisher
    assert "may be used for any purpose whatsoever" in SOURCE_INFO.licence


# --- the real exports (../shared/data/afdc) -------------------------------------------------


def plug_totals(stations: dict[str, RegisterStation]) -> Counter[tuple[Plug, float, str]]:
    totals: Counter[tuple[Plug, float, str]] = Counter()
    for station in stations.values():
        for plug, power_kw, kind, count, _ids in station.charge_points:
            totals[(plug, power_kw, kind.value)] += count
    return totals


@pytest.mark.parametrize(
    ("name", "rows", "elec", "dc_sites", "ports", "plugs"),
    [
        (
            "alt_fuel_stations_NY_2025-04-21.csv",
            4857,
            4736,
            528,
            (1, 14626, 2161),  # Level 1, Level 2, DC fast
            {
                (Plug.TYPE1, 1.4, "ac"): 1,
                (Plug.TYPE1, 7.2, "ac"): 14117,
                (Plug.NACS, 7.2, "ac"): 1488,
                (Plug.CCS1, 50.0, "dc"): 1313,
                (Plug.CHADEMO, 50.0, "dc"): 461,
                (Plug.NACS, 50.0, "dc"): 1167,
            },
        ),
        (
            "alt_fuel_stations_WA_2025-02-09.csv",
            2558,
            2473,
            390,
            (3, 5143, 1507),
            {
                (Plug.TYPE1, 1.4, "ac"): 3,
                (Plug.TYPE1, 7.2, "ac"): 5012,
                (Plug.NACS, 7.2, "ac"): 317,
                (Plug.CCS1, 50.0, "dc"): 758,
                (Plug.CHADEMO, 50.0, "dc"): 474,
                (Plug.NACS, 50.0, "dc"): 803,
            },
        ),
    ],
)
def test_real_exports_counts(
    name: str,
    rows: int,
    elec: int,
    dc_sites: int,
    ports: tuple[int, int, int],
    plugs: dict[tuple[Plug, float, str], int],
) -> None:
    stations, skipped = by_key(shared_path("data", "afdc", name))
    assert len(stations) + len(skipped) == rows
    assert len(stations) == elec
    assert all(s.reason.endswith(", not electric charging") for s in skipped)
    assert sum(1 for s in stations.values() if any(c[2] is DC for c in s.charge_points)) == dc_sites
    # Each level's ports, counted once per station (a port listed under two plugs is one port).
    by_power: Counter[float] = Counter()
    for station in stations.values():
        for power_kw in {c[1] for c in station.charge_points}:
            by_power[power_kw] += max(c[3] for c in station.charge_points if c[1] == power_kw)
    assert (by_power[1.4], by_power[7.2], by_power[50.0]) == ports
    assert plug_totals(stations) == plugs
    assert all(s.country == "US" for s in stations.values())


def test_real_ny_stations_checked_by_hand() -> None:
    stations, _ = by_key(shared_path("data", "afdc", "alt_fuel_stations_NY_2025-04-21.csv"))
    # Line 1229: ID 166207, "Walmart 2586 Cheektowaga", 2500 Walden Ave, 14225, Electrify
    # America, EV DC Fast Count 4, "CHADEMO J1772COMBO", 42.9096 / -78.7447.
    walmart = stations["166207"]
    assert (walmart.name, walmart.operator_name) == (
        "Walmart 2586 Cheektowaga",
        "Electrify America",
    )
    assert walmart.address == "2500 Walden Ave, Cheektowaga, NY 14225"
    assert (walmart.latitude, walmart.longitude) == (42.9096, -78.7447)
    assert walmart.charge_points == ((Plug.CCS1, 50.0, DC, 4, ()), (Plug.CHADEMO, 50.0, DC, 4, ()))
    assert walmart.updated_on == date(2025, 4, 21)
    # Line 198: ID 102325, "Colonie Center - Tesla Supercharger", network Tesla, 6 DC, TESLA.
    colonie = stations["102325"]
    assert colonie.operator_name == "Tesla"
    assert colonie.charge_points == ((Plug.NACS, 50.0, DC, 6, ()),)
    # Line 233: ID 114879, "Troutbeck - Tesla Destination", 2 Level 2, TESLA -> AC.
    assert stations["114879"].charge_points == ((Plug.NACS, 7.2, AC, 2, ()),)
    # Line 176: ID 88498, "North Creek Heads in Beds", Non-Networked, Level 1: 1, Level 2: 1,
    # "J1772 NEMA520": both ports on J1772, the NEMA 5-20 outlet noted.
    north_creek = stations["88498"]
    assert north_creek.operator_name is None
    assert north_creek.charge_points == ((Plug.TYPE1, 1.4, AC, 1, ()), (Plug.TYPE1, 7.2, AC, 1, ()))
    assert "connector type NEMA520 left out: we have no plug for NEMA outlets" in north_creek.notes
    # Lines 3422-3423: ID 322998, street "Six Flags Darien Lake_x000D_\n9993 Alleghany R".
    assert stations["322998"].address == "Six Flags Darien Lake 9993 Alleghany R, Corfu, NY 14036"


def test_real_wa_station_checked_by_hand() -> None:
    stations, _ = by_key(shared_path("data", "afdc", "alt_fuel_stations_WA_2025-02-09.csv"))
    # Line 1426: ID 250519, "Columbia REA", 2929 Melrose St., Walla Walla, ZIP "G9N 0", FLO,
    # Level 2: 2, DC fast: 1, "CHADEMO J1772 J1772COMBO", 46.081031 / -118.284393.
    columbia = stations["250519"]
    assert columbia.address == "2929 Melrose St., Walla Walla, WA"
    assert columbia.operator_name == "FLO"
    assert (columbia.latitude, columbia.longitude) == (46.081031, -118.284393)
    assert columbia.charge_points == (
        (Plug.CCS1, 50.0, DC, 1, ()),
        (Plug.CHADEMO, 50.0, DC, 1, ()),
        (Plug.TYPE1, 7.2, AC, 2, ()),
    )
    assert columbia.updated_on == date(2025, 2, 9)


def test_real_seattle_tesla_rows_checked_by_hand() -> None:
    stations, _ = by_key(shared_path("data", "afdc", "alt_fuel_stations_WA_2025-02-09.csv"))
    # Line 315: ID 116121, "Thompson Seattle - Tesla Destination", 100 Stewart St, 98101,
    # Level 2: 2, "J1772 TESLA", network Tesla Destination, 47.610335 / -122.341261: its NACS
    # posts are Level 2, so AC, beside the J1772 ones.
    thompson = stations["116121"]
    assert (thompson.name, thompson.operator_name) == (
        "Thompson Seattle - Tesla Destination",
        "Tesla Destination",
    )
    assert thompson.address == "100 Stewart St, Seattle, WA 98101"
    assert (thompson.latitude, thompson.longitude) == (47.610335, -122.341261)
    assert thompson.charge_points == ((Plug.NACS, 7.2, AC, 2, ()), (Plug.TYPE1, 7.2, AC, 2, ()))
    # Line 463: ID 149358, "Union Square - Tesla Supercharger", 601 Union Street, DC fast: 10,
    # "TESLA", network Tesla: a Supercharger, NACS on DC.
    union_square = stations["149358"]
    assert union_square.operator_name == "Tesla"
    assert union_square.address == "601 Union Street, Seattle, WA 98101"
    assert union_square.charge_points == ((Plug.NACS, 50.0, DC, 10, ()),)


def test_an_older_export_without_country_and_access_code_columns_reads(tmp_path: Path) -> None:
    rows = FIXTURE.read_text(encoding="utf-8-sig").split("\n")  # universal newlines
    header = rows[0].split(",")
    drop = [header.index("Country"), header.index("Access Code")]
    old = tmp_path / "old.csv"
    # Only the one-line rows of IDs 1011 and 1012 (lines 13 and 14), those columns cut out.
    kept = [rows[0], *(r for r in rows if r.startswith(("1011,", "1012,")))]
    old.write_text(
        "\n".join(",".join(v for i, v in enumerate(r.split(",")) if i not in drop) for r in kept),
        encoding="utf-8",
    )
    stations, skipped = by_key(old)
    assert (sorted(stations), skipped) == (["1011", "1012"], [])
    assert stations["1012"].country == "US"


def test_a_date_that_is_not_one_is_noted_and_the_station_kept(tmp_path: Path) -> None:
    odd = tmp_path / "odd_date.csv"
    odd.write_bytes(FIXTURE.read_bytes().replace(b"2025-04-21 04:16:14 UTC", b"yesterday"))
    corner = by_key(odd)[0]["1001"]
    assert corner.updated_on is None
    assert corner.notes[-1] == "Updated At left out: yesterday is not a date"
