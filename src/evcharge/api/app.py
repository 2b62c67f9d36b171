"""The FastAPI app factory."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from evcharge import __version__
from evcharge.api import docs, errors, openapi, validation
from evcharge.api.body_limit import BodyLimit
from evcharge.api.metering import Metering
from evcharge.api.responses import JsonResponse
from evcharge.api.routers import (
    catalog,
    cdr_prices,
    charge_prices,
    evdatabase,
    health,
    ocpi,
    platform,
    stations,
    vehicles,
    web,
    writes,
)
from evcharge.api.security_headers import SecurityHeaders
from evcharge.api.time_limit import TimeLimit
from evcharge.db.engine import Database
from evcharge.services.catalogue import Catalogue
from evcharge.services.platform.key_cache import KeyCache
from evcharge.services.platform.limiter import make_limiter
from evcharge.services.platform.usage_writer import UsageWriter
from evcharge.settings import Settings, get_settings

DESCRIPTION = """
An open, self-hostable EV charging data and price API.

Every data endpoint needs an API key in the `Api-Key` (or `x-api-key`) header; `make run` prints a
demo key, and `evcharge keys create --name N --groups G1,G2|all` makes more. JSON:API paths answer
errors as `{"errors":[{status, code, title, detail?, source?}]}`; `/evdatabase` paths as
`{"success": false, "result": null, "error": "..."}`.
"""
GC_YOUNG_THRESHOLD = 10_000
# What a browser script may read of an answer: limits, retry hints and the request id.
EXPOSED_HEADERS = (
    "Retry-After", "X-Request-Id", "X-RateLimit-Limit", "X-RateLimit-Remaining",
    "X-RateLimit-Reset", "X-Quota-Limit", "X-Quota-Remaining", "Content-Language",
)  # fmt: skip


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    database = Database(settings)

    limiter = make_limiter(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.usage_writer.closed:
            app.state.usage_writer = UsageWriter(database)
        # What start-up built (modules, the app, the ORM) lives as long as the process: left out
        # of every later collection, a full one walks only what requests made (p99 pauses).
        gc.freeze()
        # A bulk price allocates thousands of short-lived containers: at the default 700 the
        # young generation was collected twice a call and the whole heap every ~70 calls.
        # Refcounting frees nearly all of them; the collector is only for cycles.
        gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)
        yield
        # uvicorn has drained requests in flight by now: write their usage, then let go.
        app.state.usage_writer.close()
        limiter.close()
        database.dispose()

    app = FastAPI(
        title="evcharge",
        version=__version__,
        description=DESCRIPTION,
        default_response_class=JsonResponse,
        lifespan=lifespan,
        docs_url=None,  # served by api/docs.py, with their assets, from this server
        redoc_url=None,
        # Before any route's own parameters: unknown query parameters and control characters.
        dependencies=[Depends(validation.check_request)],
    )
    app.state.settings = settings
    app.state.database = database
    app.state.catalogue = Catalogue(recheck_s=settings.catalogue_recheck_s)
    # Request sessions may use every pooled connection but one, kept for the usage writer.
    app.state.db_slots = anyio.Semaphore(max(database.connections - 1, 1))
    app.state.limiter = limiter
    app.state.keys = KeyCache(settings.catalogue_recheck_s)
    app.state.usage_writer = UsageWriter(database)
    errors.install(app)
    openapi.install(app)
    docs.install(app)
    # The time limit sits inside metering, so its 503 is metered like any answer.
    app.add_middleware(TimeLimit, seconds=settings.request_timeout_s)
    app.add_middleware(Metering)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    if settings.cors_origins:
        # Outermost, so a browser's preflight is answered before keys and limits are checked.
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE"],
            allow_headers=["Api-Key", "X-Api-Key", "Content-Type", "Accept-Language"],
            expose_headers=list(EXPOSED_HEADERS),
            max_age=600,
        )

    routers = (
        health, vehicles, evdatabase, stations, catalog, charge_prices, cdr_prices, writes,
        platform, ocpi, web
    )  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    app.mount(web.ASSETS_PATH, web.static_files(), name="static")
    return app
