"""GET /: the web page, and its scripts and styles (plain ES modules, no build step).

The assets are served under /static/<hash of their contents>/, so that an upgraded server never
mixes a browser's cached old module with a new one: relative imports inherit the hashed path."""

from __future__ import annotations

import hashlib
from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from evcharge.api.security_headers import PAGE

router = APIRouter(include_in_schema=False)
_WEB = resources.files("evcharge.web")


def _assets_hash() -> str:
    digest = hashlib.sha256()
    for item in sorted(_WEB.iterdir(), key=lambda i: i.name):
        if item.name.endswith((".js", ".css", ".html")):
            digest.update(item.name.encode() + item.read_bytes())
    return digest.hexdigest()[:12]


ASSETS_PATH = f"/static/{_assets_hash()}"
_PAGE = _WEB.joinpath("index.html").read_text(encoding="utf-8").replace("/static", ASSETS_PATH)


@router.api_route("/", methods=["GET", "HEAD"])
def index() -> HTMLResponse:
    return HTMLResponse(_PAGE, headers={"Cache-Control": "no-cache"} | PAGE)


def static_files() -> StaticFiles:
    return StaticFiles(packages=[("evcharge", "web")])
