"""France's IRVE static data (Parquet, CSV) -> RegisterStations: real files and each quirk."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug
from evcharge.db.engine import Database
from evcharge.db.repositories.companies import CompanyRepository
from evcharge.db.repositories.stations import StationRepository
from evcharge.importers.bnetza import iter_bnetza
from evcharge.importers.curated_network_build import company_id
from evcharge.importers.irve import SOURCE_INFO, iter_irve_csv, iter_irve_parquet
from evcharge.importers.parsed import Skip
from evcharge.importers.register_sources import BNETZA
from evcharge.importers.registers import RegisterStation, collect, stations_only
from evcharge.services.imports.registers import import_register, station_id
from evcharge.settings import Settings
from tests.conftest import needs_shared, shared_path
from tests.pg_scratch import own_seeded_database

AC, DC = EnergyType.AC, EnergyType.DC
PLUG_FLAGS = ["prise_type_2", "prise_type_combo_ccs", "prise_type_chademo", "prise_type_ef"]
COLUMNS = [
    "nom_operateur", "nom_enseigne", "id_station_itinerance", "id_station_local",
    "nom_station", "adresse_station", "coordonneesXY", "nbre_pdc", "id_pdc_itinerance",
    "puissance_nominale", "prise_type_ef", "prise_type_2", "prise_type_combo_ccs",
    "prise_type_chademo", "prise_type_autre", "observations", "date_maj",
]  # fmt: skip


def qualicharge() -> Path:
    return shared_path("data", "irve", "qualicharge", "qualicharge_statique_2026-04-14.parquet")


def bnetza_2022() -> Path:
    return shared_path("data", "bnetza", "Ladesaeulenregister_Stand_2022-01-01.xlsx")


def consolidated() -> Path:
    return shared_path(
        "data", "irve", "consolidated_slice", "consolidation_irve_2024-11_TESLA_rows.csv"
    )


def by_key(items: list[RegisterStation | Skip]) -> dict[str, RegisterStation]:
    return {i.source_key: i for i in items if isinstance(i, RegisterStation)}


def pdc(station: str = "FRABCP1", point: str = "FRABCE11", **changes: Any) -> dict[str, Any]:
    """One charge point row with sensible values (a 22 kW Type 2 point in Paris)."""
    row: dict[str, Any] = {
        "nom_operateur": "Opérateur X", "nom_enseigne": "Réseau X",
        "id_station_itinerance": station, "id_station_local": "", "nom_station": "Picpus",
        "adresse_station": "1 avenue de la Paix 75001 Paris", "nbre_pdc": "1",
        "coordonneesXY": "[2.3522, 48.8566]", "id_pdc_itinerance": point,
        "puissance_nominale": "22", "prise_type_ef": "false", "prise_type_2": "true",
        "prise_type_combo_ccs": "false", "prise_type_chademo": "false",
        "prise_type_autre": "false", "observations": "", "date_maj": "2024-11-20",
    }  # fmt: skip
    row.update(changes)
    return row


def write_csv(
    path: Path, rows: list[dict[str, Any]], delimiter: str = ",", bom: bool = False
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        writer = csv.DictWriter(file, COLUMNS, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def parse_csv(tmp_path: Path, rows: list[dict[str, Any]]) -> list[RegisterStation | Skip]:
    return list(iter_irve_csv(write_csv(tmp_path / "irve.csv", rows)))


# --- the real files -------------------------------------------------------------------------


@needs_shared("data", "irve")
def test_qualicharge_counts() -> None:
    table = pq.read_table(qualicharge())
    grouped = table.group_by("id_station_itinerance").aggregate([(f, "any") for f in PLUG_FLAGS])
    with_plug = pc.or_(
        pc.or_(grouped["prise_type_2_any"], grouped["prise_type_combo_ccs_any"]),
        pc.or_(grouped["prise_type_chademo_any"], grouped["prise_type_ef_any"]),
    )
    # Established with pyarrow's group_by, not the parser: 14,530 stations (as PROVENANCE.md
    # says), 210 of which have no point with a plug of the schema's four.
    assert grouped.num_rows == 14_530
    assert pc.sum(pc.invert(with_plug)).as_py() == 210
    parsed = collect(iter_irve_parquet(qualicharge()))
    assert len(parsed.records) + len(parsed.skipped) == 14_530
    reasons = Counter(s.reason.split(":")[0].split(" is ")[-1] for s in parsed.skipped)
    # The other 4: three DREAM ENERGY stations written [lat, lon], and one at [-43.9, 59.8].
    assert reasons == {
        "no charge point with a plug we know": 210,
        "not in France (swapped, they would be": 3,
        "not in France": 1,
    }
    # Plug flags set on rows of the kept stations: 74,230 (pyarrow sums), less 11 points
    # whose power cannot be believed: 0.0001 kW (Power Dot), 1200 on 9 CCS points (Yaway,
    # Plenitude) and 1601.6 on one (NW IECharge).
    points = [c for r in parsed.records for c in r.charge_points]
    assert sum(c[3] for c in points) == sum(len(c[4]) for c in points) == 74_230 - 11
    assert {r.country for r in parsed.records} == {"FR"}


@needs_shared("data", "irve")
def test_qualicharge_stations_checked_by_hand() -> None:
    stations = by_key(list(iter_irve_parquet(qualicharge())))
    # Rows 4 and 5: a 24 kW CCS and a 22 kW Type 2 point; the name's double space collapsed.
    vianeo = stations["FRVIAP141152"]
    assert (vianeo.operator_name, vianeo.name, vianeo.address) == (
        "ENGIE Vianeo",
        "ENGIE Vianeo - Strasbourg - Rue du Ban de la Roche",
        "Rue du Ban de la Roche 36, 67000 Strasbourg",
    )
    assert (vianeo.latitude, vianeo.longitude, vianeo.country) == (48.577444, 7.727767, "FR")
    assert vianeo.charge_points == (
        (Plug.CCS, 24.0, DC, 1, ("FRVIAE20141152011",)),
        (Plug.TYPE2, 22.0, AC, 1, ("FRVIAE20141152012",)),
    )
    assert (vianeo.updated_on, vianeo.notes) == (date(2025, 8, 25), ())
    # Rows 2, 3219 and 40707, far apart (the file is not sorted): one station all the same.
    evzen = stations["FREVZP05939333DC664BFEA6F777D723254"]
    assert (evzen.latitude, evzen.longitude) == (43.30353, -0.321693)
    assert evzen.charge_points == (
        (Plug.CCS, 120.0, DC, 2, ("FREVZEFREVZEENOC2", "FREVZEFREVZEENOC1")),
        (Plug.TYPE2, 12.0, AC, 1, ("FREVZEFREVZEKERN1",)),
    )
    # Rows 36608 ... 57983: the Type 2 point of 0.0001 kW is left out with a note.
    power_dot = stations["FRPD1PEPSSTG"]
    assert power_dot.charge_points == (
        (Plug.CCS, 99.0, DC, 1, ("FRPD1EEPSSTGTTN120011",)),
        (Plug.CCS, 100.0, DC, 1, ("FRPD1EEPSSTGTTN120021",)),
        (Plug.CHADEMO, 50.0, DC, 2, ("FRPD1EEPSSTGTTN120022", "FRPD1EEPSSTGTTN120012")),
    )
    assert power_dot.notes == ("puissance_nominale 0.0001 kW is no charging power: point left out",)
    # Yaway Breteuil, 16 rows: 12800 and 16000 are W; 1200 for a CCS point is neither.
    yaway = stations["FRYAWP91076231"]
    assert [(c[0], c[1], c[3]) for c in yaway.charge_points] == [
        (Plug.CCS, 12.8, 2), (Plug.CCS, 16.0, 2), (Plug.CCS, 400.0, 4),
    ]  # fmt: skip
    assert "nbre_pdc says 4 charge points; the file lists 16" in yaway.notes
    assert any(n.startswith("puissance_nominale 1200 is neither kW") for n in yaway.notes)


@needs_shared("data", "irve")
def test_consolidated_csv_counts_and_stations_checked_by_hand() -> None:
    with consolidated().open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    # Counted with csv.DictReader: 3,057 rows, 209 stations; 74 rows (4 stations) give the
    # same number as longitude and latitude, e.g. [47.99147,47.99147], a place not in France.
    assert len(rows) == 3_057
    assert len({r["id_station_itinerance"] for r in rows}) == 209
    parsed = collect(iter_irve_csv(consolidated()))
    assert (len(parsed.records), len(parsed.skipped)) == (205, 4)
    assert all("is not in France" in s.reason for s in parsed.skipped)
    assert sum(c[3] for r in parsed.records for c in r.charge_points) == 3_057 - 74
    stations = by_key(parsed.records)
    # Lines 2-3 and six others: Mulhouse (Sausheim), 8 CCS points of 250 kW.
    mulhouse = stations["FRTSLP1755"]
    assert (mulhouse.operator_name, mulhouse.address) == (
        "TESLA France SARL",
        "26 Route Départementale 201, 68390 Sausheim",
    )
    assert (mulhouse.latitude, mulhouse.longitude, mulhouse.updated_on) == (
        47.782002, 7.388186, date(2024, 11, 20),
    )  # fmt: skip
    (group,) = mulhouse.charge_points
    assert group[:4] == (Plug.CCS, 250.0, DC, 8)
    assert group[4][:2] == ("FRSTLE00037X", "FRSTLE00037Z")
    # FRTSLP2986 names two sites across the A5: Val Marnay (first, 6 rows) and Orges (6 rows
    # with [4.96061,48.057681]); the first row's place is kept and the others noted.
    chateauvillain = stations["FRTSLP2986"]
    assert (chateauvillain.latitude, chateauvillain.longitude) == (48.057341, 4.959604)
    assert chateauvillain.charge_points[0][:4] == (Plug.CCS, 250.0, DC, 12)
    assert (
        "rows of this station give other coordinates: the first row's kept (6 charge points)"
        in chateauvillain.notes
    )


@needs_shared("data", "irve")
def test_the_schema_example_reads() -> None:
    path = shared_path("data", "irve", "schema-irve", "statique", "exemple-valide-statique.csv")
    picpus = by_key(list(iter_irve_csv(path)))["FRA68P68021001"]
    # Its point is 22 kW with E/F and Type 2 sockets: E/F at 3.7 kW, the most it delivers.
    assert picpus.charge_points == (
        (Plug.SCHUKO, 3.7, AC, 1, ("FRA68E680210015",)),
        (Plug.TYPE2, 22.0, AC, 1, ("FRA68E680210015",)),
    )
    assert (picpus.latitude, picpus.longitude) == (48.345345, 7.487105)


def test_source_info_names_the_licence() -> None:
    assert SOURCE_INFO.source == "irve"
    assert SOURCE_INFO.licence == "Licence Ouverte / Open Licence 2.0"


# --- each quirk, on hand-made files ---------------------------------------------------------


def test_semicolons_bom_decimal_commas_and_line_breaks(tmp_path: Path) -> None:
    rows = [pdc(nom_station="Parking\nde la\xa0Gare", puissance_nominale="22,08")]
    path = write_csv(tmp_path / "irve.csv", rows, delimiter=";", bom=True)
    (found,) = iter_irve_csv(path)
    assert isinstance(found, RegisterStation)
    assert found.name == "Parking de la Gare"
    assert found.charge_points == ((Plug.TYPE2, 22.1, AC, 1, ("FRABCE11",)),)


def test_rows_of_a_station_group_wherever_they_are(tmp_path: Path) -> None:
    rows = [
        pdc("FRABCP1", "FRABCE11"),
        pdc("FRABCP2", "FRABCE21", prise_type_2="FALSE", prise_type_combo_ccs="TRUE",
            puissance_nominale="150"),
        pdc("FRABCP1", "FRABCE12", date_maj="2024-11-25"),
    ]  # fmt: skip
    items = parse_csv(tmp_path, rows)
    # Station 2 is complete after the second row, so it comes first.
    assert [i.source_key for i in items if isinstance(i, RegisterStation)] == [
        "FRABCP2",
        "FRABCP1",
    ]
    one = by_key(items)["FRABCP1"]
    assert one.charge_points == ((Plug.TYPE2, 22.0, AC, 2, ("FRABCE11", "FRABCE12")),)
    assert one.updated_on == date(2024, 11, 25)  # the latest date_maj of its rows


@pytest.mark.parametrize(
    ("power", "plugs", "expected", "note"),
    [
        ("22000", {"prise_type_2": "true"}, 22.0, "puissance_nominale 22000 read as W (22 kW)"),
        ("50000", {"prise_type_2": "false", "prise_type_combo_ccs": "true"}, 50.0, "read as W"),
        ("1200", {"prise_type_2": "false", "prise_type_combo_ccs": "true"}, None, "neither kW"),
        ("0.0001", {"prise_type_2": "true"}, None, "0.0001 kW is no charging power"),
        ("", {"prise_type_2": "true"}, None, "puissance_nominale none"),
        ("vingt", {"prise_type_2": "true"}, None, "vingt is not a number"),
    ],
)
def test_power_units_are_detected_and_noted(
    tmp_path: Path, power: str, plugs: dict[str, str], expected: float | None, note: str
) -> None:
    rows = [pdc(point="FRABCE11", puissance_nominale=power, **plugs), pdc(point="FRABCE12")]
    (found,) = parse_csv(tmp_path, rows)
    assert isinstance(found, RegisterStation)
    powers = sorted(kw for _plug, kw, _kind, n, _ids in found.charge_points for _ in range(n))
    assert powers == sorted([22.0] + ([expected] if expected else []))
    assert any(note in n for n in found.notes), found.notes


def test_plugs_booleans_and_other_plugs(tmp_path: Path) -> None:
    rows = [
        pdc(point="FRABCE11", prise_type_ef="TRUE", prise_type_2="True", puissance_nominale="7.4"),
        pdc(point="FRABCE12", prise_type_2="0", prise_type_autre="1", observations="Type 3c"),
    ]
    (found,) = parse_csv(tmp_path, rows)
    assert isinstance(found, RegisterStation)
    assert found.charge_points == (
        (Plug.SCHUKO, 3.7, AC, 1, ("FRABCE11",)),
        (Plug.TYPE2, 7.4, AC, 1, ("FRABCE11",)),
    )
    assert "a charge point with only another plug (Type 3c): left out" in found.notes


def test_a_station_without_any_plug_we_know_is_skipped(tmp_path: Path) -> None:
    (item,) = parse_csv(tmp_path, [pdc(prise_type_2="false", prise_type_autre="true")])
    assert isinstance(item, Skip)
    assert item.record == "station FRABCP1 (line 2 and the others of it)"
    assert item.reason.startswith("no charge point with a plug we know")


@pytest.mark.parametrize(
    ("coordinates", "reason"),
    [
        ("[48.8566, 2.3522]", "is not in France (swapped, they would be"),
        ("[47.99147,47.99147]", "[47.99147,47.99147] is not in France"),
        ("48.8566 2.3522", "is not [longitude, latitude]"),
    ],
)
def test_bad_coordinates_skip_the_station(tmp_path: Path, coordinates: str, reason: str) -> None:
    (item,) = parse_csv(tmp_path, [pdc(coordonneesXY=coordinates)])
    assert isinstance(item, Skip)
    assert reason in item.reason


def test_overseas_stations_get_their_own_country(tmp_path: Path) -> None:
    (found,) = parse_csv(tmp_path, [pdc(coordonneesXY="[55.4504, -20.8789]")])  # Saint-Denis
    assert isinstance(found, RegisterStation)
    assert found.country == "RE"


def test_station_ids_duplicates_and_stations_outside_roaming(tmp_path: Path) -> None:
    rows = [
        pdc(station="Non concerné", id_station_local="42", point="Non concerné"),
        pdc(station="", point="FRABCE99"),
        pdc(point="FRABCE11"),
        pdc(point="FRABCE11"),
    ]
    items = parse_csv(tmp_path, rows)
    local = by_key(items)["local:Opérateur X:42"]
    assert local.charge_points == ((Plug.TYPE2, 22.0, AC, 1, ()),)
    (skip,) = [i for i in items if isinstance(i, Skip)]
    assert (skip.record, skip.reason) == (
        "line 3",
        "no station id (id_station_itinerance, or id_station_local)",
    )
    twice = by_key(items)["FRABCP1"]
    assert twice.charge_points == ((Plug.TYPE2, 22.0, AC, 1, ("FRABCE11",)),)
    assert "charge point FRABCE11 listed again: counted once" in twice.notes


def test_text_the_database_cannot_store_skips_the_row(tmp_path: Path) -> None:
    items = parse_csv(tmp_path, [pdc(point="FRABCE11", nom_station="Gare\x00"), pdc(point="X")])
    skip, station = items
    assert isinstance(skip, Skip)
    assert (skip.record, skip.reason) == (
        "line 2",
        "nom_station holds a NUL character (\\x00), which the database cannot store",
    )
    assert isinstance(station, RegisterStation)  # the station's other row is kept


def test_duplicate_headers_take_the_first_filled_column(tmp_path: Path) -> None:
    path = tmp_path / "irve.csv"
    row = pdc(nom_operateur="")
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*COLUMNS, "nom_operateur"])
        writer.writerow([row[c] for c in COLUMNS] + ["Opérateur Y"])
    (found,) = iter_irve_csv(path)
    assert isinstance(found, RegisterStation)
    assert found.operator_name == "Opérateur Y"


def test_parquet_reads_like_the_csv(tmp_path: Path) -> None:
    rows = [pdc(point="FRABCE11"), pdc(point="FRABCE12", puissance_nominale="7400")]
    for row in rows:
        row["puissance_nominale"] = float(row["puissance_nominale"])
        row.update({f: row[f] == "true" for f in [*PLUG_FLAGS, "prise_type_autre"]})
        row["nbre_pdc"], row["date_maj"] = 2, date(2024, 11, 20)
    path = tmp_path / "irve.parquet"
    pq.write_table(pa.Table.from_pylist(rows), path)
    (found,) = iter_irve_parquet(path)
    assert isinstance(found, RegisterStation)
    assert found.charge_points == (
        (Plug.TYPE2, 7.4, AC, 1, ("FRABCE12",)),
        (Plug.TYPE2, 22.0, AC, 1, ("FRABCE11",)),
    )
    assert found.updated_on == date(2024, 11, 20)
    assert found.notes == ("puissance_nominale 7400 read as W (7.4 kW): over 1 MW as kW",)


def test_files_that_are_not_irve_are_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes(",".join(COLUMNS).encode() + b"\nOp\xe9rateur\n")
    with pytest.raises(InvalidInput, match="is not UTF-8 text"):
        list(iter_irve_csv(latin))
    other = tmp_path / "other.csv"
    other.write_text("id,name\n1,a\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="has no column id_station_itinerance"):
        list(iter_irve_csv(other))
    with pytest.raises(InvalidInput, match="is not a Parquet file"):
        list(iter_irve_parquet(other))


# --- operators ------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def own_database(request: pytest.FixtureRequest, settings: Settings) -> Iterator[Database]:
    """A seeded database of this test's own: the stations it imports stay out of others."""
    with own_seeded_database(request, settings, "irve_operators") as database:
        yield database


