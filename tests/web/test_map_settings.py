"""The map's settings reach the page (its <meta> tags) and its policy (CSP img-src), and the
vendored Leaflet is served from here with its licence. Over HTTP, without a browser."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from evcharge.api.app import create_app
from evcharge.settings import Settings

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def meta(html: str, name: str) -> str:
    found = re.search(rf'<meta name="{name}" content="([^"]*)">', html)
    assert found, f"no {name} meta tag"
    return found.group(1)


def image_sources(answer_csp: str) -> list[str]:
    directive = next(d.strip() for d in answer_csp.split(";") if d.strip().startswith("img-src"))
    return directive.split()[1:]


def test_the_default_is_openstreetmap_with_its_attribution(settings: Settings) -> None:
    assert Settings.model_fields["map_tiles_url"].default == OSM
    with TestClient(create_app(settings.model_copy(update={"map_tiles_url": OSM}))) as client:
        answer = client.get("/")
    assert meta(answer.text, "evcharge-map-tiles") == OSM
    assert "OpenStreetMap</a> contributors" in meta(
        answer.text, "evcharge-map-attribution"
    ).replace("&lt;", "<").replace("&gt;", ">")
    assert image_sources(answer.headers["content-security-policy"]) == [
        "'self'",
        "data:",
        "https://tile.openstreetmap.org",
    ]


def test_a_tile_server_with_subdomains_is_allowed_by_wildcard(settings: Settings) -> None:
    url = "https://{s}.tiles.example.org/{z}/{x}/{y}{r}.png"
    app = create_app(
        settings.model_copy(update={"map_tiles_url": url, "map_attribution": "<b>x</b> & y"})
    )
    with TestClient(app) as client:
        answer = client.get("/")
    assert (
        image_sources(answer.headers["content-security-policy"])[-1]
        == "https://*.tiles.example.org"
    )
    assert (
        meta(answer.text, "evcharge-map-attribution") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    )  # escaped


def test_no_tiles_means_no_outside_origin(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"map_tiles_url": ""}))) as client:
        answer = client.get("/")
    assert meta(answer.text, "evcharge-map-tiles") == ""
    csp = answer.headers["content-security-policy"]
    assert image_sources(csp) == ["'self'", "data:"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp


@pytest.mark.parametrize(
    "url",
    ["ftp://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/tile.png",
     "https://{z}.example.org/{z}/{x}/{y}.png", "javascript:alert(1)//{z}{x}{y}"],
)  # fmt: skip
def test_a_bad_tile_url_is_refused_at_start_up(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("EVCHARGE_MAP_TILES_URL", url)
    with pytest.raises(ValidationError, match="EVCHARGE_MAP_TILES_URL must be empty or an http"):
        Settings()


def test_leaflet_is_served_from_here_with_its_licence(client: TestClient) -> None:
    page = client.get("/").text
    script = re.search(r'src="(/static/[0-9a-f]+/vendor/leaflet/leaflet\.js)"', page)
    assert script, "the page loads the vendored Leaflet"
    assert client.get(script.group(1)).status_code == 200
    base = script.group(1).rsplit("/", 1)[0]
    assert "BSD 2-Clause License" in client.get(f"{base}/LICENSE").text
    assert client.get(f"{base}/leaflet.css").status_code == 200
