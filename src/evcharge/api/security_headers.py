"""Headers every answer carries, and the web page's own policy.

The page keeps the API key in localStorage, so it must not run script from anywhere else, be
framed by another site (clickjacking), or leak its URL in a Referer. It loads its scripts, styles
and map library from this origin only; the one outside origin it may use is the map's tile
server (images only), when one is configured.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

EVERY_ANSWER = {
    # Browsers must take our content types as given (JSON is never sniffed into HTML).
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def tile_source(tiles_url: str) -> str | None:
    """The CSP source of a tile URL template: its scheme and host ({s} becomes a wildcard)."""
    if not tiles_url:
        return None
    parts = urlsplit(tiles_url.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}"


def page_headers(tiles_url: str = "") -> dict[str, str]:
    """The page's policy; `tiles_url` (a template, or empty for no tiles) may serve images."""
    images = " ".join(filter(None, ("'self' data:", tile_source(tiles_url))))
    return {
        "Content-Security-Policy": (
            f"default-src 'self'; img-src {images}; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'"
        ),
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    }


PAGE = page_headers()


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in EVERY_ANSWER.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)
