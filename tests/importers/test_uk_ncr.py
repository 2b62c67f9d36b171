"""The UK National Chargepoint Registry CSV -> register stations: quirk fixtures, then the 2017
export.

Expected counts on the real file were established apart from the parser: 3,966 devices are
PROVENANCE.md's (3,964 whole CSV records and 2 split ones); the skips and charge points were
counted with csv.DictReader over the 3,964 whole records (planned devices 4, coordinates
outside the UK 2, devices whose every built connector is a BS 1363 socket 391; 6,646
connectors of our plug types, plus the 2 x 2 Type 2 connectors of the two split records).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug
from evcharge.importers.parsed import Removed, Skip
from evcharge.importers.registers import RegisterStation, collect
from evcharge.importers.uk_ncr import SOURCE_INFO, iter_uk_ncr
from tests.conftest import shared_path

FIXTURE = Path(__file__).parent / "fixtures" / "registers" / "uk_ncr_quirks.csv"
AC, DC = EnergyType.AC, EnergyType.DC


def by_key(path: Path) -> tuple[dict[str, RegisterStation], list[Skip]]:
    parsed = collect(iter_uk_ncr(path))
    return {s.source_key: s for s in parsed.records}, parsed.skipped


def test_quirk_duplicate_header_connector_groups_are_read_by_position() -> None:
    # The fixture's header names group 2's last column connector3Validated, as the export's
    # does: a reader keyed by name would merge it with group 3's, and shift nothing we read.
    header = FIXTURE.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header.count("connector3Validated") == 2
    kilmarnock = by_key(FIXTURE)[0]["aaa1"]
    assert kilmarnock.charge_points == (
        (Plug.CCS, 50.0, DC, 1, ()),
        (Plug.CHADEMO, 50.0, DC, 1, ()),  # no RatedOutputKW: 125 A x 400 V
        (Plug.TYPE2, 43.0, AC, 1, ()),
    )
    assert kilmarnock.notes == ("connector 2: no RatedOutputKW, 50 kW is current x voltage",)
    # No-break spaces in the name and postcode; dateUpdated 0000-00-00 -> dateCreated.
    assert kilmarnock.name == "Foregate Car Park, Kilmarnock"
    assert kilmarnock.address == "Kilmarnock, KA1 1JU"
    assert kilmarnock.updated_on == date(2014, 1, 10)
    assert kilmarnock.operator_name == "ChargePlace Scotland"


def test_quirk_multiline_quoted_text_and_connectors_left_out() -> None:
    retail = by_key(FIXTURE)[0]["aaa2"]
    assert retail.charge_points == ((Plug.TYPE2, 7.0, AC, 1, ()),)
    assert retail.operator_name == "Shop Ltd"  # "*No Controller" is the registry's "none"
    assert retail.address == "12 High Street, London, SW1A 1AA"
    assert retail.notes == (
        "the registry lists this device as out of service",
        "connector 5 left out: 3-pin Type G (BS1363) is a UK domestic socket, which our plugs lack",
        "connector 6 left out: planned, not yet built",
    )


def test_quirk_a_record_split_by_an_unquoted_line_break_is_joined() -> None:
    stations, skipped = by_key(FIXTURE)
    salisbury = stations["aaa3"]
    assert salisbury.name == "London Road Car Park"
    assert salisbury.charge_points == ((Plug.TYPE2, 7.0, AC, 2, ()),)
    assert salisbury.updated_on == date(2016, 1, 11)
    assert not any(s.record.startswith("line 7") for s in skipped)


def test_quirk_bad_devices_are_skipped_with_their_reason() -> None:
    _, skipped = by_key(FIXTURE)
    assert [(s.record, s.reason) for s in skipped] == [
        (
            "line 8 (chargeDeviceID aaa4)",
            "coordinates 40.416288, -3.703373 lie outside the United Kingdom",
        ),
        ("line 9 (chargeDeviceID aaa5)", "planned, not yet built"),
        (
            "line 10 (chargeDeviceID aaa6)",
            "no connector maps to a plug we know: connector 11 left out: 3-pin Type G (BS1363) "
            "is a UK domestic socket, which our plugs lack",
        ),
    ]


def test_a_deleted_device_names_itself(tmp_path: Path) -> None:
    # Its key is its station's (RegisterStation.source_key), so that station goes.
    kilmarnock = "2014-01-10 10:00:00,0000-00-00 00:00:00,n/a,"
    text = FIXTURE.read_text(encoding="utf-8")
    deleted = tmp_path / "deleted.csv"
    deleted.write_text(text.replace(kilmarnock, kilmarnock[:-4] + "2017-11-20 09:00:00,"))
    stations, skipped = by_key(deleted)
    assert "aaa1" not in stations
    assert skipped[0] == Removed(
        "line 2 (chargeDeviceID aaa1)",
        "deleted from the registry on 2017-11-20 09:00:00",
        key="aaa1",
    )
    assert skipped[1:] == by_key(FIXTURE)[1]  # the others as they were


def test_split_rows_that_do_not_make_one_record_are_skipped(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").split("\n")
    # The Madrid device (line 8) cut in two, its second half lost: the short first half and
    # the next device together have more fields than a record, so the half is skipped alone.
    half = lines[7][: len(lines[7]) // 2]
    cut = tmp_path / "cut.csv"
    cut.write_text("\n".join([*lines[:7], half, *lines[8:]]), encoding="utf-8")
    stations, skipped = by_key(cut)
    assert skipped[0].record == "line 8"
    assert skipped[0].reason.endswith("fields where the header has 58")
    assert "aaa5" not in stations  # still planned: read as its own record
    assert [s.record for s in skipped[1:]] == [
        "line 9 (chargeDeviceID aaa5)",
        "line 10 (chargeDeviceID aaa6)",
    ]


def test_a_header_whose_connector_group_is_out_of_order_is_refused(tmp_path: Path) -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    swapped = tmp_path / "swapped.csv"
    swapped.write_text(
        text.replace(
            "connector2Type,connector2RatedOutputKW", "connector2RatedOutputKW,connector2Type", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput, match="not the NCR's connector group"):
        next(iter_uk_ncr(swapped))
    afdc = Path(__file__).parent / "fixtures" / "registers" / "afdc_quirks.csv"
    with pytest.raises(InvalidInput, match="is not a National Chargepoint Registry export"):
        next(iter_uk_ncr(afdc))


def test_source_info_is_the_open_government_licence() -> None:
    assert SOURCE_INFO.source == "uk-ncr"
    assert SOURCE_INFO.licence == "Open Government Licence v2.0"
    assert SOURCE_INFO.attribution.startswith("Contains public sector information")


# --- the real export (../shared/data/uk-ncr) ------------------------------------------------


def real() -> tuple[dict[str, RegisterStation], list[Skip]]:
    return by_key(shared_path("data", "uk-ncr", "national-charge-point-registry_2017-11.csv"))


def test_real_export_counts() -> None:
    stations, skipped = real()
    assert len(stations) + len(skipped) == 3966
    assert len(stations) == 3966 - 4 - 2 - 391
    reasons = Counter(
        "bs1363 only" if "BS1363" in s.reason and s.reason.startswith("no connector") else s.reason
        for s in skipped
    )
    assert reasons == {
        "bs1363 only": 391,
        "planned, not yet built": 4,
        "coordinates 40.416288, -3.703373 lie outside the United Kingdom": 1,
        "coordinates -25.363882, 131.044922 lie outside the United Kingdom": 1,
    }
    points: Counter[Plug] = Counter()
    for station in stations.values():
        for plug, _kw, _kind, count, _ids in station.charge_points:
            points[plug] += count
    assert points == {
        Plug.TYPE2: 5273 + 4,
        Plug.CHADEMO: 763,
        Plug.CCS: 584,
        Plug.TESLA_SUC: 19,
        Plug.TYPE1: 6,
        Plug.TYPE3: 1,
    }
    assert sum(points.values()) == 6650


def test_real_devices_checked_by_hand() -> None:
    stations, _ = real()
    # Line 2: cfeedcdd5e287bef4b583158a12363f1 "2 Riddons Road", Source London, 51.431454 /
    # 0.031175; connector 118687 3-pin BS1363 3.7 kW, connector 118688 Type 2 7.0 kW single phase.
    riddons = stations["cfeedcdd5e287bef4b583158a12363f1"]
    assert (riddons.name, riddons.operator_name) == ("2 Riddons Road", "Source London")
    assert (riddons.latitude, riddons.longitude) == (51.431454, 0.031175)
    assert riddons.address == "Riddons Road, Junction with Chinbrook Road, Leek, SE12 9QR"
    assert riddons.charge_points == ((Plug.TYPE2, 7.0, AC, 1, ()),)
    assert riddons.updated_on == date(2015, 9, 2)
    # Line 3401: 5455c812b87ec2f9386e86edb8e2608c "WB Cardiff Gate", Ecotricity; 117081 Type 2
    # 43.0 kW three phase, 126502 CHAdeMO 50.0 kW DC.
    cardiff = stations["5455c812b87ec2f9386e86edb8e2608c"]
    assert cardiff.operator_name == "Ecotricity (Electric Highway)"
    assert cardiff.address == "M4 Motorway, Jct 30, Beck Court, Cardiff, CF23 8RA"
    assert cardiff.charge_points == ((Plug.CHADEMO, 50.0, DC, 1, ()), (Plug.TYPE2, 43.0, AC, 1, ()))
    # Line 3981: ec4d3bc6a57395f37fd8e5e16f82f20a "Merrion Centre 14 Tesla", CitiPark; 129150
    # "Type 2 Tesla (IEC62196) DC" 120.0 kW.
    merrion = stations["ec4d3bc6a57395f37fd8e5e16f82f20a"]
    assert merrion.operator_name == "CitiPark"
    assert merrion.charge_points == ((Plug.TESLA_SUC, 120.0, DC, 1, ()),)
    # Line 993: 0df94ca5d0479fab1af38bc25e84e0bf "London Road Car Park", split in two by a bare
    # line break after "outside of the opening hours."; two Type 2 7.0 kW connectors.
    london_road = stations["0df94ca5d0479fab1af38bc25e84e0bf"]
    assert london_road.address == "London Road, Salisbury, SP1 3HP"
    assert london_road.charge_points == ((Plug.TYPE2, 7.0, AC, 2, ()),)
    assert london_road.operator_name == "Chargemaster (POLAR)"
