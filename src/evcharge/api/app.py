"""The FastAPI app factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from evcharge import __version__
from evcharge.api import errors
from evcharge.api.metering import meter
from evcharge.api.responses import JsonResponse
from evcharge.api.routers import (
    catalog,
    cdr_prices,
    charge_prices,
    evdatabase,
    health,
    stations,
    vehicles,
    web,
    writes,
)
from evcharge.db.engine import Database
from evcharge.settings import Settings, get_settings

DESCRIPTION = """
An open, self-hostable EV charging data and price API.

Every data endpoint needs an API key in the `Api-Key` (or `x-api-key`) header; `make run` prints a
demo key, and `evcharge keys create --name N --groups G1,G2|all` makes more. JSON:API paths answer
errors as `{"errors":[{status, code, title, detail?, source?}]}`; `/evdatabase` paths as
`{"success": false, "result": null, "error": "..."}`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    database = Database(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        database.dispose()

    app = FastAPI(
        title="evcharge",
        version=__version__,
        description=DESCRIPTION,
        default_response_class=JsonResponse,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    errors.install(app)
    app.middleware("http")(meter)
    routers = (
        health, vehicles, evdatabase, stations, catalog, charge_prices, cdr_prices, writes, web
    )  # fmt: skip
    for module in routers:
        app.include_router(module.router)
    return app
