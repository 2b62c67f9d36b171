"""Real headless Chromium (Debian's package, never a downloaded browser), driven by Playwright,
against a live `evcharge serve`. Without chromium the page tests skip, except under CI."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.live_server import LiveServer, serving

CHROMIUM = os.environ.get("EVCHARGE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps calling Google's hosts, which this
# machine's closed network refuses.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Package scope: Playwright's sync API holds an event loop in this thread while it runs, which
# would stop asyncio.run() in any test after these.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        reason = f"no chromium at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI") == "true":
            pytest.fail(f"the page tests must run under CI; {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh profile per test (its own localStorage), in English, desktop-sized."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1100, "height": 900})
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"the page threw: {errors}"


@pytest.fixture(scope="package")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The page's own server: no map tiles (this machine is offline; the pins stand on a plain
    background), otherwise the same seeded database and all-groups key as tests/conftest.py's."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("EVCHARGE_MAP_TILES_URL", "")
        with serving(tmp_path_factory.mktemp("live-web")) as server:
            yield server
