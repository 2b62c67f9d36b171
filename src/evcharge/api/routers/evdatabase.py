"""GET /evdatabase/{market}/{car|van}/bidirectionalcharging/ (the seed)."""

from __future__ import annotations

import dataclasses
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from evcharge.api.deps import SessionDep, metered, require
from evcharge.api.responses import JsonResponse
from evcharge.api.schemas.evdatabase import BidirectionalEnvelope, OneAutoError
from evcharge.core.auth import Group
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.catalogue import bidirectional

router = APIRouter(tags=["ev database"])

_ERRORS: dict[int | str, dict[str, object]] = {
    204: {"description": "the vehicle id is unknown (or not sold in this market): no body"},
    206: {
        "model": BidirectionalEnvelope,
        "description": "known vehicle, some fields unknown (null)",
    },
    400: {"model": OneAutoError, "description": "a parameter is missing or invalid"},
    403: {"model": OneAutoError, "description": "key missing, invalid, revoked or not enabled"},
    500: {"model": OneAutoError, "description": "an unexpected failure"},
}


@router.get(
    "/evdatabase/{market}/{vehicle_type}/bidirectionalcharging/",
    response_model=BidirectionalEnvelope,
    responses=_ERRORS,
    dependencies=[Depends(metered("bidirectional_charging"))],
    summary="Bidirectional charging (V2L/V2H/V2G) of a car or van; 200 is chargeable",
    description="The EV Database endpoint: for `evdb_vehicle_id` in `market` (`uk`, `eu` or "
    "`us`), whether the car offers vehicle-to-load, vehicle-to-home and vehicle-to-grid (AC "
    "and DC), the most power it gives in each, and its V2L sockets. 200 when every field is "
    "known (the only chargeable answer), 206 with the unknown fields named in `error`, 204 for "
    "a vehicle we do not know in that market. Needs the ReadBidirectionalCharging group.",
)
def get_bidirectional_charging(
    session: SessionDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_BIDIRECTIONAL_CHARGING))],
    market: str,
    vehicle_type: str,
    evdb_vehicle_id: Annotated[
        str | None, Query(description="EV Database vehicle id, e.g. 1001", examples=["1001"])
    ] = None,
) -> Response:
    parsed = bidirectional.parse_request(market, vehicle_type, evdb_vehicle_id)
    answer = bidirectional.lookup(
        session, market=parsed[0], vehicle_type=parsed[1], evdb_vehicle_id=parsed[2]
    )
    if answer is None:
        return Response(status_code=204)
    error = None if answer.complete else "unknown fields: " + ", ".join(answer.unknown_fields)
    body = {"success": True, "result": dataclasses.asdict(answer.result), "error": error}
    return JsonResponse(body, status_code=200 if answer.complete else 206)
