"""Refuses request bodies over the configured size with 413, before a handler reads them.

FastAPI's own `max_body_size` answers a plain-text 413; this one answers in the path's
envelope (JSON:API or One Auto) and is metered like every other answer.

Content-Length is checked up front; a chunked body is counted as it streams in and cut off at
the limit, so a large upload never sits whole in memory.
"""

from __future__ import annotations

from fastapi import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from evcharge.api.errors import error_response


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _title(self) -> str:
        return f"Request body larger than {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await error_response(Request(scope), 413, self._title())(scope, receive, send)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                # Raised where the handler reads the body; FastAPI re-raises its own
                # HTTPException (others become a 400), and errors.py answers 413.
                raise HTTPException(413, self._title())
            return message

        await self.app(scope, counted, send)
