"""Records every call of a metered route (key, endpoint, status, chargeable) after it is answered.

The event is written in its own transaction before the response leaves, so an answered call is
never unrecorded; the billing issue adds limits and quotas on top of these records.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import anyio
from fastapi import Request, Response

from evcharge.db.base import utcnow
from evcharge.db.engine import Database
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.usage import record_call
from evcharge.settings import Settings

log = logging.getLogger("evcharge.metering")


async def meter(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    try:
        response = await call_next(request)
    except Exception:
        # An unhandled error becomes a 500 further out; it is a call all the same.
        await _record_async(request, 500)
        raise
    await _record_async(request, response.status_code)
    return response


async def _record_async(request: Request, status: int) -> None:
    endpoint: str | None = getattr(request.state, "endpoint", None)
    if endpoint is None:
        return
    key: StoredKey | None = getattr(request.state, "api_key", None)
    await anyio.to_thread.run_sync(
        _record, request.app.state.database, request.app.state.settings, key, endpoint,
        request.method, status,
    )  # fmt: skip


def _record(
    database: Database,
    settings: Settings,
    key: StoredKey | None,
    endpoint: str,
    method: str,
    status: int,
) -> None:
    with database.transaction() as session:
        record_call(
            session,
            api_key_id=key.id if key else None,
            sandbox=key.sandbox if key else False,
            endpoint=endpoint,
            method=method,
            status=status,
            at=utcnow(),
            prices=settings.price_per_call,
            currency=settings.price_currency,
        )
