"""Around every call: a request id, usage metering, limit headers, metrics and the access log.

Every call to a metered route with a valid key is one usage event; calls without one are
refused (and throttled per address, api/deps.py) and recorded nowhere but the access log.
A metered call's usage event is committed before its answer leaves (services/usage_writer.py):
the answer's start is held until then, and if the event cannot be recorded a successful answer
becomes a 503, so we never give an answer we could not bill. A pure ASGI wrapper: no extra task
per request, and exceptions pass through unchanged.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from evcharge.api.errors import error_response
from evcharge.db.base import utcnow
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.metrics import LATENCY, REQUESTS
from evcharge.services.platform.limiter import Admission, Limiter
from evcharge.services.platform.usage import call_event
from evcharge.services.platform.usage_writer import UsageWriter
from evcharge.settings import Settings

log = logging.getLogger("evcharge.access")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"x-request-id":
            given = value.decode("latin-1")
            return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    return uuid.uuid4().hex


class Metering:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = _request_id(scope)
        replaced = False
        status = 500

        async def send_recorded(message: Message) -> None:
            nonlocal replaced, status
            if replaced:
                return  # the original answer's body, after we sent a 503 instead
            if message["type"] == "http.response.start":
                status = message["status"]
                if not await _record(scope, status) and status < 300:
                    replaced = True
                    await _unrecorded(scope, receive, send)
                    return
                headers = MutableHeaders(scope=message)
                headers.update(state.get("admission", Admission()).headers)
                headers["X-Request-Id"] = state["request_id"]
            await send(message)

        try:
            await self.app(scope, receive, send_recorded)
        except Exception:
            # An unhandled error becomes a 500 further out; it is a call all the same.
            await _record(scope, 500)
            raise
        finally:
            _observe(scope, status, time.perf_counter() - started)


async def _unrecorded(scope: Scope, receive: Receive, send: Send) -> None:
    answer = error_response(Request(scope), 503, "Usage could not be recorded; try again")
    answer.headers["X-Request-Id"] = scope["state"]["request_id"]
    await answer(scope, receive, send)


async def _record(scope: Scope, status: int) -> bool:
    """Write the call's usage event (a metered route, a valid key); False if that failed."""
    state = scope["state"]
    endpoint: str | None = state.get("endpoint")
    key: StoredKey | None = state.get("api_key")
    if endpoint is None or key is None:
        return True
    app = scope["app"]
    settings: Settings = app.state.settings
    event = call_event(
        key,
        endpoint=endpoint,
        method=scope["method"],
        status=status,
        at=utcnow(),
        prices=settings.price_per_call,
        currency=settings.price_currency,
        request_id=state["request_id"],
    )
    writer: UsageWriter = app.state.usage_writer
    limiter: Limiter = app.state.limiter
    admission: Admission = state.get("admission", Admission())
    try:
        await asyncio.wrap_future(writer.submit(event))
    except Exception:
        limiter.settle(admission, chargeable=False)
        return False
    limiter.settle(admission, chargeable=event.chargeable)
    return True


def _observe(scope: Scope, status: int, seconds: float) -> None:
    state = scope["state"]
    # Unmetered paths share one label, not one per URL.
    endpoint: str = state.get("endpoint") or "other"
    REQUESTS.labels(endpoint, scope["method"], str(status)).inc()
    LATENCY.labels(endpoint).observe(seconds)
    key: StoredKey | None = state.get("api_key")
    # The key's name, never the key: logs must not hold credentials.
    log.info(
        "%s %s %d",
        scope["method"],
        scope["path"],
        status,
        extra={
            "request_id": state["request_id"],
            "endpoint": endpoint,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "key_name": key.name if key else None,
        },
    )
