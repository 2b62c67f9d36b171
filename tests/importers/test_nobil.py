"""NOBIL JSON -> register stations: quirk fixtures, streaming, then the staged 2019 response.

Expected counts on the real file were established apart from the parser: 23 stations and 86
charge points are PROVENANCE.md's; the per-plug and power totals were counted with json.load
over every `attr.conn` entry's connector and capacity labels (`trans`).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import evcharge.importers.json_stream as json_stream
from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import EnergyType, Plug
from evcharge.importers.nobil import SOURCE_INFO, iter_nobil
from evcharge.importers.parsed import Skip
from evcharge.importers.registers import RegisterStation, collect
from tests.conftest import shared_path

FIXTURE = Path(__file__).parent / "fixtures" / "registers" / "nobil_quirks.http"
AC, DC = EnergyType.AC, EnergyType.DC
OLD_RIGHTS = "the NOBIL file states its rights as: Creative Commons 3.0 Unported License"


def by_key(path: Path) -> tuple[dict[str, RegisterStation], list[Skip]]:
    parsed = collect(iter_nobil(path))
    return {s.source_key: s for s in parsed.records}, parsed.skipped


def test_quirks_http_head_html_entities_decimal_comma_label_and_evse_ids() -> None:
    # The fixture is a saved HTTP response: status line and headers before the JSON body.
    oslo = by_key(FIXTURE)[0]["NOR_00001"]
    assert oslo.operator_name == "Fortum Charge & Drive"  # "Fortum Charge &amp; Drive"
    assert oslo.name == "Fortum Charge & Drive Oslo"
    assert (oslo.latitude, oslo.longitude, oslo.country) == (59.9139, 10.7522, "NO")
    assert oslo.charge_points == (
        # capacity code 99 is not in our table: its label "62,5 kW DC" gives the power
        (Plug.CCS, 62.5, DC, 2, ("NO*FOR*E1", "NO*FOR*E2")),
        # code 16 "230V 3-phase max 16A": sqrt(3) x 230 V x 16 A = 6.37 kW
        (Plug.TYPE2, 6.4, AC, 1, ()),
    )
    assert oslo.updated_on == date(2019, 10, 15)
    assert oslo.notes == (OLD_RIGHTS,)


def test_quirks_dan_combined_connector_tesla_at_ac_and_hydrogen() -> None:
    copenhagen = by_key(FIXTURE)[0]["DAN_00002"]
    assert (copenhagen.country, copenhagen.latitude) == ("DK", 55.6761)  # "( 55.6761 , 12.5683 )"
    assert copenhagen.charge_points == (
        (Plug.CHADEMO, 50.0, DC, 1, ()),
        (Plug.TYPE2, 22.0, AC, 1, ()),
    )
    assert copenhagen.notes == (
        "charge point 1: its type2 plug left out: NOBIL gives only its DC power",
        "charge point 2: a Tesla connector at AC power: a destination charger, taken as its "
        "Type 2 plug",
        "charge point 3 left out: energy carrier 2 (Hydrogen), not electricity",
        OLD_RIGHTS,
    )


def test_quirks_bad_stations_are_skipped_with_their_reason() -> None:
    stations, skipped = by_key(FIXTURE)
    assert stations["SWE_00010"].charge_points == ((Plug.TESLA_SUC, 135.0, DC, 2, ()),)
    assert [(s.record, s.reason) for s in skipped] == [
        ("station SWE_00003", "employees only: not for a public catalogue"),
        ("station FIN_00004", "Position 60.17;24.94 is not (latitude,longitude)"),
        ("station FIN_00005", "coordinates 59.0, 5.0 lie outside Finland"),
        (
            "station SWE_00006",
            "no charge point maps to a plug we know: charge point 1 left out: connector 36 "
            "(Red industrial 5-pin) is not a plug we know",
        ),
        ("station EST_00007", "Land_code EST is not a NOBIL country we map"),
        ("station NOR_00001", "same station NOR_00001 again"),
        ("a chargerstations element", "not a NOBIL charger station (no csmd object)"),
    ]


def test_the_stream_reads_the_same_in_tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = collect(iter_nobil(FIXTURE))
    # Chunks of 1 to 12 characters cut every key, string and number somewhere: "id": 10 read
    # as 1 would make station SWE_00001 of SWE_00010.
    for chunk in range(1, 13):
        monkeypatch.setattr(json_stream._JsonReader, "_CHUNK", chunk)
        assert collect(iter_nobil(FIXTURE)) == whole, chunk


def test_a_truncated_or_foreign_file_is_refused(tmp_path: Path) -> None:
    body = FIXTURE.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(body[: len(body) // 2], encoding="utf-8")
    stream = iter_nobil(cut)
    with pytest.raises(InvalidInput, match="is not a NOBIL API response"):
        list(stream)
    other = tmp_path / "other.json"
    other.write_text('{"Provider": "NOBIL.no", "error": "Invalid API key"}', encoding="utf-8")
    with pytest.raises(InvalidInput, match="no chargerstations"):
        list(iter_nobil(other))
    array = tmp_path / "array.json"
    array.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidInput, match="expected"):
        list(iter_nobil(array))


def test_source_info_is_cc_by_4() -> None:
    assert (SOURCE_INFO.source, SOURCE_INFO.licence) == ("nobil", "CC BY 4.0")
    assert "NOBIL.no" in SOURCE_INFO.attribution


# --- the real response (../shared/data/nobil) -----------------------------------------------


def real() -> tuple[dict[str, RegisterStation], list[Skip]]:
    return by_key(shared_path("data", "nobil", "nobil_search_response_2019-10-15.body.json"))


def test_real_response_counts() -> None:
    stations, skipped = real()
    assert (len(stations), skipped) == (23, [])
    points: Counter[tuple[Plug, float]] = Counter()
    for station in stations.values():
        for plug, power_kw, _kind, count, _ids in station.charge_points:
            points[(plug, power_kw)] += count
    assert points == {
        (Plug.TYPE2, 22.0): 37,
        (Plug.SCHUKO, 3.6): 16,
        (Plug.TESLA_SUC, 135.0): 10,
        (Plug.TYPE2, 3.6): 6,
        (Plug.TYPE2, 11.0): 4,
        (Plug.CHADEMO, 50.0): 4,
        (Plug.CCS, 50.0): 4,
        (Plug.TYPE2, 43.0): 4,
        (Plug.TYPE2, 7.4): 1,
    }
    assert sum(points.values()) == 86
    assert {s.country for s in stations.values()} == {"SE"}
    assert all(s.notes == () for s in stations.values())  # the rights are CC BY 4.0


def test_real_stations_checked_by_hand() -> None:
    stations, _ = real()
    # chargerstations[0]: id 3108 "Sjukhusvägen 4", Owned_by "Landstinget i Uppsala",
    # Position "(59.85178,17.64124)", 10 points, each Type 2 (32) at 22 kW (11).
    sjukhus = stations["SWE_03108"]
    assert (sjukhus.name, sjukhus.operator_name) == ("Sjukhusvägen 4", "Landstinget i Uppsala")
    assert sjukhus.address == "Sjukhusvägen 4, 75237 UPPSALA"
    assert (sjukhus.latitude, sjukhus.longitude) == (59.85178, 17.64124)
    assert sjukhus.charge_points == ((Plug.TYPE2, 22.0, AC, 10, ()),)
    assert sjukhus.updated_on == date(2017, 10, 4)
    # chargerstations[3]: id 2487 "Parkeringshuset Svava": point 1 Type 2 at "7,4 kW",
    # points 2-5 Schuko (14) at "3,6 kW" (7).
    assert stations["SWE_02487"].charge_points == (
        (Plug.SCHUKO, 3.6, AC, 4, ()),
        (Plug.TYPE2, 7.4, AC, 1, ()),
    )
    # chargerstations[6]: id 2058 "Fortum McD Vaksalagatan", Owned_by "Fortum Charge &amp;
    # Drive", Årstagatan 1, 75434 UPPSALA: CHAdeMO 50 kW, CCS/Combo 50 kW, Type 2 43 kW.
    fortum = stations["SWE_02058"]
    assert fortum.operator_name == "Fortum Charge & Drive"
    assert fortum.address == "Årstagatan 1, 75434 UPPSALA"
    assert fortum.charge_points == (
        (Plug.CCS, 50.0, DC, 1, ()),
        (Plug.CHADEMO, 50.0, DC, 1, ()),
        (Plug.TYPE2, 43.0, AC, 1, ()),
    )
    # chargerstations[17]: id 4555 "Tesla SC Uppsala", 10 x Tesla Connector Model (40) at
    # "135 kW - 480VDC max 270A" (22).
    assert stations["SWE_04555"].charge_points == ((Plug.TESLA_SUC, 135.0, DC, 10, ()),)
