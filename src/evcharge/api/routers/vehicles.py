"""GET /v2/vehicles and GET /v2/vehicle_brands (Chargeprice v2)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from evcharge.api import jsonapi
from evcharge.api.deps import SessionDep, metered, require
from evcharge.api.responses import JsonResponse
from evcharge.api.schemas.bidirectional import BidirectionalDocument
from evcharge.api.schemas.common import error_responses
from evcharge.api.schemas.vehicles import BrandDocument, ChargingSessionDocument, VehicleDocument
from evcharge.api.views.bidirectional import bidirectional_resource
from evcharge.api.views.vehicles import brand_resource, charging_session_resource, vehicle_page
from evcharge.core.auth import Group
from evcharge.core.plugs import Plug
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.catalogue.bidirectional import facts_with_provenance
from evcharge.services.catalogue.paging import PageRequest
from evcharge.services.catalogue.vehicles import VehicleQuery, list_brands, list_vehicles
from evcharge.services.pricing.charging_sessions import SessionRequest, estimate_session

router = APIRouter(tags=["vehicles"], responses=error_responses(400, 403, 500))
Page = Annotated[PageRequest, Depends(jsonapi.page_params(max_size=100, default_size=100))]
ReadVehicles = Annotated[StoredKey, Depends(require(Group.READ_VEHICLES))]


@router.get(
    "/v2/vehicles",
    response_model=VehicleDocument,
    dependencies=[Depends(metered("vehicles"))],
    summary="EV specifications (curve and AC table need ReadVehiclesFull)",
    description="Chargeprice's vehicle list: battery, AC and DC charging, consumption and the "
    "markets each car is sold in, with its brand in `included`. Filter by `filter[id]` or "
    "`filter[manufacturer.id]`, or search brand, model and variant with `q`; pages of up to "
    "100. The DC charging curve and the AC power table need the ReadVehiclesFull group.",
)
def get_vehicles(
    request: Request,
    session: SessionDep,
    key: ReadVehicles,
    page: Page,
    filter_id: Annotated[
        str | None, Query(alias="filter[id]", description="ids, comma-separated")
    ] = None,
    filter_brand: Annotated[
        str | None, Query(alias="filter[manufacturer.id]", description="brand ids, comma-separated")
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=100, description="fuzzy search on brand, model and variant"),
    ] = None,
) -> JsonResponse:
    query = VehicleQuery(
        page=page,
        ids=jsonapi.csv_filter(filter_id, parameter="filter[id]"),
        brand_ids=jsonapi.csv_filter(filter_brand, parameter="filter[manufacturer.id]"),
        q=q,
    )
    vehicles, total = list_vehicles(session, query)
    data, included = vehicle_page(vehicles, full=Group.READ_VEHICLES_FULL in key.groups)
    meta = {"overall_count": total}
    links = jsonapi.page_links(request, page, total)
    return JsonResponse(jsonapi.document(data, included=included, meta=meta, links=links))


@router.get(
    "/v2/vehicle_brands",
    response_model=BrandDocument,
    dependencies=[Depends(metered("vehicle_brands"))],
    summary="Vehicle brands",
    description="Every brand with a vehicle in the catalogue, in pages of up to 100; "
    "`filter[id]` takes brand ids. Needs the ReadVehicles group.",
)
def get_vehicle_brands(
    request: Request,
    session: SessionDep,
    _key: ReadVehicles,
    page: Page,
    filter_id: Annotated[
        str | None, Query(alias="filter[id]", description="ids, comma-separated")
    ] = None,
) -> JsonResponse:
    ids = jsonapi.csv_filter(filter_id, parameter="filter[id]")
    brands, total = list_brands(session, ids=ids, page=page)
    links = jsonapi.page_links(request, page, total)
    data = [brand_resource(b) for b in brands]
    return JsonResponse(jsonapi.document(data, meta={"overall_count": total}, links=links))


@router.get(
    "/v2/vehicles/{vehicle_id}/charging_session",
    response_model=ChargingSessionDocument,
    dependencies=[Depends(metered("charging_session"))],
    summary="Time and energy to charge between two SoCs at a charger (ReadVehiclesFull)",
    description="Simulates charging the vehicle from `soc_from` to `soc_to` % at a charger of "
    "`power` kW (DC by default, or the given `plug`), along its charging curve: minutes, kWh "
    "from the grid and into the battery, and the session in slices. The same simulation prices "
    "/v1/charge_prices.",
    responses=error_responses(404),
)
def get_charging_session(
    session: SessionDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_VEHICLES_FULL))],
    vehicle_id: str,
    # 1 kW and up: below that no charger exists and the time overflows (5e-324 kW gave null).
    power: Annotated[float, Query(ge=1, le=1000, description="charger kW")] = 150.0,
    soc_from: Annotated[float, Query(ge=0, le=100, description="start SoC %")] = 10.0,
    soc_to: Annotated[float, Query(ge=0, le=100, description="end SoC %")] = 80.0,
    plug: Annotated[Plug | None, Query(description="default: the car's DC inlet")] = None,
) -> JsonResponse:
    request = SessionRequest(vehicle_id, power, soc_from, soc_to, plug)
    estimate = estimate_session(session, request)
    return JsonResponse(jsonapi.document(charging_session_resource(estimate)))


@router.get(
    "/v2/vehicles/{vehicle_id}/bidirectional",
    response_model=BidirectionalDocument,
    dependencies=[Depends(metered("vehicle_bidirectional"))],
    summary="V2X facts with their source, date, confidence and reason, per market",
    description="Our extension of the EV Database endpoint (whose `result` stays exactly the "
    "seed's): every market the vehicle is sold in, each mode with the provenance of its fact, "
    "and whether the seed endpoint's answer there is complete (200) or partial (206).",
    responses=error_responses(404),
)
def get_vehicle_bidirectional(
    session: SessionDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_BIDIRECTIONAL_CHARGING))],
    vehicle_id: str,
) -> JsonResponse:
    vehicle, markets = facts_with_provenance(session, vehicle_id)
    return JsonResponse(jsonapi.document(bidirectional_resource(vehicle, markets)))
