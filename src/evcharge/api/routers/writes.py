"""PUT/DELETE /v2/tariffs/{id} and PUT /v1/charging_stations/{id}, with optimistic locking."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from evcharge.api.deps import SessionDep, metered, require
from evcharge.api.schemas.common import error_responses
from evcharge.api.schemas.writes import StationPutDocument, TariffPutDocument
from evcharge.api.views.writes import to_station, to_tariff
from evcharge.core.auth import Group
from evcharge.core.errors import InvalidInput
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.catalogue import writes

router = APIRouter(tags=["writes"], responses=error_responses(400, 403, 404, 409, 500))
WriteTariffs = Annotated[StoredKey, Depends(require(Group.WRITE_TARIFFS))]
WriteStations = Annotated[StoredKey, Depends(require(Group.WRITE_ALL_STATIONS))]


def _same_id(path_id: str, body_id: str) -> None:
    if path_id != body_id:
        raise InvalidInput(f"data.id {body_id!r} differs from the path's {path_id!r}")


@router.put(
    "/v2/tariffs/{tariff_id}",
    status_code=200,
    dependencies=[Depends(metered("tariff_write"))],
    summary="Create (version 1, 201) or update (current version + 1, 200) a tariff; 409 otherwise",
    description="Stores a tariff under the path's id (equal to `data.id`), with optimistic "
    "locking: `version` 1 creates it (201), the stored version + 1 replaces it (200), any other "
    "version is a 409 and changes nothing. Prices are per kWh, minute or session in the "
    "tariff's currency, VAT included. Needs the WriteTariffs group.",
    responses={201: {"description": "created"}, 200: {"description": "updated"}},
)
def put_tariff(
    session: SessionDep, _key: WriteTariffs, tariff_id: str, body: TariffPutDocument
) -> Response:
    _same_id(tariff_id, body.data.id)
    tariff, version = to_tariff(tariff_id, body)
    created = writes.put_tariff(session, tariff, version=version)
    return Response(status_code=201 if created else 200)


@router.delete(
    "/v2/tariffs/{tariff_id}",
    status_code=204,
    dependencies=[Depends(metered("tariff_write"))],
    summary="Delete a tariff",
    description="Removes the tariff: it is priced no more. 204 with no body; 404 if there is "
    "no such tariff. Needs the WriteTariffs group.",
)
def delete_tariff(session: SessionDep, _key: WriteTariffs, tariff_id: str) -> Response:
    writes.delete_tariff(session, tariff_id)
    return Response(status_code=204)


@router.put(
    "/v1/charging_stations/{station_id}",
    status_code=200,
    dependencies=[Depends(metered("station_write"))],
    summary="Create (version 1, 201) or update (current + 1, 200) a manual station; 409 otherwise",
    description="Stores a station under the path's id (equal to `data.id`) with its operator "
    "and charge points (with their EVSE ids): `version` 1 creates it (201), the stored version "
    "+ 1 replaces it (200), any other version is a 409. Needs the WriteAllStations group.",
    responses={201: {"description": "created"}, 200: {"description": "updated"}},
)
def put_station(
    session: SessionDep, _key: WriteStations, station_id: str, body: StationPutDocument
) -> Response:
    _same_id(station_id, body.data.id)
    station, version = to_station(station_id, body)
    created = writes.put_station(session, station, version=version)
    return Response(status_code=201 if created else 200)
