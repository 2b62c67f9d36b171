"""GET /: the web page, and /static: its scripts and styles (plain ES modules, no build step)."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from evcharge import __version__

router = APIRouter(include_in_schema=False)
# The version in asset URLs makes browsers fetch new scripts after an upgrade.
_PAGE = (
    resources.files("evcharge.web")
    .joinpath("index.html")
    .read_text(encoding="utf-8")
    .replace("__VERSION__", __version__)
)


@router.get("/")
def index() -> HTMLResponse:
    return HTMLResponse(_PAGE, headers={"Cache-Control": "no-cache"})


def static_files() -> StaticFiles:
    return StaticFiles(packages=[("evcharge", "web")])
