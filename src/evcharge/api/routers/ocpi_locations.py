"""OCPI 2.2.1 Locations: Sender (our stations) and Receiver (a CPO's pushes)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Request

from evcharge.api.deps import SessionDep
from evcharge.api.responses import JsonResponse
from evcharge.api.routers.ocpi_common import OcpiRoute, Registered, Us, answer
from evcharge.api.routers.ocpi_paging import Paging, page_answer
from evcharge.api.schemas.ocpi import RESPONSES
from evcharge.services.ocpi import receiver, sender

router = APIRouter(route_class=OcpiRoute, tags=["OCPI 2.2.1"], responses=RESPONSES)
SENDER = "/ocpi/2.2.1/sender/locations"
RECEIVER = "/ocpi/2.2.1/receiver/locations/{country_code}/{party_id}/{location_id}"
Doc = Annotated[Any, Body(description="an OCPI 2.2.1 Location (or EVSE, Connector) object")]


@router.get(SENDER, summary="Our stations as Locations, by last update, paged")
@router.get(SENDER + "/", include_in_schema=False)
def list_locations(
    request: Request, session: SessionDep, _caller: Registered, window: Paging, us: Us
) -> JsonResponse:
    return page_answer(request, sender.locations_page(session, window, us))


@router.get(SENDER + "/{location_id}", summary="One Location")
@router.get(SENDER + "/{location_id}/{evse_uid}", summary="One EVSE of a Location")
@router.get(SENDER + "/{location_id}/{evse_uid}/{connector_id}", summary="One Connector")
def get_location(
    request: Request, session: SessionDep, _caller: Registered, us: Us, location_id: str,
    evse_uid: str | None = None, connector_id: str | None = None,
) -> JsonResponse:  # fmt: skip
    found = sender.one_location(session, location_id, us)
    if evse_uid is not None:
        found = sender.evse_of(found, evse_uid)
        if connector_id is not None:
            found = sender.connector_of(found, connector_id)
    return answer(request, found)


@router.get(RECEIVER, summary="The Location you pushed last")
@router.get(RECEIVER + "/{evse_uid}", summary="An EVSE you pushed")
@router.get(RECEIVER + "/{evse_uid}/{connector_id}", summary="A Connector you pushed")
def get_pushed_location(
    request: Request, session: SessionDep, caller: Registered, country_code: str, party_id: str,
    location_id: str, evse_uid: str | None = None, connector_id: str | None = None,
) -> JsonResponse:  # fmt: skip
    ids = (country_code, party_id, location_id)
    found = receiver.pushed(session, caller, receiver.LOCATION, ids, evse_uid, connector_id)
    return answer(request, found)


@router.put(RECEIVER, summary="Push a whole Location: it becomes (or updates) a station")
@router.put(RECEIVER + "/{evse_uid}", summary="Push one EVSE of a Location")
@router.put(RECEIVER + "/{evse_uid}/{connector_id}", summary="Push one Connector")
def put_location(
    request: Request, session: SessionDep, caller: Registered, country_code: str, party_id: str,
    location_id: str, body: Doc, evse_uid: str | None = None, connector_id: str | None = None,
) -> JsonResponse:  # fmt: skip
    ids = (country_code, party_id, location_id)
    receiver.put_location(session, caller, ids, body, evse_uid, connector_id)
    return answer(request, None)


@router.patch(RECEIVER, summary="Change fields of a Location pushed before")
@router.patch(RECEIVER + "/{evse_uid}", summary="Change fields of an EVSE")
@router.patch(RECEIVER + "/{evse_uid}/{connector_id}", summary="Change fields of a Connector")
def patch_location(
    request: Request, session: SessionDep, caller: Registered, country_code: str, party_id: str,
    location_id: str, body: Doc, evse_uid: str | None = None, connector_id: str | None = None,
) -> JsonResponse:  # fmt: skip
    ids = (country_code, party_id, location_id)
    receiver.patch_location(session, caller, ids, body, evse_uid, connector_id)
    return answer(request, None)
