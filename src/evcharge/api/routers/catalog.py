"""GET /v1/companies and GET /v1/tariffs (reference §1.9, §1.3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from evcharge.api import jsonapi
from evcharge.api.deps import CatalogueDep, SessionDep, metered, require
from evcharge.api.responses import JsonResponse
from evcharge.api.schemas.common import error_responses
from evcharge.api.views.network import company_resource, tariff_resource
from evcharge.core.auth import Group
from evcharge.core.plugs import EnergyType
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.catalogue.listings import list_companies, list_tariffs
from evcharge.services.catalogue.ocpi_export import ChargePoint, export_tariff
from evcharge.services.catalogue.paging import PageRequest

router = APIRouter(tags=["companies and tariffs"], responses=error_responses(400, 403, 500))
Page = Annotated[PageRequest, Depends(jsonapi.page_params(max_size=100, default_size=100))]


@router.get(
    "/v1/companies",
    dependencies=[Depends(metered("companies"))],
    summary="CPOs and EMPs, with the EMPs each CPO accepts (roaming)",
    responses={200: {"content": {"application/json": {"example": {
        "data": [{"id": "CPO-ID", "type": "company", "attributes": {
            "name": "IONITY", "is_cpo": True, "is_emp": False},
            "relationships": {"supported_emps": {"data": [{"id": "EMP-ID", "type": "company"}]}}}],
        "meta": {"overall_count": 1}}}}}},
)  # fmt: skip
def get_companies(
    session: SessionDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_SIMPLE_TARIFFS))],
    page: Page,
    ids: Annotated[str | None, Query(alias="filter[id]")] = None,
    is_cpo: Annotated[bool | None, Query(alias="filter[is_cpo]")] = None,
    is_emp: Annotated[bool | None, Query(alias="filter[is_emp]")] = None,
    q: Annotated[str | None, Query(description="name contains")] = None,
) -> JsonResponse:
    found, total = list_companies(
        session, ids=jsonapi.csv_filter(ids, parameter="filter[id]"), is_cpo=is_cpo,
        is_emp=is_emp, q=q, page=page,
    )  # fmt: skip
    data = [company_resource(c) for c in found]
    return JsonResponse(jsonapi.document(data, meta={"overall_count": total}))


@router.get(
    "/v1/tariffs",
    dependencies=[Depends(metered("tariffs"))],
    summary="Tariff metadata (no unit prices)",
    responses={200: {"content": {"application/json": {"example": {
        "data": [{"id": "TARIFF-ID", "type": "tariff", "attributes": {
            "provider": "EnBW mobility+", "name": "Ladetarif M", "total_monthly_fee": 5.99,
            "currency": "EUR", "is_direct_payment": False}}]}}}}},
)  # fmt: skip
def get_tariffs(
    session: SessionDep,
    catalogue: CatalogueDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_SIMPLE_TARIFFS))],
    ids: Annotated[str | None, Query(alias="filter[id]")] = None,
    customer_only: Annotated[bool | None, Query(alias="filter[provider_customer_only]")] = None,
    direct_payment: Annotated[bool | None, Query(alias="filter[direct_payment]")] = None,
) -> JsonResponse:
    found = list_tariffs(
        session, catalogue, ids=jsonapi.csv_filter(ids, parameter="filter[id]"),
        customer_only=customer_only, direct_payment=direct_payment,
    )  # fmt: skip
    return JsonResponse(jsonapi.document([tariff_resource(t, name) for t, name in found]))


@router.get(
    "/v1/tariffs/{tariff_id}/ocpi",
    dependencies=[Depends(metered("tariffs_ocpi"))],
    summary="One tariff as an OCPI 2.2.1 Tariff (for one charge point, where prices differ)",
    responses={200: {"content": {"application/json": {"example": {
        "country_code": "DE", "party_id": "ION", "id": "TARIFF-ID", "currency": "EUR",
        "elements": [{"price_components": [
            {"type": "ENERGY", "price": 0.5798, "vat": 19, "step_size": 1}]}]}}}}},
)  # fmt: skip
def get_tariff_ocpi(
    session: SessionDep,
    catalogue: CatalogueDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_TARIFFS))],
    tariff_id: str,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    energy_type: Annotated[EnergyType | None, Query()] = None,
    power: Annotated[float | None, Query(gt=0, le=1000, description="charge point kW")] = None,
    cpo: Annotated[str | None, Query(description="the CPO's company id")] = None,
) -> JsonResponse:
    at = ChargePoint(country=country, energy_type=energy_type, power_kw=power, cpo_id=cpo)
    return JsonResponse(export_tariff(session, catalogue, tariff_id, at))
