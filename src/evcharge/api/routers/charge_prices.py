"""POST /v1/charge_prices and /v1/charge_prices/bulk (Chargeprice, reference §1.1, §1.2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from evcharge.api.deps import (
    CatalogueDep,
    LanguageDep,
    SessionDep,
    language_headers,
    metered,
    require,
)
from evcharge.api.responses import JsonResponse
from evcharge.api.schemas.bulk_prices import BulkRequestDocument, BulkResponseDocument
from evcharge.api.schemas.charge_prices import ChargePriceDocument, ChargePriceRequestDocument
from evcharge.api.schemas.common import error_responses
from evcharge.api.views.bulk_prices import bulk_document, to_bulk_request
from evcharge.api.views.charge_prices import Presentation, charge_price_document, to_request
from evcharge.core.auth import Group
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.platform import fx
from evcharge.services.pricing.bulk_prices import bulk_prices
from evcharge.services.pricing.charge_prices import charge_prices

router = APIRouter(tags=["prices"], responses=error_responses(400, 403, 404, 500))


@router.post(
    "/v1/charge_prices",
    response_model=ChargePriceDocument,
    dependencies=[Depends(metered("charge_prices"))],
    summary="Price of a charging session at one station, for every usable tariff",
    description="Chargeprice's charge price: give the station (network, country, position and "
    "charge points) and either a vehicle with a battery range or an energy and a duration. "
    "Every tariff usable there is priced for the simulated session, cheapest first, in the "
    "requested currency (ECB reference rates). Tags and reasons follow Accept-Language. Needs "
    "the ReadCosts group.",
)
def post_charge_prices(
    request: Request,
    session: SessionDep,
    catalogue: CatalogueDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_COSTS))],
    body: ChargePriceRequestDocument,
    language: LanguageDep,
) -> JsonResponse:
    rates = fx.rates(request.app.state.settings.fx_dir)
    price_request = to_request(body)
    answer = charge_prices(session, catalogue, price_request, rates)
    how = Presentation(
        start_time=body.data.attributes.options.start_time,
        language=language,
        owned=frozenset(price_request.tariff_ids or ()),
    )
    return JsonResponse(charge_price_document(answer, how), headers=language_headers(language))


@router.post(
    "/v1/charge_prices/bulk",
    response_model=BulkResponseDocument,
    dependencies=[Depends(metered("charge_prices_bulk"))],
    summary="Cheapest price per station (at most 100) over the given tariffs (at most 200)",
    description="For a map: one vehicle and battery range, up to 100 stations and up to 200 "
    "tariffs; for each station, the cheapest price over those tariffs, which tariff gives it, "
    "and the session's energy and time. Stations with no price are listed in "
    "`meta.unpriced_stations` with the reason. Needs the ReadCosts group.",
)
def post_bulk_prices(
    request: Request,
    session: SessionDep,
    catalogue: CatalogueDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_COSTS))],
    body: BulkRequestDocument,
) -> JsonResponse:
    rates = fx.rates(request.app.state.settings.fx_dir)
    answer = bulk_prices(session, catalogue, to_bulk_request(body), rates)
    return JsonResponse(bulk_document(answer))
