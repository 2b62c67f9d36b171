"""`evcharge quote`: the terminal's price table equals the API's answer for the same session."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from evcharge.api.app import create_app
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
    text = out("quote", "--vehicle", "1001", "--station", WITZHAVE)
    assert "ccs 350 kW: 33.402 kWh from the grid" in text
    assert "prices in EUR" in text


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--vehicle", "zzzzqqq"], "vehicle matching 'zzzzqqq'"),
        (["--vehicle", "1001", "--charge-point", "warp"], "--charge-point is PLUG or PLUG:KW"),
        (["--vehicle", "1001", "--charge-point", "chademo"], "no usable charge point"),
        (["--vehicle", "1001", "--start", "25:00"], "--start is a time of day"),
        (["--vehicle", "1001", "--start", "[/x]"], "'[/x]'"),  # echoed as text, not markup
        (["--vehicle", "1001", "--range", "80", "20"], "battery range must rise"),
        (["--vehicle", "1001", "--currency", "XXX"], "XXX"),
    ],
)
def test_bad_input_is_one_line_and_exit_code_1(args: list[str], says: str) -> None:
    assert says in out("quote", "--station", WITZHAVE, *args, code=1)
