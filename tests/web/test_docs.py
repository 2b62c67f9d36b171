"""/docs and /redoc in real Chromium: nothing loaded from another origin, and Swagger UI's
"Try it out" with a pasted key answers 200.

ReDoc's sidebar footer ("API docs by Redocly") asks for its logo from cdn.redoc.ly; the pages'
Content-Security-Policy refuses it inside the browser, before any connection is made, and the
footer then shows no image. The tests tell such a refused attempt from a request that went out."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.live_server import LiveServer


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture
def docs_tab(browser: Browser) -> Iterator[tuple[Page, list[str], list[str]]]:
    """A tab, every URL it asked for, and those its CSP refused before they left the browser."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    requested: list[str] = []
    refused: list[str] = []
    thrown: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    tab.on(
        "requestfailed",
        lambda r: (
            refused.append(r.url) if r.failure in ("csp", "net::ERR_BLOCKED_BY_CSP") else None
        ),
    )
    tab.on("pageerror", lambda error: thrown.append(str(error)))
    yield tab, requested, refused
    context.close()
    assert not thrown, f"the page threw: {thrown}"


def sent_origins(requested: list[str], refused: list[str]) -> set[str]:
    """Origins of the requests that went out (data: and blob: URLs never leave the browser)."""
    return {
        origin(u)
        for u in requested
        if urlsplit(u).scheme in ("http", "https", "ws", "wss") and u not in refused
    }


def test_swagger_ui_loads_only_from_this_server(
    live: LiveServer, docs_tab: tuple[Page, list[str], list[str]]
) -> None:
    tab, requested, refused = docs_tab
    tab.goto(f"{live.url}/docs")
    expect(tab.locator(".opblock").first).to_be_visible()  # rendered from /openapi.json
    expect(tab.locator("button.authorize")).to_be_visible()  # the key scheme is declared
    tab.wait_for_load_state("networkidle")
    assert f"{live.url}/openapi.json" in requested
    assert sent_origins(requested, refused) == {live.url}
    assert not refused  # Swagger UI does not even try another origin


def test_redoc_loads_only_from_this_server(
    live: LiveServer, docs_tab: tuple[Page, list[str], list[str]]
) -> None:
    tab, requested, refused = docs_tab
    tab.goto(f"{live.url}/redoc")
    expect(tab.get_by_role("heading", name="evcharge").first).to_be_visible()
    expect(tab.get_by_text("/v1/charge_prices/bulk").first).to_be_attached()
    tab.wait_for_load_state("networkidle")
    assert sent_origins(requested, refused) == {live.url}
    assert all(origin(u) == "https://cdn.redoc.ly" for u in refused), refused


@pytest.mark.parametrize("scheme", ["ApiKey", "XApiKey"])
def test_try_it_out_with_a_pasted_key_answers_200(
    live: LiveServer, docs_tab: tuple[Page, list[str], list[str]], scheme: str
) -> None:
    tab, _requested, refused = docs_tab
    tab.goto(f"{live.url}/docs")
    tab.locator("button.authorize").first.click()
    dialog = tab.locator(".auth-container").filter(has_text=scheme).first
    dialog.locator("input").fill(live.key)
    dialog.locator("button.modal-btn.authorize").click()  # its label is "Apply credentials"
    tab.locator("button.btn-done").first.click()

    operation = tab.locator(".opblock").filter(has_text="/v2/vehicle_brands").first
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    with tab.expect_response(lambda r: "/v2/vehicle_brands" in r.url) as answered:
        operation.get_by_role("button", name="Execute").click()
    header = "Api-Key" if scheme == "ApiKey" else "x-api-key"
    assert answered.value.request.headers.get(header.lower()) == live.key
    assert answered.value.status == 200
    shown = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(shown).to_have_text("200")
    assert not refused
