"""A station's provenance on the page: invented samples carry a badge, and a national
register's station names its publisher and licence, as that licence asks."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from evcharge.importers.register_sources import AFDC
from tests.live_server import LiveServer

AFDC_FIXTURE = (
    Path(__file__).parents[1] / "importers" / "fixtures" / "registers" / "afdc_quirks.csv"
)


def first(live: LiveServer, **params: str) -> dict[str, object]:
    found = live.raw("GET", "/v1/charging_stations", params=params).json()["data"]
    assert found, params
    return found[0]  # type: ignore[no-any-return]


def test_a_sample_station_wears_the_badge_and_a_real_one_does_not(
    page: Page, live: LiveServer
) -> None:
    sample = first(live, export="true", **{"filter[is_sample]": "true", "page[size]": "1"})
    real = first(live, export="true", **{"page[size]": "1"})  # an export leaves samples out
    assert sample["attributes"]["is_sample"] is True  # type: ignore[index]
    assert real["attributes"]["is_sample"] is False  # type: ignore[index]
    page.goto(f"{live.url}/?station={sample['id']}#key={live.key}")
    expect(page.get_by_test_id("sample-badge")).to_have_text("Sample")
    expect(page.get_by_test_id("sample-badge")).to_be_visible()
    page.goto(f"{live.url}/?station={real['id']}#key={live.key}")
    expect(page.locator("#station-title")).to_have_text(real["attributes"]["name"])  # type: ignore[index]
    expect(page.get_by_test_id("sample-badge")).to_be_hidden()
    expect(page.get_by_test_id("station-source")).to_be_hidden()


def test_a_register_station_names_its_publisher_and_licence(page: Page, live: LiveServer) -> None:
    live.cli("import", "afdc", str(AFDC_FIXTURE))
    imported = first(live, **{"export": "true", "filter[country]": "US", "page[size]": "1"})
    attributes = imported["attributes"]
    assert isinstance(attributes, dict)
    assert attributes["data_source"]["publisher"] == AFDC.publisher
    page.goto(f"{live.url}/?station={imported['id']}#key={live.key}")
    source = page.get_by_test_id("station-source")
    expect(source).to_contain_text(f"Station data: {AFDC.publisher}")
    expect(source.get_by_role("link", name=AFDC.licence)).to_have_attribute(
        "href", AFDC.licence_url
    )
