"""OCPI 2.2.1 Tariffs: Sender (tariffs we hold as OCPI) and Receiver (a CPO's pushes)."""

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
SENDER = "/ocpi/2.2.1/sender/tariffs"
RECEIVER = "/ocpi/2.2.1/receiver/tariffs/{country_code}/{party_id}/{tariff_id}"
Doc = Annotated[Any, Body(description="an OCPI 2.2.1 Tariff object")]


@router.get(SENDER, summary="Tariffs held as OCPI Tariffs, by last update, paged")
@router.get(SENDER + "/", include_in_schema=False)
def list_tariffs(
    request: Request, session: SessionDep, _caller: Registered, window: Paging, us: Us
) -> JsonResponse:
    return page_answer(request, sender.tariffs_page(session, window, us))


@router.get(SENDER + "/{tariff_id}", summary="One Tariff (our id)")
def get_tariff(
    request: Request, session: SessionDep, _caller: Registered, us: Us, tariff_id: str
) -> JsonResponse:
    return answer(request, sender.one_tariff(session, tariff_id, us))


@router.get(RECEIVER, summary="The Tariff you pushed last")
def get_pushed_tariff(
    request: Request, session: SessionDep, caller: Registered, country_code: str, party_id: str,
    tariff_id: str,
) -> JsonResponse:  # fmt: skip
    ids = (country_code, party_id, tariff_id)
    return answer(request, receiver.pushed(session, caller, receiver.TARIFF, ids))


@router.put(RECEIVER, summary="Push a Tariff: the CPO's stations are priced with it at once")
def put_tariff(
    request: Request, session: SessionDep, caller: Registered, country_code: str, party_id: str,
    tariff_id: str, body: Doc,
) -> JsonResponse:  # fmt: skip
    receiver.put_tariff(session, caller, (country_code, party_id, tariff_id), body)
    return answer(request, None)


@router.delete(RECEIVER, summary="Delete a Tariff you pushed")
def delete_tariff(
    request: Request, session: SessionDep, caller: Registered, country_code: str, party_id: str,
    tariff_id: str,
) -> JsonResponse:  # fmt: skip
    receiver.delete_tariff(session, caller, (country_code, party_id, tariff_id))
    return answer(request, None)
