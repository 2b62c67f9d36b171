"""GET /: the web page."""

from __future__ import annotations

from importlib import resources

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
_PAGE = resources.files("evcharge.web").joinpath("index.html").read_text(encoding="utf-8")


@router.get("/")
def index() -> HTMLResponse:
    return HTMLResponse(_PAGE)
