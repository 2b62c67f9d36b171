"""Around every call: a request id, the time limit, usage metering, limit headers, metrics, log.

A metered call's usage event is committed before its answer leaves (services/usage_writer.py):
if it cannot be recorded, the caller gets a 503 instead of an answer we could not bill.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable

import anyio
from fastapi import Request, Response

from evcharge.api.errors import error_response
from evcharge.db.base import utcnow
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.metrics import LATENCY, REQUESTS
from evcharge.services.limiter import Admission, Limiter
from evcharge.services.usage import call_event
from evcharge.services.usage_writer import UsageWriter
from evcharge.settings import Settings

log = logging.getLogger("evcharge.access")
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def _request_id(request: Request) -> str:
    given = request.headers.get("x-request-id", "")
    return given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


async def meter(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    started = time.perf_counter()
    request.state.request_id = request_id = _request_id(request)
    settings: Settings = request.app.state.settings
    try:
        with anyio.fail_after(settings.request_timeout_s):
            response = await call_next(request)
    except TimeoutError:
        log.error("request timed out", extra={"request_id": request_id})
        response = error_response(request, 503, "Request timed out", code="TIMEOUT")
    except Exception:
        # An unhandled error becomes a 500 further out; it is a call all the same.
        await _record(request, 500)
        raise
    if not await _record(request, response.status_code):
        response = error_response(request, 503, "Usage could not be recorded; try again")
    admission: Admission = getattr(request.state, "admission", Admission())
    response.headers.update(admission.headers)
    response.headers["X-Request-Id"] = request_id
    _observe(request, response.status_code, time.perf_counter() - started)
    return response


async def _record(request: Request, status: int) -> bool:
    """Write the call's usage event (when the route is metered); False if it failed."""
    endpoint: str | None = getattr(request.state, "endpoint", None)
    if endpoint is None:
        return True
    settings: Settings = request.app.state.settings
    key: StoredKey | None = getattr(request.state, "api_key", None)
    event = call_event(
        key,
        endpoint=endpoint,
        method=request.method,
        status=status,
        at=utcnow(),
        prices=settings.price_per_call,
        currency=settings.price_currency,
        request_id=request.state.request_id,
    )
    writer: UsageWriter = request.app.state.usage_writer
    limiter: Limiter = request.app.state.limiter
    admission: Admission = getattr(request.state, "admission", Admission())
    try:
        await asyncio.wrap_future(writer.submit(event))
    except Exception:
        limiter.settle(admission, chargeable=False)
        return False
    limiter.settle(admission, chargeable=event.chargeable)
    return True


def _observe(request: Request, status: int, seconds: float) -> None:
    # Unmetered paths share one label, not one per URL.
    endpoint: str = getattr(request.state, "endpoint", None) or "other"
    REQUESTS.labels(endpoint, request.method, str(status)).inc()
    LATENCY.labels(endpoint).observe(seconds)
    key: StoredKey | None = getattr(request.state, "api_key", None)
    # The key's name, never the key: logs must not hold credentials.
    log.info(
        "%s %s %d",
        request.method,
        request.url.path,
        status,
        extra={
            "request_id": request.state.request_id,
            "endpoint": endpoint,
            "status": status,
            "duration_ms": round(seconds * 1000, 2),
            "key_name": key.name if key else None,
        },
    )
