"""The BNetzA register (XLSX) -> RegisterStations: the real files and each quirk they have."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug
from evcharge.importers.bnetza import SOURCE_INFO, iter_bnetza
from evcharge.importers.parsed import Skip
from evcharge.importers.registers import RegisterStation, collect
from tests.conftest import needs_shared, shared_path

AC, DC = EnergyType.AC, EnergyType.DC
OLD_HEADER = [
    "Betreiber", "Straße", "Hausnummer", "Adresszusatz", "Postleitzahl", "Ort", "Bundesland",
    "Kreis/kreisfreie Stadt", "Breitengrad", "Längengrad", "Inbetriebnahmedatum",
    "Anschlussleistung", "Art der Ladeeinrichung", "Anzahl Ladepunkte",
    "Steckertypen1", "P1 [kW]", "Public Key1", "Steckertypen2", "P2 [kW]", "Public Key2",
]  # fmt: skip
FIRST_DATA_ROW = 12  # both real files: preamble on rows 1-10, header on row 11


def register_2022() -> Path:
    return shared_path("data", "bnetza", "Ladesaeulenregister_Stand_2022-01-01.xlsx")


def station(item: RegisterStation | Skip) -> RegisterStation:
    assert isinstance(item, RegisterStation), item
    return item


def workbook(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    """A register-shaped workbook: a preamble with the date line, the header on row 5."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Ladesäulenregister Bundesnetzagentur"])
    sheet.append([])
    sheet.append(["Stand: 01.01.2022"])
    sheet.append([])
    sheet.append(header or OLD_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def device(**changes: Any) -> list[Any]:
    """One register row (old layout) with sensible values; `changes` by header name."""
    values: dict[str, Any] = {
        "Betreiber": "Stadtwerke Musterstadt", "Straße": "Hauptstraße", "Hausnummer": "5",
        "Postleitzahl": "01067", "Ort": "Dresden", "Breitengrad": 51.05, "Längengrad": 13.74,
        "Inbetriebnahmedatum": datetime(2020, 5, 1), "Anzahl Ladepunkte": 2,
        "Steckertypen1": "AC Steckdose Typ 2", "P1 [kW]": 22,
        "Steckertypen2": "AC Steckdose Typ 2", "P2 [kW]": 22,
    }  # fmt: skip
    values.update(changes)
    return [values.get(name) for name in OLD_HEADER]


# --- the real files -------------------------------------------------------------------------


@needs_shared("data", "bnetza")
def test_the_2022_register_counts() -> None:
    parsed = collect(iter_bnetza(register_2022()))
    # 25,868 data rows (PROVENANCE.md; recounted from the sheet's XML with zipfile and
    # ElementTree, no openpyxl): one station or one skip per row.
    assert len(parsed.records) + len(parsed.skipped) == 25_868
    # The 19 skips, found by a census of the cell types: 16 rows with whole-degree
    # coordinates, 23795 at 15.54° E (Poland), 13424 and 22399 with CEE plugs only.
    skipped_rows = sorted(int(s.record.split()[1]) for s in parsed.skipped)
    assert skipped_rows == [
        462, 1769, 1770, 6638, 9074, 10796, 11942, 13424, 13442, 14775, 17215, 17278,
        17630, 17631, 17632, 21607, 22399, 23793, 23795,
    ]  # fmt: skip
    reasons = Counter(s.reason.split(":")[0].split(" are ")[-1] for s in parsed.skipped)
    assert reasons == Counter(
        {"whole degrees, a placeholder": 16, "not in Germany": 1,
         "no charge point with a plug type we know and a power": 2}
    )  # fmt: skip
    # Points per plug, from the same XML census: each point with a power counts once for
    # each distinct plug type we map (a Combo + CHAdeMO point is one CCS and one CHAdeMO).
    per_plug: Counter[Plug] = Counter()
    for record in parsed.records:
        for plug, _kw, _kind, count, _ids in record.charge_points:
            per_plug[plug] += count
    assert per_plug == {
        Plug.TYPE2: 43_409, Plug.CCS: 6_506, Plug.SCHUKO: 4_384, Plug.CHADEMO: 2_737,
        Plug.TYPE1: 2, Plug.TESLA_SUC: 1,
    }  # fmt: skip
    assert len({r.source_key for r in parsed.records}) == len(parsed.records)
    assert {r.updated_on for r in parsed.records} == {date(2022, 1, 1)}


@needs_shared("data", "bnetza")
def test_2022_rows_checked_by_hand() -> None:
    items = list(iter_bnetza(register_2022()))
    # Row 12: Albwerk, Ennabeurer Weg 0 (0 = no number), numeric 48.442398 / 9.659075,
    # two points "AC Steckdose Typ 2" at 22 kW.
    albwerk = station(items[12 - FIRST_DATA_ROW])
    assert (albwerk.operator_name, albwerk.address) == (
        "Albwerk GmbH & Co. KG",
        "Ennabeurer Weg, 72535 Heroldstatt",
    )
    assert (albwerk.latitude, albwerk.longitude, albwerk.country) == (48.442398, 9.659075, "DE")
    assert albwerk.charge_points == ((Plug.TYPE2, 22.0, AC, 2, ()),)
    # Row 870: Arteco, latitude text '48,65269693493334.' (decimal comma and a trailing dot).
    arteco = station(items[870 - FIRST_DATA_ROW])
    assert arteco.latitude == pytest.approx(48.65269693493334)
    assert arteco.address == "Kelter str. 59, Arteco Gebäude, 72669 Unterensingen"
    assert arteco.charge_points == ((Plug.TYPE2, 22.0, AC, 2, ()),)
    # Row 20255: Charge-ON, 'Kö-Bogen II, Schadowstraße ' 42-52, text '51,226950'/'6,783350'.
    charge_on = station(items[20255 - FIRST_DATA_ROW])
    assert (charge_on.latitude, charge_on.longitude) == (51.22695, 6.78335)
    assert charge_on.address == "Kö-Bogen II, Schadowstraße 42-52, 40212 Düsseldorf"
    assert charge_on.charge_points == ((Plug.TYPE2, 22.0, AC, 1, ()),)
    # Row 21238: Pfalzwerke, longitude text '6,42481200\xa0' (NBSP), two Combo points at 150 kW.
    pfalzwerke = station(items[21238 - FIRST_DATA_ROW])
    assert (pfalzwerke.operator_name, pfalzwerke.longitude) == ("Pfalzwerke AG", 6.424812)
    assert pfalzwerke.charge_points == ((Plug.CCS, 150.0, DC, 2, ()),)


@needs_shared("data", "bnetza")
def test_the_2024_layout_and_keys_stable_across_releases() -> None:
    path = shared_path(
        "data", "bnetza", "Ladesaeulenregister_Stand_2024-09-01_head108_AlbDonauKreis.xlsx"
    )
    parsed = collect(iter_bnetza(path))
    # 108 rows, all kept, with 189 points (PROVENANCE.md). A census of the plug cells: 30
    # points list Type 2 and Schuko, 3 Combo and CHAdeMO, 2 a Type 2 and a DC plug (each
    # counts twice), 2 a Type 2 socket and a Type 2 cable (one plug of ours: once).
    assert (len(parsed.records), len(parsed.skipped)) == (108, 0)
    points = sum(c[3] for r in parsed.records for c in r.charge_points)
    assert points == 189 + 30 + 3 + 2
    assert {r.updated_on for r in parsed.records} == {date(2024, 9, 1)}
    # Row 12 is the Albwerk device of the 2022 file's row 12, now with '48,442398' as text
    # and "AC Typ 2 Steckdose": the same key, so a re-import updates it.
    albwerk = parsed.records[0]
    assert albwerk.name == "Albwerk GmbH & Co. KG"  # Anzeigename (Karte)
    assert albwerk.charge_points == ((Plug.TYPE2, 22.0, AC, 2, ()),)
    old = station(next(iter_bnetza(register_2022())))
    assert albwerk.source_key == old.source_key
    assert (albwerk.latitude, albwerk.longitude) == (old.latitude, old.longitude)


def test_source_info_names_the_licence() -> None:
    assert SOURCE_INFO.source == "bnetza"
    assert SOURCE_INFO.licence == "CC BY 4.0"
    assert "Bundesnetzagentur" in SOURCE_INFO.attribution


# --- each quirk, on hand-made workbooks ------------------------------------------------------


def test_text_cells_are_cleaned(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        [
            device(
                Betreiber="\ufeffStadtwerke\nMuster\xa0stadt ",  # BOM, line break, NBSP
                Breitengrad="51,050000.",  # decimal comma and a stray dot (as row 870)
                Längengrad="13,740000\xa0",  # and a trailing NBSP
                Hausnummer=0,  # "no number"
            )
        ],
    )
    found = station(next(iter_bnetza(path)))
    assert found.operator_name == "Stadtwerke Muster stadt"
    assert (found.latitude, found.longitude) == (51.05, 13.74)
    assert found.address == "Hauptstraße, 01067 Dresden"
    assert found.updated_on == date(2022, 1, 1)  # from "Stand: 01.01.2022" in the preamble


def test_plugs_powers_and_counts(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "r.xlsx",
        [
            device(Steckertypen1="DC Kupplung Combo, DC CHAdeMO", **{"P1 [kW]": "50"}),
            device(Steckertypen1="AC Steckdose Typ 2; AC Schuko", **{"P1 [kW]": "3,7"}),
        ],
    )
    fast, slow = (station(item) for item in iter_bnetza(path))
    # One point with two plugs counts under both; point 2 is Type 2 at 22 kW.
    assert fast.charge_points == (
        (Plug.CCS, 50.0, DC, 1, ()),
        (Plug.CHADEMO, 50.0, DC, 1, ()),
        (Plug.TYPE2, 22.0, AC, 1, ()),
    )
    assert slow.charge_points == (
        (Plug.SCHUKO, 3.7, AC, 1, ()),
        (Plug.TYPE2, 3.7, AC, 1, ()),
        (Plug.TYPE2, 22.0, AC, 1, ()),
    )


def test_an_ac_plug_is_capped_at_its_rating(tmp_path: Path) -> None:
    row = device(Steckertypen1="AC Steckdose Typ 2, AC Schuko", Steckertypen2=None)
    found = station(next(iter_bnetza(workbook(tmp_path / "r.xlsx", [row]))))
    assert found.charge_points == ((Plug.SCHUKO, 3.7, AC, 1, ()), (Plug.TYPE2, 22.0, AC, 1, ()))
    assert any("schuko plug counted at 3.7 kW" in note for note in found.notes)
    assert any("counts 2 charge points but lists 1" in note for note in found.notes)


def test_unknown_plugs_and_half_filled_points_are_noted_never_guessed(tmp_path: Path) -> None:
    rows = [
        device(Steckertypen1="AC CEE 5 polig, AC Steckdose Typ 2", **{"P2 [kW]": None}),
        device(Steckertypen1=None, Steckertypen2="Tesla"),
    ]
    partly, nothing = iter_bnetza(workbook(tmp_path / "r.xlsx", rows))
    kept = station(partly)
    assert kept.charge_points == ((Plug.TYPE2, 22.0, AC, 1, ()),)
    assert kept.notes[:2] == (
        "Ladepunkt 1: plug type AC CEE 5 polig is not one we map: left out",
        "Ladepunkt 2: AC Steckdose Typ 2 without a power: left out",
    )
    assert isinstance(nothing, Skip)
    assert "Ladepunkt 1: 22 kW but no plug type" in nothing.reason
    assert "plug type Tesla is not one we map" in nothing.reason


@pytest.mark.parametrize(
    ("lat", "lng", "reason"),
    [
        (51, 6, "whole degrees"),
        (50.818189, 15.54381, "not in Germany"),
        ("51,2 N", 6.78, "not numbers"),
        (None, 6.78, "no coordinates"),
    ],
)
def test_bad_coordinates_skip_the_row(tmp_path: Path, lat: Any, lng: Any, reason: str) -> None:
    path = workbook(tmp_path / "r.xlsx", [device(Breitengrad=lat, Längengrad=lng)])
    (item,) = iter_bnetza(path)
    assert isinstance(item, Skip)
    assert item.record == "row 6 (Stadtwerke Musterstadt, Hauptstraße 5 Dresden)"
    assert reason in item.reason


def test_identical_devices_get_their_own_stable_keys(tmp_path: Path) -> None:
    rows = [device(), device(), device(Hausnummer="7")]
    first = [station(i).source_key for i in iter_bnetza(workbook(tmp_path / "a.xlsx", rows))]
    again = [station(i).source_key for i in iter_bnetza(workbook(tmp_path / "b.xlsx", rows))]
    assert first == again
    assert len(set(first)) == 3
    assert first[1] == f"{first[0]}-2"


def test_duplicate_headers_take_the_first_filled_column(tmp_path: Path) -> None:
    header = [*OLD_HEADER, "Betreiber"]
    row = [*device(Betreiber=None), "EnBW mobility+ AG und Co.KG"]
    found = station(next(iter_bnetza(workbook(tmp_path / "r.xlsx", [row], header))))
    assert found.operator_name == "EnBW mobility+ AG und Co.KG"


def test_the_current_layout_gives_ids_and_evse_ids(tmp_path: Path) -> None:
    # The 2025 layout's names (shared/reference/data-sources.md §4.2).
    header = [
        "Ladeeinrichtungs-ID", "Betreiber", "Anzeigename (Karte)", "Status", "Straße",
        "Hausnummer", "Postleitzahl", "Ort", "Breitengrad", "Längengrad", "Steckertypen1",
        "Nennleistung Stecker1", "EVSE-ID1", "Public Key1", "Steckertypen2",
        "Nennleistung Stecker2", "EVSE-ID2", "Public Key2",
    ]  # fmt: skip
    row = [
        "4711", "EnBW", "EnBW Dresden", "In Betrieb", "Hauptstraße", "5", "01067", "Dresden",
        "51,05", "13,74", "DC Fahrzeugkupplung Typ Combo (CCS)", "300", "DE*EBW*E4711*1", None,
        "DC Fahrzeugkupplung Typ Combo (CCS)", "300", "DE*EBW*E4711*2", None,
    ]  # fmt: skip
    found = station(next(iter_bnetza(workbook(tmp_path / "r.xlsx", [row], header))))
    assert (found.source_key, found.name) == ("4711", "EnBW Dresden")
    assert found.charge_points == ((Plug.CCS, 300.0, DC, 2, ("DE*EBW*E4711*1", "DE*EBW*E4711*2")),)


def test_blank_rows_are_passed_and_a_long_empty_tail_ends_the_sheet(tmp_path: Path) -> None:
    rows = [device(), [None] * len(OLD_HEADER), device(Hausnummer="9")]
    rows += [[None] * len(OLD_HEADER)] * 1200 + [device(Hausnummer="11")]
    items = list(iter_bnetza(workbook(tmp_path / "r.xlsx", rows)))
    # The row after 1,200 empty ones is past the end of the data (files declare 1,048,576 rows).
    assert [station(i).address.split(",")[0] for i in items] == [
        "Hauptstraße 5",
        "Hauptstraße 9",
    ]


def test_files_that_are_not_registers_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "register.xlsx"
    text.write_text("Betreiber;Breitengrad\n")
    with pytest.raises(InvalidInput, match="is not an XLSX workbook"):
        list(iter_bnetza(text))
    other = workbook(tmp_path / "other.xlsx", [["a", "b"]], header=["Name", "Wert"])
    with pytest.raises(InvalidInput, match="no header row with Betreiber"):
        list(iter_bnetza(other))
