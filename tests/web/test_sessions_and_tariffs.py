"""Prices without a car, tariff tags, "my tariffs", "no monthly fee", the start time and tied
cheapest tariffs, in real Chromium, each checked against the API's own answer."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.live_server import LiveServer
from tests.price_requests import at_station
from tests.web.test_page import expected_rows, shown_rows, station, vehicle_id


def energy_request(at: dict[str, Any], *, energy_kwh: float, duration_min: float) -> dict[str, Any]:
    request = at_station(at, "unused", currency="EUR", battery=[20, 80])
    del request["data"]["relationships"]
    options = request["data"]["attributes"]["options"]
    del options["battery_range"]
    options |= {"energy": energy_kwh, "duration": duration_min}
    return request


def priced(live: LiveServer, request: dict[str, Any], language: str = "en") -> dict[str, Any]:
    """The API's answer, in `language` (the page asks in the language it shows)."""
    headers = {"Api-Key": live.key, "Accept-Language": language}
    answer = httpx.post(f"{live.url}/v1/charge_prices", json=request, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def test_a_session_without_a_car_costs_what_the_api_says(page: Page, live: LiveServer) -> None:
    at = station(live)
    page.goto(f"{live.url}/?station={at['id']}&start=12:00#key={live.key}")
    expect(page.locator("#price-status")).to_contain_text("Choose a car")
    page.get_by_test_id("mode-energy").check()
    page.get_by_label("Energy (kWh)").fill("42.5")
    page.get_by_label("Energy (kWh)").dispatch_event("change")
    page.get_by_label("Minutes").fill("35")
    page.get_by_label("Minutes").dispatch_event("change")
    expect(page.locator("#price-caption")).to_contain_text("42.5 kWh in 35 min")
    expected = expected_rows(priced(live, energy_request(at, energy_kwh=42.5, duration_min=35)))
    assert expected[0], "the seeded tariffs price energy and time at this station"
    assert shown_rows(page) == expected
    expect(page.get_by_label("From %")).to_be_hidden()  # the battery range is the car's
    expect(page.get_by_test_id("map-status")).to_contain_text("The map prices a car's battery")

    page.reload()  # the mode and the amounts are in the URL
    expect(page.locator("#price-caption")).to_contain_text("42.5 kWh in 35 min")
    assert shown_rows(page) == expected


def test_tariff_tags_are_shown_as_the_api_words_them(page: Page, live: LiveServer) -> None:
    car, at = vehicle_id(live), station(live)
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}&start=12:00#key={live.key}")
    expect(page.get_by_test_id("price-table")).to_be_visible()
    answer = priced(live, at_station(at, car, currency="EUR", battery=[20, 80]))
    tagged = [r for r in answer["data"] if r["attributes"]["tags"]]
    assert tagged, "the seeded tariffs at this station carry tags"
    for resource in tagged:
        row = page.locator(f"tr[data-tariff-id='{resource['id']}']")
        shown = row.get_by_test_id("tariff-tags").locator("li").all_inner_texts()
        assert shown == [tag["text"] for tag in resource["attributes"]["tags"]]


def test_my_tariffs_and_no_monthly_fee_filter_as_the_api_does(page: Page, live: LiveServer) -> None:
    car, at = vehicle_id(live), station(live)
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}&start=12:00#key={live.key}")
    expect(page.get_by_test_id("price-table")).to_be_visible()
    page.get_by_test_id("no-monthly-fee").check()
    no_fee = at_station(at, car, currency="EUR", battery=[20, 80])
    no_fee["data"]["attributes"]["options"]["max_monthly_fees"] = 0
    expected = expected_rows(priced(live, no_fee))
    expect(page.locator("#price-rows tr")).to_have_count(len(expected[0]))
    assert shown_rows(page) == expected
    page.get_by_test_id("no-monthly-fee").uncheck()

    # My tariffs: one with a monthly fee and one without, then only them.
    listed = priced(live, at_station(at, car, currency="EUR", battery=[20, 80]))["data"]
    with_fee = next(r for r in listed if r["attributes"]["total_monthly_fee"])
    without = next(r for r in listed if not r["attributes"]["total_monthly_fee"])
    mine = [with_fee["id"], without["id"]]
    page.locator("#my-tariffs summary").click()
    for tariff in mine:
        page.get_by_test_id("my-tariffs-list").locator(f"input[value='{tariff}']").check()
    expect(page.locator("#my-count")).to_have_text("2")
    page.get_by_test_id("only-mine").check()
    exclusive = at_station(at, car, currency="EUR", battery=[20, 80])
    exclusive["data"]["relationships"]["tariffs"] = {
        "data": [{"id": t, "type": "tariff"} for t in mine],
        "meta": {"include": "exclusive"},
    }
    expected = expected_rows(priced(live, exclusive))
    expect(page.locator("#price-rows tr, #no-price-rows tr[data-tariff-id]")).to_have_count(2)
    assert shown_rows(page) == expected
    expect(page.locator(f"tr[data-tariff-id='{without['id']}'] .badge.mine")).to_have_text(
        "My tariff"
    )

    page.reload()  # kept in this browser
    expect(page.get_by_test_id("only-mine")).to_be_checked()
    expect(page.locator("#my-count")).to_have_text("2")
    expect(page.locator("#price-rows tr, #no-price-rows tr[data-tariff-id]")).to_have_count(2)


def test_the_start_time_defaults_to_now_in_local_time(page: Page, live: LiveServer) -> None:
    page.goto(f"{live.url}/?station={station(live)['id']}#key={live.key}")
    shown = page.get_by_label("Start time").input_value()
    now = page.evaluate(
        "(() => { const d = new Date(); return d.getHours() * 60 + d.getMinutes(); })()"
    )
    hours, minutes = map(int, shown.split(":"))
    assert (now - (hours * 60 + minutes)) % 1440 <= 1
    assert "start=" not in page.url  # a shared link starts "now" for whoever opens it


def test_tariffs_tied_for_the_lowest_price_share_the_cheapest_badge(
    page: Page, live: LiveServer
) -> None:
    car = vehicle_id(live)
    found = live.raw("GET", "/v1/charging_stations", params={"q": "Supercharger Hilden"})
    at = found.json()["data"][0]
    answer = priced(live, at_station(at, car, currency="EUR", battery=[20, 80], power_kw=250.0))
    prices = [r["attributes"]["charge_point_prices"][0]["price"] for r in answer["data"]]
    lowest = min(p for p in prices if p is not None)
    tied = [r["id"] for r, p in zip(answer["data"], prices, strict=True) if p == lowest]
    assert len(tied) >= 2, "the seeded data has two tariffs tied for cheapest here"
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}&cp=ccs-250&start=12:00#key={live.key}")
    expect(page.get_by_test_id("price-table")).to_be_visible()
    badged = page.locator("#price-rows tr:has(.badge:text('Cheapest'))")
    expect(badged).to_have_count(len(tied))
    assert badged.evaluate_all("rows => rows.map(r => r.dataset.tariffId)") == tied
