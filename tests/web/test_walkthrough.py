"""A new user's walk-through on the real registers (issue 15): import the German register, the
French data and the US file, open the page, search a street in Berlin, Paris and Seattle, open a
station and see prices there for a car.

The registers are cut to those three cities first (Berlin's rows of the BNetzA register, the
Paris communes of QualiCharge's Parquet, Seattle's rows of the AFDC Washington export), written
in each publisher's own format to a temporary folder and imported with `evcharge import`, so the
test costs seconds, not the minutes of the national files. Skipped without ../shared.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import Page, expect

from tests.conftest import needs_shared, shared_path
from tests.live_server import LiveServer, serving

pytestmark = [
    needs_shared("data", "bnetza"),
    needs_shared("data", "irve", "qualicharge"),
    needs_shared("data", "afdc"),
]
BNETZA = ("data", "bnetza", "Ladesaeulenregister_Stand_2022-01-01.xlsx")
IRVE = ("data", "irve", "qualicharge", "qualicharge_statique_2026-04-14.parquet")
AFDC = ("data", "afdc", "alt_fuel_stations_WA_2025-02-09.csv")


def berlin_rows(source: Path, target: Path) -> None:
    """The register's preamble and header, then its rows whose Ort is Berlin."""
    book = load_workbook(source, read_only=True, data_only=True)
    out = Workbook(write_only=True)
    sheet = out.create_sheet(book.sheetnames[0])
    city: int | None = None
    for row in book.worksheets[0].iter_rows(values_only=True):
        if city is None:
            sheet.append(row)
            city = row.index("Ort") if "Ort" in row else None
        elif row[city] == "Berlin":
            sheet.append(row)
    out.save(target)
    book.close()


def paris_rows(source: Path, target: Path) -> None:
    """QualiCharge's points of charge in the 20 arrondissements (INSEE codes 751xx)."""
    table = pq.read_table(source)
    pq.write_table(table.filter(pc.starts_with(table["code_insee_commune"], "751")), target)


def seattle_rows(source: Path, target: Path) -> None:
    with source.open(encoding="utf-8-sig", newline="") as f, target.open("w", newline="") as out:
        rows = csv.DictReader(f)
        assert rows.fieldnames is not None
        writer = csv.DictWriter(out, rows.fieldnames)
        writer.writeheader()
        writer.writerows(r for r in rows if r["City"].strip().lower() == "seattle")


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("walkthrough")
    files = {
        "bnetza": root / "berlin.xlsx",
        "irve": root / "paris.parquet",
        "afdc": root / "seattle.csv",
    }
    berlin_rows(shared_path(*BNETZA), files["bnetza"])
    paris_rows(shared_path(*IRVE), files["irve"])
    seattle_rows(shared_path(*AFDC), files["afdc"])
    with serving(root) as server:  # db upgrade, seed, a key, evcharge serve
        for command, path in files.items():
            output = server.cli("import", command, str(path))
            assert "stations: created " in output, output
        yield server


# (city, what a person types, the station it finds, the car, a tariff priced there, its price)
WALKS = [
    ("Berlin", "Kurfuerstendamm 90 Berlin", "Kurfürstendamm 90", "IONIQ 5", "Allego", None),
    ("Paris", "rue des Poissonniers Paris", "Electra Paris 18", "IONIQ 5", "Electra", None),
    ("Seattle", "Stewart Street Seattle", "Tesla Destination", "Model 3 RWD (US)", "Tesla", 0.0),
]


def api(walk: LiveServer, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
    answer = walk.raw(method, path, **kwargs)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize(("city", "typed", "station", "car", "tariff", "price"), WALKS)
def test_the_page_calls_find_the_street_and_price_its_station(
    walk: LiveServer,
    city: str,
    typed: str,
    station: str,
    car: str,
    tariff: str,
    price: float | None,
) -> None:
    """The page's own calls (web/app.js, station.js, prices.js) over HTTP, browser or not."""
    listed = api(walk, "GET", "/v1/charging_stations", params={"q": typed, "page[size]": 10})
    first = next(s for s in listed["data"] if station in s["attributes"]["name"])
    assert city in first["attributes"]["address"]
    opened = api(walk, "GET", f"/v1/charging_stations/{first['id']}")["data"]
    assert opened["attributes"]["data_source"] is not None  # the register, as its licence asks
    vehicle = api(walk, "GET", "/v2/vehicles", params={"q": car, "page[size]": 10})["data"][0]
    ports = {*vehicle["attributes"]["dc_ports"], *vehicle["attributes"]["ac_ports"]}
    points = opened["attributes"]["charge_points"]
    point = next(p for p in points if p["plug"] in ports or p["energy_type"] == "ac")
    a = opened["attributes"]
    request = {
        "data": {
            "type": "charge_price_request",
            "attributes": {
                "data_adapter": "chargeprice",
                "station": {
                    "longitude": a["longitude"],
                    "latitude": a["latitude"],
                    "country": a["country"],
                    "network": opened["relationships"]["operator"]["data"]["id"],
                    "charge_points": [{"power": point["power"], "plug": point["plug"]}],
                },
                "options": {"battery_range": [20, 80], "start_time": 720, "currency": "EUR"},
            },
            "relationships": {"vehicle": {"data": {"id": vehicle["id"], "type": "car"}}},
        }
    }
    if a["country"] == "US":
        request["data"]["attributes"]["options"]["currency"] = "USD"
    answer = api(walk, "POST", "/v1/charge_prices", json=request)
    priced = {
        r["attributes"]["tariff_name"]: r["attributes"]["charge_point_prices"][0]["price"]
        for r in answer["data"]
        if r["attributes"]["charge_point_prices"][0]["price"] is not None
    }
    ours = [p for name, p in priced.items() if tariff in name]
    assert ours, priced
    if price is not None:
        assert ours[0] == price


@pytest.mark.parametrize(("city", "typed", "station", "car", "tariff", "price"), WALKS)
def test_a_street_search_finds_a_station_with_prices(
    page: Page,
    walk: LiveServer,
    city: str,
    typed: str,
    station: str,
    car: str,
    tariff: str,
    price: float | None,
) -> None:
    page.goto(f"{walk.url}/#key={walk.key}")
    cars = page.get_by_test_id("vehicle-search")
    cars.fill(car)
    page.locator("#vehicle-results li", has_text=car).first.click()
    expect(page.locator("#vehicle-title")).to_contain_text(car.split(" (")[0])

    page.locator("#station-search").fill(typed)
    found = page.locator("#station-results li", has_text=station).first
    expect(found).to_contain_text(city)
    found.click()
    expect(page.locator("#station-title")).to_contain_text(station.split()[0])
    expect(page.locator("#station-address")).to_contain_text(city)

    rows = page.locator("#price-rows tr[data-price]")
    expect(rows.filter(has_text=tariff).first).to_be_visible()
    shown = rows.evaluate_all("rows => rows.map(r => [r.innerText, Number(r.dataset.price)])")
    ours = [p for text, p in shown if tariff in text]
    assert ours, shown
    if price is not None:
        assert ours[0] == price

    # The page's answer is the API's: the same search finds the station, priced alike.
    listed = api(walk, "GET", "/v1/charging_stations", params={"q": typed})["data"]
    assert any(station in s["attributes"]["name"] + s["attributes"]["address"] for s in listed)
