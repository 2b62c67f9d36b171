"""`evcharge quote`: the terminal's price table equals the API's answer for the same session."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.cli.quote import CSV_COLUMNS
from evcharge.settings import get_settings
from tests.cli.test_commands import fresh_database, out  # noqa: F401 (an autouse fixture)
from tests.price_requests import at_station

WITZHAVE = "DE*ION*E001001"  # IONITY A24 Witzhave: CCS 350 kW


@pytest.fixture(autouse=True)
def seeded(fresh_database: None, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("COLUMNS", "240")  # one table row per tariff
    out("seed")


def api_answer(vehicle_query: str, currency: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(tariff, price) in order and the tariffs without a price, from POST /v1/charge_prices."""
    key = out("keys", "create", "--name", "q", "--groups", "all").strip().splitlines()[-1]
    with TestClient(create_app(get_settings())) as client:
        headers = {"Api-Key": key}
        car = client.get("/v2/vehicles", params={"q": vehicle_query}, headers=headers).json()
        station = client.get(f"/v1/charging_stations/{WITZHAVE}", headers=headers).json()["data"]
        request = at_station(station, car["data"][0]["id"], currency=currency, battery=[20, 80])
        answer = client.post("/v1/charge_prices", json=request, headers=headers).json()
    priced, unpriced = [], []
    for r in answer["data"]:
        price = r["attributes"]["charge_point_prices"][0]["price"]
        name = r["attributes"]["tariff_name"]
        if price is None:
            unpriced.append(name)
        else:
            priced.append((name, f"{Decimal(str(price)):.2f}"))
    return priced, unpriced


def test_the_table_lists_the_api_prices_cheapest_first() -> None:
    text = out("quote", "--vehicle", "ioniq 5", "--station", WITZHAVE, "--range", "20", "80",
               "--currency", "GBP")  # fmt: skip
    priced, unpriced = api_answer("ioniq 5", "GBP")
    assert "IONIQ 5" in text
    assert "IONITY A24 Witzhave" in text
    rows = [line for line in text.splitlines() if line.startswith("│") and " GBP " in line]
    assert len(rows) == len(priced)
    for row, (name, price) in zip(rows, priced, strict=True):
        assert name in row
        assert f"{price} GBP" in row
    assert "(cheapest)" in rows[0]
    for name in unpriced:
        assert name in text
    assert "Price not yet listed." in text


def test_the_energy_line_is_the_simulated_session() -> None:
    # 58 kWh class IONIQ 5: 54 kWh usable; 20 -> 80 % = 32.4 kWh into the battery, / 0.97 DC
    # efficiency = 33.402 kWh from the grid (the API's meta.energy for the same session).
    text = out("quote", "--vehicle", "91001", "--station", WITZHAVE)
    assert "ccs 350 kW: 33.402 kWh from the grid" in text
    assert "prices in EUR" in text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--vehicle", "zzzzqqq"], "vehicle matching 'zzzzqqq'"),
        (["--vehicle", "91001", "--charge-point", "warp"], "--charge-point is PLUG or PLUG:KW"),
        (["--vehicle", "91001", "--charge-point", "chademo"], "no usable charge point"),
        (["--vehicle", "91001", "--start", "25:00"], "--start is a time of day"),
        (["--vehicle", "91001", "--start", "[/x]"], "'[/x]'"),  # echoed as text, not markup
        (["--vehicle", "91001", "--range", "80", "20"], "battery range must rise"),
        (["--vehicle", "91001", "--currency", "XXX"], "XXX"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_1(args: list[str], says: str) -> None:
    assert says in out("quote", "--station", WITZHAVE, *args, code=1)


def test_json_is_plain_and_its_prices_are_the_apis_exact_decimals() -> None:
    text = out("quote", "--vehicle", "ioniq 5", "--station", WITZHAVE, "--format", "json")
    document = json.loads(text)  # nothing but the document on stdout
    priced, unpriced = api_answer("ioniq 5", "EUR")
    assert document["energy_kwh"] == "33.402"  # the API's meta.energy, as a string
    assert document["station"]["name"] == "IONITY A24 Witzhave"
    assert document["currency"] == "EUR"
    shown = [(t["name"], t["price"]) for t in document["tariffs"] if t["price"] is not None]
    assert [(name, f"{Decimal(price):.2f}") for name, price in shown] == priced
    assert all(isinstance(t["price"], str) for t in document["tariffs"] if t["price"])
    for tariff in document["tariffs"]:
        if tariff["price"] is not None:
            per_kwh = Decimal(tariff["price"]) / Decimal(document["energy_kwh"])
            assert Decimal(tariff["price_per_kwh"]) == per_kwh.quantize(Decimal("0.001"))
    assert document["tariffs"][0]["cheapest"] is True
    assert {t["name"] for t in document["tariffs"] if t["price"] is None} == set(unpriced)
    assert all(t["no_price_reason"] for t in document["tariffs"] if t["price"] is None)


def test_csv_has_one_row_per_tariff_in_the_json_order() -> None:
    as_json = json.loads(
        out("quote", "--vehicle", "91001", "--station", WITZHAVE, "--format", "json")
    )
    text = out("quote", "--vehicle", "91001", "--station", WITZHAVE, "--format", "csv")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = list(reader)
    assert [r["tariff_id"] for r in rows] == [t["id"] for t in as_json["tariffs"]]
    for row, tariff in zip(rows, as_json["tariffs"], strict=True):
        assert row["price"] == (tariff["price"] or "")
        assert row["currency"] == "EUR"
        assert row["total_monthly_fee"] == tariff["total_monthly_fee"]
        assert row["cheapest"] == ("yes" if tariff["cheapest"] else "")
    assert any("," in r["tariff"] for r in rows)  # "IONITY PASSPORT (2023, legacy)", quoted


@pytest.mark.parametrize("station", [WITZHAVE, "witzhave", "IONITY A24 Witzhave", "22969"])
def test_station_takes_an_evse_id_or_text_from_its_name_or_address(station: str) -> None:
    document = json.loads(
        out("quote", "--vehicle", "91001", "--station", station, "--format", "json")
    )
    assert document["station"]["name"] == "IONITY A24 Witzhave"


def test_ambiguous_station_text_lists_the_candidates_and_fails() -> None:
    text = out("quote", "--vehicle", "91001", "--station", "ionity", code=1)
    assert "'ionity' matches more than 10 stations; name one by its id or an EVSE id" in text
    listed = [line for line in text.splitlines() if "IONITY" in line and "  " in line]
    assert len(listed) == 10
    assert "Traceback" not in text


@pytest.mark.parametrize(
    ("args", "says", "code"),
    [
        (["--station", "zzzzqqq"], "charging station matching 'zzzzqqq'", 1),
        (["--station", WITZHAVE, "--format", "xml"], "'xml' is not one of", 2),
    ],
)
def test_an_unknown_station_or_format_is_refused(args: list[str], says: str, code: int) -> None:
    assert says in out("quote", "--vehicle", "91001", *args, code=code)
