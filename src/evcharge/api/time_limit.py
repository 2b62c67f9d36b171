"""Cuts a request off after the configured time with 503 in the path's envelope.

A pure ASGI wrapper, so the handler's task is really cancelled (an async handler stops at its
next await; a sync one finishes in its thread, but its answer is dropped). An answer already
under way is left to finish.
"""

from __future__ import annotations

import logging

import anyio
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from evcharge.api.errors import error_response

log = logging.getLogger("evcharge.api")


class TimeLimit:
    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        with anyio.move_on_after(self.seconds) as timer:
            await self.app(scope, receive, tracked)
        if timer.cancelled_caught and not started:
            log.error("request timed out after %.1f s: %s", self.seconds, scope.get("path"))
            response = error_response(Request(scope), 503, "Request timed out", code="TIMEOUT")
            await response(scope, receive, send)
