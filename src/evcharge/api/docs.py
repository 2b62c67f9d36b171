"""GET /docs (Swagger UI) and /redoc (ReDoc), served with their assets from this server.

FastAPI's own pages load Swagger UI and ReDoc from a CDN, a blank page on an air-gapped host.
The `fastapi-offline` package ships those assets (Swagger UI 5, ReDoc 2), kept current with
their releases; we serve its files under /docs/assets and keep FastAPI's maintained page
templates. The pages get their own Content-Security-Policy: nothing from another origin, and
of inline script only the one start-up block of the page itself, allowed by its hash.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_PATH = "/docs"
REDOC_PATH = "/redoc"
ASSETS_PATH = "/docs/assets"
# Keep what was typed into "Authorize" across reloads (Swagger UI keeps it in localStorage).
SWAGGER_PARAMETERS = {"persistAuthorization": True, "displayRequestDuration": True}

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def policy(html: str) -> dict[str, str]:
    """The page's headers: only this origin, plus the page's own inline scripts by hash.

    Styles may be inline: ReDoc writes its styles into <style> elements at run time. ReDoc's
    search runs in a worker made from a blob: URL, which stays on this origin.
    """
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in _INLINE_SCRIPT.findall(html)
    )
    return {
        "Content-Security-Policy": (
            f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        ),
        "X-Frame-Options": "DENY",
        "Cache-Control": "no-cache",
    }


def install(app: FastAPI) -> None:
    """Serve the two pages; create the app with docs_url=None and redoc_url=None."""
    assert app.openapi_url is not None
    favicon = f"{ASSETS_PATH}/favicon.png"
    swagger_page = get_swagger_ui_html(
        openapi_url=app.openapi_url,
        title=f"{app.title} API: Swagger UI",
        swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
        swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
        swagger_favicon_url=favicon,
        swagger_ui_parameters=SWAGGER_PARAMETERS,
    ).body
    redoc_page = get_redoc_html(
        openapi_url=app.openapi_url,
        title=f"{app.title} API: ReDoc",
        redoc_js_url=f"{ASSETS_PATH}/redoc.standalone.js",
        redoc_favicon_url=favicon,
        with_google_fonts=False,
    ).body
    swagger, redoc = bytes(swagger_page).decode(), bytes(redoc_page).decode()
    swagger_headers, redoc_headers = policy(swagger), policy(redoc)

    @app.get(DOCS_PATH, include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(swagger, headers=swagger_headers)

    @app.get(REDOC_PATH, include_in_schema=False)
    def redoc_ui() -> HTMLResponse:
        return HTMLResponse(redoc, headers=redoc_headers)

    assets = resources.files("fastapi_offline") / "static"
    app.mount(ASSETS_PATH, StaticFiles(directory=str(assets)), name="docs-assets")
