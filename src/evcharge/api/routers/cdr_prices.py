"""POST /v1/cdr_prices: price a finished session (an OCPI 2.2.1 CDR) and explain it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from evcharge.api.deps import metered, require
from evcharge.api.responses import JsonResponse
from evcharge.api.schemas.cdr_prices import DESCRIPTION, CdrPriceDocument, CdrPriceRequest
from evcharge.api.schemas.common import error_responses
from evcharge.api.views.cdr_prices import cdr_price_document
from evcharge.core.auth import Group
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.pricing.cdr_prices import price_cdr_documents

router = APIRouter(tags=["charge prices"], responses=error_responses(400, 403, 500))


@router.post(
    "/v1/cdr_prices",
    response_model=CdrPriceDocument,
    dependencies=[Depends(metered("cdr_prices"))],
    summary="Price a finished session (OCPI 2.2.1 CDR) under an OCPI tariff, period by period",
    description=DESCRIPTION,
)
def post_cdr_prices(
    _key: Annotated[StoredKey, Depends(require(Group.READ_COSTS))],
    body: CdrPriceRequest,
) -> JsonResponse:
    priced = price_cdr_documents(body.tariff, body.cdr, body.time_zone)
    return JsonResponse(cdr_price_document(priced))
