"""The page at /, in real Chromium: find a car, read its curve, compare prices with the API."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.live_server import LiveServer
from tests.price_requests import at_station

IONIQ5_EVDB_ID = 91001
STATION_TEXT = "Witzhave"  # IONITY A24 Witzhave: one CCS 350 kW charge point


def vehicle_id(live: LiveServer) -> str:
    found = live.raw("GET", "/v2/vehicles", params={"q": "ioniq 5"}).json()
    return next(
        v["id"] for v in found["data"] if v["attributes"]["evdb_vehicle_id"] == IONIQ5_EVDB_ID
    )


def station(live: LiveServer) -> dict[str, Any]:
    found = live.raw("GET", "/v1/charging_stations", params={"q": STATION_TEXT}).json()
    return found["data"][0]  # type: ignore[no-any-return]


def api_prices(
    live: LiveServer, car: str, at: dict[str, Any], *, currency: str, battery: list[int]
) -> dict[str, Any]:
    """The answer the page must show, asked for over plain HTTP."""
    request = at_station(at, car, currency=currency, battery=battery)
    answer = live.raw("POST", "/v1/charge_prices", json=request)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def shown_rows(page: Page) -> tuple[list[tuple[str, float]], dict[str, str]]:
    priced = page.locator("#price-rows tr").evaluate_all(
        "rows => rows.map(r => [r.dataset.tariffId, Number(r.dataset.price), r.innerText])"
    )
    unpriced = page.locator("#no-price-rows tr[data-tariff-id]").evaluate_all(
        "rows => rows.map(r => [r.dataset.tariffId, r.cells[1].innerText])"
    )
    for _id, price, text in priced:
        assert f"{price:.2f}" in text  # the visible price is the API's, to the cent
    return [(i, p) for i, p, _t in priced], dict(unpriced)


def expected_rows(answer: dict[str, Any]) -> tuple[list[tuple[str, float]], dict[str, str]]:
    priced, unpriced = [], {}
    for resource in answer["data"]:
        point = resource["attributes"]["charge_point_prices"][0]
        if point["price"] is None:
            unpriced[resource["id"]] = point["no_price_reason"]
        else:
            priced.append((resource["id"], point["price"]))
    return priced, unpriced


def query(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_search_a_car_by_keyboard_and_see_its_v2x_card_and_curve(
    page: Page, live: LiveServer
) -> None:
    page.goto(f"{live.url}/#key={live.key}")
    search = page.get_by_test_id("vehicle-search")
    search.fill("ioniq 5")
    expect(page.locator("#vehicle-results li").first).to_be_visible()
    search.press("ArrowDown")
    search.press("Enter")

    expect(page.locator("#vehicle-title")).to_contain_text("IONIQ 5")
    car = query(page)["vehicle"]
    assert "key" not in page.url  # the fragment is gone: a shared link never leaks the key
    v2x = live.raw(
        "GET",
        f"/evdatabase/{query(page)['market']}/car/bidirectionalcharging/",
        params={"evdb_vehicle_id": IONIQ5_EVDB_ID},
    ).json()["result"]
    v2l = page.get_by_test_id("v2x-card").locator("tr[data-mode=vehicle_to_load]")
    expect(v2l).to_contain_text(v2x["vehicle_to_load_support_status"])
    expect(v2l).to_contain_text(f"{v2x['vehicle_to_load_power_output_kw']} kW")

    curve = page.get_by_test_id("charging-curve")
    expect(curve).to_be_visible()
    assert curve.evaluate("svg => svg.tagName") == "svg"
    points = curve.locator("polyline.car").get_attribute("points") or ""
    api_curve = live.raw("GET", "/v2/vehicles", params={"filter[id]": car}).json()
    assert len(points.split()) == len(api_curve["data"][0]["attributes"]["dc_charging_curve"])

    page.get_by_label("Charger power").select_option("50")
    session = live.raw("GET", f"/v2/vehicles/{car}/charging_session", params={"power": 50})
    minutes = round(session.json()["data"]["attributes"]["duration_min"])
    expect(page.get_by_test_id("charge-time")).to_contain_text(f"{minutes} min at a 50 kW charger")
    assert query(page)["power"] == "50"

    # How the curve was obtained, as the API says, with the maker's figure and its source.
    attributes = api_curve["data"][0]["attributes"]
    said = page.get_by_test_id("curve-provenance").locator("p")
    expect(said).to_have_attribute("data-provenance", attributes["curve_provenance"])
    reference = attributes["reference_charge"]
    if reference is not None:
        expect(said).to_contain_text(f"in {round(reference['duration_min'])} min")
        expect(said.locator("a")).to_have_attribute("href", reference["source_url"])


def test_a_deep_link_opens_prices_that_equal_the_api_and_controls_update_the_url(
    page: Page, live: LiveServer
) -> None:
    car, at = vehicle_id(live), station(live)
    # The start time defaults to now; the API's answer below is for 12:00.
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}&start=12:00#key={live.key}")
    table = page.get_by_test_id("price-table")
    expect(table).to_be_visible()
    expect(page.locator("#price-rows tr").first).to_have_class(re.compile("cheapest"))
    expect(page.locator("#price-rows tr").first).to_contain_text("Cheapest")

    shown = shown_rows(page)
    assert shown == expected_rows(api_prices(live, car, at, currency="EUR", battery=[20, 80]))
    assert shown[0] == sorted(shown[0], key=lambda row: row[1])  # cheapest first
    assert shown[1], "the seeded data has tariffs without a price here, each with its reason"

    page.get_by_label("Currency").select_option("GBP")
    page.get_by_label("From %").fill("10")
    page.get_by_label("From %").dispatch_event("change")
    expect(page.locator("#price-caption")).to_contain_text("10 → 80 %")
    expect(page.locator("#price-rows td[data-testid=price]").first).to_contain_text("£")
    assert shown_rows(page) == expected_rows(
        api_prices(live, car, at, currency="GBP", battery=[10, 80])
    )
    state = query(page)
    assert (state["currency"], state["from"], state["station"]) == ("GBP", "10", at["id"])

    page.reload()  # the URL alone restores the view
    expect(page.locator("#price-caption")).to_contain_text("10 → 80 %")
    expect(page.get_by_label("Currency")).to_have_value("GBP")


def test_the_key_is_asked_for_once_and_kept(page: Page, live: LiveServer) -> None:
    page.goto(live.url)
    form = page.locator("#key-form")
    expect(form).to_be_visible()
    page.get_by_label("API key").fill("evc_wrong_key")
    page.get_by_role("button", name="Use this key").click()
    expect(page.locator("#key-error")).to_be_visible()

    page.get_by_label("API key").fill(live.key)
    page.get_by_role("button", name="Use this key").click()
    expect(page.get_by_test_id("vehicle-search")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("vehicle-search")).to_be_visible()
    expect(form).to_be_hidden()


def test_a_bad_range_says_what_is_wrong(page: Page, live: LiveServer) -> None:
    car, at = vehicle_id(live), station(live)
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}&from=90&to=20#key={live.key}")
    expect(page.locator("#price-status")).to_contain_text("From % below To %")
    expect(page.get_by_test_id("price-table")).to_be_hidden()


@pytest.mark.parametrize("width", [360, 1100])
def test_readable_on_a_phone_without_sideways_scrolling(
    page: Page, live: LiveServer, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    car, at = vehicle_id(live), station(live)
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}#key={live.key}")
    expect(page.get_by_test_id("price-table")).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    for control in ("From %", "To %", "Start time", "Currency", "Charge point", "Market"):
        expect(page.get_by_label(control)).to_be_visible()


def test_back_returns_to_the_car_before(page: Page, live: LiveServer) -> None:
    page.goto(f"{live.url}/?vehicle={vehicle_id(live)}#key={live.key}")
    expect(page.locator("#vehicle-title")).to_contain_text("IONIQ 5")
    page.get_by_test_id("vehicle-search").fill("model 3")
    page.locator("#vehicle-results li").first.click()
    expect(page.locator("#vehicle-title")).to_contain_text("Model 3")
    page.go_back()
    expect(page.locator("#vehicle-title")).to_contain_text("IONIQ 5")
    assert query(page)["vehicle"] == vehicle_id(live)


def test_a_hand_edited_link_falls_back_to_defaults(page: Page, live: LiveServer) -> None:
    car, at = vehicle_id(live), station(live)
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}&power=abc&currency=XYZ#key={live.key}")
    expect(page.get_by_test_id("price-table")).to_be_visible()
    expect(page.get_by_label("Charger power")).to_have_value("150")
    expect(page.get_by_label("Currency")).to_have_value("EUR")
    expect(page.get_by_test_id("charge-time")).to_contain_text("at a 150 kW charger")


def test_a_car_without_dc_says_so_instead_of_a_curve(page: Page, live: LiveServer) -> None:
    listed = live.raw("GET", "/v2/vehicles", params={"q": "Twingo"}).json()["data"]
    car = next(v for v in listed if v["attributes"]["curve_provenance"] == "none")
    page.goto(f"{live.url}/?vehicle={car['id']}#key={live.key}")
    expect(page.locator("#curve-body")).to_contain_text("This car cannot charge on DC.")
    expect(page.get_by_test_id("curve-provenance")).to_be_empty()


@pytest.mark.parametrize(
    ("provenance", "says"),
    [
        ("fitted_to_published", "Curve fitted to the maker's published charge time."),
        ("default", "Estimated curve: no measurement and no maker's figure"),
    ],
)
def test_the_page_says_how_the_curve_was_obtained(
    page: Page, live: LiveServer, provenance: str, says: str
) -> None:
    listed = live.raw("GET", "/v2/vehicles", params={"page[size]": 100}).json()["data"]
    car = next(v for v in listed if v["attributes"]["curve_provenance"] == provenance)
    page.goto(f"{live.url}/?vehicle={car['id']}#key={live.key}")
    said = page.get_by_test_id("curve-provenance").locator("p")
    expect(said).to_contain_text(says)
    reference = car["attributes"]["reference_charge"]
    if reference is not None:
        expect(said.locator("a")).to_have_attribute("href", reference["source_url"])
        expect(said).to_contain_text(f"at a {round(reference['charger_power_kw'])} kW charger")


def test_a_range_figure_shows_its_distance_its_window_and_that_the_start_is_ours(
    page: Page, live: LiveServer
) -> None:
    # Lucid publishes range added (300 mi of 517 EPA in 20 min), no window: the page says what
    # the maker said, the window we read it as, and that its 10 % start is our assumption.
    listed = live.raw("GET", "/v2/vehicles", params={"q": "Lucid Air Grand Touring"}).json()
    car = next(v for v in listed["data"] if v["attributes"]["variant"] == "Grand Touring")
    reference = car["attributes"]["reference_charge"]
    assert reference["kind"] == "range_added"
    assert not reference["range_added"]["start_soc_stated"]
    page.goto(f"{live.url}/?vehicle={car['id']}#key={live.key}")
    said = page.get_by_test_id("curve-provenance").locator("p")
    expect(said).to_have_attribute("data-provenance", "fitted_to_published")
    expect(said).to_contain_text("The maker says up to 300 mi (EPA) in 20 min at a 350 kW charger")
    expect(said).to_contain_text("we read this as 10 → 68 % of the battery")
    expect(said).to_contain_text("the maker gives no starting charge, so 10 % is our assumption")
    expect(said.locator("a")).to_have_attribute("href", reference["source_url"])
