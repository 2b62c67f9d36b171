"""Languages, dark mode and a 360 px screen, in real Chromium."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.live_server import LiveServer
from tests.price_requests import at_station
from tests.web.test_page import station, vehicle_id

LANGUAGES = ("en", "de", "fr", "nl", "da")


def test_every_text_exists_in_the_five_languages(page: Page, live: LiveServer) -> None:
    page.goto(f"{live.url}/#key={live.key}")
    problems = page.evaluate(
        """async (languages) => {
            const src = document.querySelector("script[type=module]").src;
            const { STRINGS } = await import(src.replace("app.js", "strings.js"));
            const problems = [];
            const slots = (text) =>
                [...text.matchAll(/\\{(\\w+)\\}/g)].map((m) => m[1]).sort().join();
            for (const [key, entry] of Object.entries(STRINGS)) {
                for (const language of languages) {
                    if (!entry[language]) problems.push(`${key}: no ${language}`);
                    else if (slots(entry[language]) !== slots(entry.en)) {
                        problems.push(`${key}: ${language} slots`);
                    }
                }
            }
            return problems;
        }""",
        list(LANGUAGES),
    )
    assert problems == []
    marked = page.locator("[data-i18n]").evaluate_all("ns => ns.map(n => n.dataset.i18n)")
    assert len(marked) > 40


def test_the_browser_chooses_the_language_and_the_user_can_change_it(
    browser: Browser, live: LiveServer
) -> None:
    context = browser.new_context(locale="de-DE", viewport={"width": 1100, "height": 900})
    page = context.new_page()
    try:
        car, at = vehicle_id(live), station(live)
        page.goto(f"{live.url}/?vehicle={car}&station={at['id']}&start=12:00#key={live.key}")
        expect(page.locator("#find-car")).to_have_text("Ein Auto finden")
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.get_by_label("Sprache")).to_have_value("de")
        expect(page.get_by_test_id("price-table")).to_be_visible()
        # Tags and reasons come from the API in the page's language.
        request = at_station(at, car, currency="EUR", battery=[20, 80])
        german = httpx.post(
            f"{live.url}/v1/charge_prices",
            json=request,
            headers={"Api-Key": live.key, "Accept-Language": "de"},
        ).json()
        tagged = next(r for r in german["data"] if r["attributes"]["tags"])
        row = page.locator(f"tr[data-tariff-id='{tagged['id']}']")
        expect(row.get_by_test_id("tariff-tags")).to_contain_text(
            tagged["attributes"]["tags"][0]["text"]
        )
        expect(page.locator("#price-caption")).to_contain_text("Der günstigste zuerst")
        expect(page.locator("#price-rows .badge").first).to_have_text("Günstigster")

        page.get_by_label("Sprache").select_option("fr")
        expect(page.locator("#find-car")).to_have_text("Trouver une voiture")
        expect(page.locator("#price-caption")).to_contain_text("Le moins cher d'abord")
        expect(page.get_by_test_id("charge-time")).to_contain_text("sur une borne de 150 kW")
        page.reload()  # the choice is kept
        expect(page.locator("#find-car")).to_have_text("Trouver une voiture")
        expect(page.locator("html")).to_have_attribute("lang", "fr")
    finally:
        context.close()


@pytest.mark.parametrize(
    ("language", "heading"), [("nl", "Een auto zoeken"), ("da", "Find en bil")]
)
def test_dutch_and_danish(browser: Browser, live: LiveServer, language: str, heading: str) -> None:
    context = browser.new_context(locale=language)
    page = context.new_page()
    try:
        page.goto(f"{live.url}/#key={live.key}")
        expect(page.locator("#find-car")).to_have_text(heading)
    finally:
        context.close()


def luminance(css_colour: str) -> float:
    red, green, blue = (int(v) / 255 for v in re.findall(r"\d+", css_colour)[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_follows_the_system_colour_scheme(
    page: Page, live: LiveServer, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    car, at = vehicle_id(live), station(live)
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}#key={live.key}")
    expect(page.get_by_test_id("price-table")).to_be_visible()
    colours = page.evaluate(
        """() => [document.body, document.querySelector(".card"), document.querySelector("#map")]
            .map((n) => [getComputedStyle(n).backgroundColor, getComputedStyle(n).color])"""
    )
    for background, text in colours:
        if scheme == "dark":
            assert luminance(background) < 0.2 < 0.7 < luminance(text)
        else:
            assert luminance(background) > 0.8 > 0.3 > luminance(text)
    assert page.evaluate("getComputedStyle(document.documentElement).colorScheme") == scheme


def test_a_360_px_screen_has_no_sideways_scroll_and_no_clipped_label(
    page: Page, live: LiveServer
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    car, at = vehicle_id(live), station(live)
    page.goto(f"{live.url}/?vehicle={car}&station={at['id']}&compare={car}#key={live.key}")
    expect(page.get_by_test_id("price-table")).to_be_visible()
    expect(page.get_by_test_id("compared-car")).to_have_count(1)
    expect(page.get_by_test_id("map")).to_have_attribute("data-ready", "true")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # Nothing is wider than the screen, the price table included.
    wide = page.evaluate(
        """() => [...document.querySelectorAll("main *")]
            .filter((n) => n.getClientRects().length)
            .filter((n) => n.getBoundingClientRect().right > innerWidth + 0.5)
            .filter((n) => !n.closest(".leaflet-pane, .leaflet-control-container"))
            .map((n) => n.tagName + "#" + n.id + "." + n.className)"""
    )
    assert wide == []
    # Every label of both plots lies inside the plot (no clipped text).
    outside = page.evaluate(
        """() => [...document.querySelectorAll("svg.curve")].flatMap((svg) => {
            const box = svg.viewBox.baseVal;
            return [...svg.querySelectorAll("text")].filter((t) => {
                const b = t.getBBox();
                return b.x < box.x || b.y < box.y
                    || b.x + b.width > box.width || b.y + b.height > box.height;
            }).map((t) => t.textContent);
        })"""
    )
    assert outside == []
    font = page.locator("svg.curve text").first.evaluate("t => getComputedStyle(t).fontSize")
    assert font == "20px"  # the phone's larger plot text, the case that used to be clipped