def test_totalenergies_stations_in_france_and_germany_are_our_totalenergies(
    own_database: Database,
) -> None:
    # BNetzA 2022-01-01: "TotalEnergies Marketing Deutschland GmbH, Im Haag 2-4", Kirchheim
    # unter Teck, 175 kW CCS + CHAdeMO. QualiCharge 2026-04-14: FRHPCPNF078202TOTEM "RELAIS DE
    # KERANROY", Brest (TotalEnergies Charge Rapide, 8 x 300 kW CCS) and FRV75P900402 "Paris |
    # Quai Henri IV 44" (Belib'), both "TotalEnergies Marketing France", whose key is the
    # German company's: imported after the German register, they went to the company that
    # import made, under its German name.
    bnetza = stations_only(iter_bnetza(bnetza_2022()))
    german = [s for s in bnetza if s.source_key == "8ad1ca583542b4780d59"]  # the first of 3 rows
    french_keys = {"FRHPCPNF078202TOTEM", "FRV75P900402"}
    french = [
        s for s in stations_only(iter_irve_parquet(qualicharge())) if s.source_key in french_keys
    ]
    assert [s.name for s in german] == ["TotalEnergies Marketing Deutschland GmbH, Im Haag 2-4"]
    assert [s.operator_name for s in french] == ["TotalEnergies Marketing France"] * 2
    with own_database.transaction() as session:
        import_register(session, german, BNETZA)
        import_register(session, french, SOURCE_INFO)
        stations = StationRepository(session)
        companies = {c.id: c for c in CompanyRepository(session).all()}
        ids = [station_id("bnetza", german[0].source_key)]
        ids += [station_id("irve", key) for key in sorted(french_keys)]
        operators = [companies[stations.get(i).operator_id] for i in ids]  # type: ignore[union-attr]
    assert [(o.id, o.name) for o in operators] == [
        (company_id("totalenergies"), "TotalEnergies")
    ] * 3
