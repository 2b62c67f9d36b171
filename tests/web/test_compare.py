"""Compare cars, in real Chromium: up to three side by side, curves overlaid, 10 -> 80 % times
and V2X cards, each equal to the API's."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.live_server import LiveServer
from tests.web.test_page import query, vehicle_id


def test_three_cars_side_by_side(page: Page, live: LiveServer) -> None:
    first = vehicle_id(live)
    page.goto(f"{live.url}/?vehicle={first}&power=100#key={live.key}")
    page.get_by_test_id("compare-add").click()
    expect(page.get_by_test_id("compared-car")).to_have_count(1)
    search = page.get_by_test_id("compare-search")
    for text in ("model 3", "id.4"):
        search.fill(text)
        expect(page.locator("#compare-results li").first).to_be_visible()
        search.press("ArrowDown")
        search.press("Enter")
    cards = page.get_by_test_id("compared-car")
    expect(cards).to_have_count(3)
    ids = query(page)["compare"].split(",")
    assert ids[0] == first
    assert cards.evaluate_all("cs => cs.map(c => c.dataset.vehicleId)") == ids

    plot = page.get_by_test_id("compare-curves")
    expect(plot.locator("polyline.car")).to_have_count(3)
    for index, car in enumerate(ids):
        listed = live.raw("GET", "/v2/vehicles", params={"filter[id]": car}).json()["data"][0]
        points = plot.locator(f"polyline[data-series='{index}']").get_attribute("points") or ""
        assert len(points.split()) == len(listed["attributes"]["dc_charging_curve"])
        session = live.raw(
            "GET", f"/v2/vehicles/{car}/charging_session", params={"power": 100}
        ).json()["data"]["attributes"]
        time = cards.nth(index).get_by_test_id("compare-time")
        expect(time).to_contain_text(f"{round(session['duration_min'])} min at 100 kW")
        market = (
            "uk" if "uk" in listed["attributes"]["markets"] else listed["attributes"]["markets"][0]
        )
        v2x = live.raw(
            "GET",
            f"/evdatabase/{market}/car/bidirectionalcharging/",
            params={"evdb_vehicle_id": listed["attributes"]["evdb_vehicle_id"]},
        )
        status = cards.nth(index).locator("tr[data-mode=vehicle_to_load] td").first
        if v2x.status_code == 204:
            expect(cards.nth(index)).to_contain_text("Not sold")
        else:
            expect(status).to_have_attribute(
                "data-status", v2x.json()["result"]["vehicle_to_load_support_status"]
            )

    # A fourth car pushes out the first; Remove takes a car out.
    page.goto(f"{live.url}/?vehicle={first}&power=100&compare={','.join(ids)}#key={live.key}")
    expect(cards).to_have_count(3)
    search.fill("kia")
    expect(page.locator("#compare-results li").first).to_be_visible()
    page.locator("#compare-results li").first.click()
    expect(cards.first).not_to_have_attribute("data-vehicle-id", first)
    expect(cards).to_have_count(3)
    assert first not in query(page)["compare"].split(",")
    cards.first.get_by_role("button", name="Remove").click()
    expect(cards).to_have_count(2)
    assert len(query(page)["compare"].split(",")) == 2
