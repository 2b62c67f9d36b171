"""The map of prices, in real Chromium: the stations in view, each pin the bulk endpoint's
cheapest price for the chosen car; clusters beyond 100 stations; a pin opens its station."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Browser, Page, Request, expect

from tests.live_server import LiveServer
from tests.web.test_page import query, vehicle_id

BERLIN = "11/52.5200/13.4000"


def in_box(live: LiveServer, page: Page) -> list[dict[str, Any]]:
    """The stations the API lists for the box the map shows."""
    lat_gte, lat_lte, lng_gte, lng_lte = (
        page.get_by_test_id("map").get_attribute("data-bbox") or ""
    ).split(",")
    params = {
        "filter[latitude.gte]": lat_gte, "filter[latitude.lte]": lat_lte,
        "filter[longitude.gte]": lng_gte, "filter[longitude.lte]": lng_lte, "page[size]": 1000,
    }  # fmt: skip
    answer = live.raw("GET", "/v1/charging_stations", params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]  # type: ignore[no-any-return]


def bulk(live: LiveServer, car: str, station_ids: list[str]) -> dict[str, float]:
    """The bulk endpoint's cheapest price per station over every tariff, at 12:00, in EUR."""
    tariffs = live.raw("GET", "/v1/tariffs").json()["data"]
    body = {"data": {"type": "bulk_price_preview_request",
        "attributes": {"battery_range": [20, 80], "currency": "EUR", "start_time": 720},
        "relationships": {
            "charging_stations": {
                "data": [{"id": s, "type": "charging_station"} for s in station_ids]},
            "tariffs": {"data": [{"id": t["id"], "type": "tariff"} for t in tariffs]},
            "vehicle": {"data": {"id": car, "type": "car"}}}}}  # fmt: skip
    answer = live.raw("POST", "/v1/charge_prices/bulk", json=body)
    assert answer.status_code == 200, answer.text
    return {
        p["relationships"]["charging_station"]["data"]["id"]: p["attributes"]["price"]
        for p in answer.json()["data"]
    }


def shown_pins(page: Page) -> dict[str, str]:
    expect(page.get_by_test_id("map")).to_have_attribute("data-ready", "true")
    return dict(
        page.get_by_test_id("map-pin").evaluate_all(
            "pins => pins.map(p => [p.dataset.stationId, p.dataset.price])"
        )
    )


def test_the_pins_are_the_bulk_answer_for_the_stations_in_view(
    page: Page, live: LiveServer
) -> None:
    car = vehicle_id(live)
    page.goto(f"{live.url}/?vehicle={car}&at={BERLIN}&start=12:00#key={live.key}")
    pins = shown_pins(page)
    stations = in_box(live, page)
    assert 0 < len(stations) <= 100, "Berlin at zoom 11 holds a handful of seeded stations"
    assert set(pins) == {s["id"] for s in stations}
    expected = bulk(live, car, list(pins))
    assert expected, "the seeded data prices some stations in Berlin"
    assert {s: float(p) for s, p in pins.items() if p} == expected
    assert {s for s, p in pins.items() if not p} == set(pins) - set(expected)
    cheapest = min(expected, key=lambda s: expected[s])
    best = page.locator(f"[data-testid=map-pin][data-station-id='{cheapest}']")
    expect(best).to_have_class("pin pin-best")
    expect(best).to_contain_text(f"{expected[cheapest]:.2f}")
    assert page.get_by_test_id("map").locator(".leaflet-tile").count() == 0  # no tile server

    best.locator("xpath=..").focus()  # Leaflet's marker, a focusable button
    best.press("Enter")  # the pin opens its station's price table
    expect(page.get_by_test_id("price-table")).to_be_visible()
    name = next(s["attributes"]["name"] for s in stations if s["id"] == cheapest)
    expect(page.locator("#station-title")).to_have_text(name)
    assert query(page)["station"] == cheapest


def test_beyond_100_stations_in_view_the_map_clusters_them(page: Page, live: LiveServer) -> None:
    bulk_bodies: list[dict[str, Any]] = []

    def seen(request: Request) -> None:
        if request.url.endswith("/v1/charge_prices/bulk"):
            bulk_bodies.append(json.loads(request.post_data or "{}"))

    page.on("request", seen)
    page.goto(f"{live.url}/?vehicle={vehicle_id(live)}&at=5/51.0/10.0#key={live.key}")
    expect(page.get_by_test_id("map")).to_have_attribute("data-ready", "true")
    stations = in_box(live, page)
    assert len(stations) > 100, "all seeded stations are in view at zoom 5 over Europe"
    counts = page.get_by_test_id("map-cluster").evaluate_all(
        "cs => cs.map(c => Number(c.dataset.count))"
    )
    assert sum(counts) == len(stations)
    assert page.get_by_test_id("map-pin").count() == 0
    expect(page.get_by_test_id("map-status")).to_contain_text(f"{len(stations)} stations in view")
    assert not bulk_bodies, "no bulk call for more than 100 stations"

    # A cluster zooms in; once 100 or fewer stations are in view, each bulk call prices them.
    for _ in range(5):
        if page.get_by_test_id("map-pin").count():
            break
        at = query(page)["at"]
        page.get_by_test_id("map-cluster").first.click()
        page.wait_for_function("at => !location.search.includes(encodeURIComponent(at))", arg=at)
        expect(page.get_by_test_id("map")).to_have_attribute("data-ready", "true")
    assert page.get_by_test_id("map-pin").count() > 0
    assert bulk_bodies
    assert all(
        len(b["data"]["relationships"]["charging_stations"]["data"]) <= 100 for b in bulk_bodies
    )
    assert query(page)["at"].split("/")[0] != "5"  # the view is in the URL


def test_without_a_car_the_pins_show_stations_and_ask_for_one(page: Page, live: LiveServer) -> None:
    page.goto(f"{live.url}/?at={BERLIN}#key={live.key}")
    pins = shown_pins(page)
    assert pins
    assert not any(pins.values())
    expect(page.get_by_test_id("map-status")).to_contain_text("Choose a car")


def test_on_a_phone_in_german_pick_the_cheapest_pin_over_berlin(
    browser: Browser, live: LiveServer
) -> None:
    """Issue 17's walk-through: a phone, a car found by typing, the map over Berlin, the
    cheapest pin, and its price table, all in German."""
    context = browser.new_context(locale="de-DE", viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{live.url}/?at={BERLIN}#key={live.key}")
        search = page.get_by_test_id("vehicle-search")
        search.fill("ioniq 5")
        page.locator("#vehicle-results li").first.click()
        expect(page.locator("#vehicle-title")).to_contain_text("IONIQ 5")
        expect(page.get_by_test_id("map-status")).to_contain_text("mit Preis")
        pins = shown_pins(page)
        prices = {s: float(p) for s, p in pins.items() if p}
        cheapest = min(prices, key=lambda s: prices[s])
        page.locator(f"[data-testid=map-pin][data-station-id='{cheapest}']").click()
        expect(page.get_by_test_id("price-table")).to_be_visible()
        expect(page.locator("#price-caption")).to_contain_text("Der günstigste zuerst")
        expect(page.locator("#price-rows tr").first).to_contain_text("Günstigster")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    finally:
        context.close()
