"""OCPI 2.2.1 (issue 16): versions, credentials, then the Locations and Tariffs modules.

Every path under /ocpi answers in the OCPI envelope, an unknown one included.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request

from evcharge.api.deps import SessionDep
from evcharge.api.responses import JsonResponse
from evcharge.api.routers.ocpi_common import (
    Http,
    OcpiRoute,
    Registering,
    Us,
    answer,
)
from evcharge.api.routers.ocpi_locations import router as locations
from evcharge.api.routers.ocpi_tariffs import router as tariffs
from evcharge.api.schemas.ocpi import RESPONSES
from evcharge.services.ocpi import credentials
from evcharge.services.ocpi import identity as ours
from evcharge.services.ocpi.errors import UnknownObject

router = APIRouter(route_class=OcpiRoute, tags=["OCPI 2.2.1"], responses=RESPONSES)
Credentials = Annotated[Any, Body(description="an OCPI 2.2.1 Credentials object")]


@router.get("/ocpi/versions", summary="The OCPI versions we speak (token A or C)")
def get_versions(request: Request, _caller: Registering, us: Us) -> JsonResponse:
    return answer(request, ours.versions(us))


@router.get("/ocpi/2.2.1", summary="Our 2.2.1 endpoints (token A or C)")
def get_version_details(request: Request, _caller: Registering, us: Us) -> JsonResponse:
    return answer(request, ours.version_details(us))


@router.get("/ocpi/2.2.1/credentials", summary="Our credentials, for the token presented")
def get_credentials(request: Request, caller: Registering, us: Us) -> JsonResponse:
    return answer(request, credentials.get(caller, us))


@router.post("/ocpi/2.2.1/credentials", summary="Register with token A: your token B, our C")
def post_credentials(
    request: Request, session: SessionDep, caller: Registering, body: Credentials, http: Http,
    us: Us,
) -> JsonResponse:  # fmt: skip
    return answer(request, credentials.post(session, caller, body, http, us))


@router.put("/ocpi/2.2.1/credentials", summary="Renew the registration: a new token C")
def put_credentials(
    request: Request, session: SessionDep, caller: Registering, body: Credentials, http: Http,
    us: Us,
) -> JsonResponse:  # fmt: skip
    return answer(request, credentials.put(session, caller, body, http, us))


@router.delete("/ocpi/2.2.1/credentials", summary="Unregister: your token stops working")
def delete_credentials(request: Request, session: SessionDep, caller: Registering) -> JsonResponse:
    credentials.delete(session, caller)
    return answer(request, None)


router.include_router(locations)
router.include_router(tariffs)


@router.api_route(
    "/ocpi/{rest:path}",
    methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
    include_in_schema=False,
)
def unknown(request: Request, rest: str) -> JsonResponse:
    raise UnknownObject(f"no OCPI endpoint {request.method} /ocpi/{rest[:80]}")
