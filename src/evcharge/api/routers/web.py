"""GET /: the web page, and its scripts and styles (plain ES modules, no build step).

The assets are served under /static/<hash of their contents>/, so that an upgraded server never
mixes a browser's cached old module with a new one: relative imports inherit the hashed path.
The map's tile server and attribution are settings; the page reads them from its <meta> tags."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from html import escape
from importlib import resources
from importlib.abc import Traversable

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from evcharge.api.security_headers import page_headers

router = APIRouter(include_in_schema=False)
_WEB = resources.files("evcharge.web")


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for item in folder.iterdir():
        if item.is_dir():
            found += _files(item, f"{prefix}{item.name}/")
        elif item.name.endswith((".js", ".css", ".html", ".png")):
            found.append((prefix + item.name, item))
    return found


def _assets_hash() -> str:
    digest = hashlib.sha256()
    for name, item in sorted(_files(_WEB)):
        digest.update(name.encode() + item.read_bytes())
    return digest.hexdigest()[:12]


ASSETS_PATH = f"/static/{_assets_hash()}"
_PAGE = _WEB.joinpath("index.html").read_text(encoding="utf-8").replace("/static", ASSETS_PATH)


@lru_cache(maxsize=4)
def _page(tiles_url: str, attribution: str) -> str:
    meta = (
        f'<meta name="evcharge-map-tiles" content="{escape(tiles_url)}">\n'
        f'<meta name="evcharge-map-attribution" content="{escape(attribution)}">\n'
    )
    return _PAGE.replace("<!-- map settings -->\n", meta, 1)


@router.api_route("/", methods=["GET", "HEAD"])
def index(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    headers = {"Cache-Control": "no-cache"} | page_headers(settings.map_tiles_url)
    return HTMLResponse(_page(settings.map_tiles_url, settings.map_attribution), headers=headers)


def static_files() -> StaticFiles:
    return StaticFiles(packages=[("evcharge", "web")])
