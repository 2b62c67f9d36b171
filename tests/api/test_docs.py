"""/docs and /redoc as HTML: every asset they name is on this server, and their policy allows no
script but ours (the browser side is tests/web/test_docs.py)."""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for attribute in ("src", "href", "spec-url"):
            if named.get(attribute):
                self.urls.append(str(named[attribute]))
        self._in_script = tag == "script" and "src" not in named

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline_scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def directives(policy: str) -> dict[str, list[str]]:
    parts = (d.split() for d in policy.split(";") if d.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_page_names_only_assets_of_this_server(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200
    links = Links()
    links.feed(page.text)
    assert len(links.urls) >= 2
    for url in links.urls:
        assert url.startswith("/"), url
        assert not url.startswith("//"), url
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert len(answer.content) > 0


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_policy_allows_only_this_origin_and_the_pages_own_script(
    client: TestClient, path: str
) -> None:
    page = client.get(path)
    policy = directives(page.headers["Content-Security-Policy"])
    links = Links()
    links.feed(page.text)
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in links.inline_scripts
    }
    assert set(policy["script-src"]) == {"'self'"} | hashes
    assert policy["default-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for sources in policy.values():
        assert not [s for s in sources if re.match(r"https?:|\*|'unsafe-eval'", s)]
    assert page.headers["X-Frame-Options"] == "DENY"


def test_swagger_ui_has_a_start_up_script_and_redoc_none(client: TestClient) -> None:
    swagger, redoc = Links(), Links()
    swagger.feed(client.get("/docs").text)
    redoc.feed(client.get("/redoc").text)
    assert [s for s in swagger.inline_scripts if "SwaggerUIBundle(" in s]
    assert not [s for s in redoc.inline_scripts if s.strip()]
