"""GET /v1/companies and GET /v1/tariffs (reference §1.9, §1.3)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from evcharge.api import examples, jsonapi
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
    description="Charge point operators (CPOs) and e-mobility providers (EMPs): name, web "
    "page, EVSE operator ids, and for a CPO the EMPs whose cards work at its stations. Filter "
    "by `filter[id]`, `filter[is_cpo]`, `filter[is_emp]` or a name (`q`). Needs the "
    "ReadSimpleTariffs group.",
    responses={200: {"content": {"application/json": {"example": {
        "data": [{"id": examples.IONITY_ID, "type": "company", "attributes": {
            "name": "IONITY", "url": "https://ionity.eu", "is_cpo": True, "is_emp": True,
            "version": 2, "external_source_mapping": {
                "evse_operator_ids": ["DE*ION", "AT*ION", "NL*ION", "GB*ION"]}},
            "relationships": {"supported_emps": {"data": [
                {"id": examples.ENBW_ID, "type": "company"},
                {"id": examples.IONITY_ID, "type": "company"}]}}}],
        "meta": {"overall_count": 1}}}}}},
)  # fmt: skip
def get_companies(
    session: SessionDep,
    _key: Annotated[StoredKey, Depends(require(Group.READ_SIMPLE_TARIFFS))],
    page: Page,
    ids: Annotated[
        str | None, Query(alias="filter[id]", description="company ids, comma-separated")
    ] = None,
    is_cpo: Annotated[
        bool | None, Query(alias="filter[is_cpo]", description="only CPOs (or only not)")
    ] = None,
    is_emp: Annotated[
        bool | None, Query(alias="filter[is_emp]", description="only EMPs (or only not)")
    ] = None,
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
    description="Every tariff: provider, name, monthly fee, currency, payment kinds, countries, "
    "tags and the EMP (and CPO) it belongs to; the unit prices are not listed (price a "
    "session with /v1/charge_prices, or export one tariff as OCPI). Needs the "
    "ReadSimpleTariffs group.",
    responses={200: {"content": {"application/json": {"example": {
        "data": [{"id": examples.TARIFF_ID, "type": "tariff", "attributes": {
            "provider": "IONITY", "name": "IONITY PASSPORT POWER", "total_monthly_fee": 11.99,
            "currency": "EUR", "is_direct_payment": False, "is_vehicle_brand_restricted": False,
            "is_card_payment": False, "provider_customer_tariff": False,
            "supported_countries": ["DE", "AT", "NL"], "url": "https://ionity.eu/en/passport",
            "prices_as_of": "2024-05-28", "version": 1, "tags": [], "system_tags": []},
            "relationships": {
                "emp": {"data": {"id": examples.IONITY_ID, "type": "company"}},
                "cpo": {"data": {"id": examples.IONITY_ID, "type": "company"}}}}]}}}}},
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
    description="The tariff's prices as an OCPI 2.2.1 Tariff object (prices excl. VAT, with "
    "the VAT %). An OCPI tariff belongs to one connector: where the tariff's prices depend on "
    "the charge point, give `country`, `energy_type`, `power` (kW) and `cpo`, or get a 400 "
    "that says which. Needs the ReadTariffs group.",
    responses={200: {"content": {"application/json": {"example": {
        "country_code": "DE", "party_id": "ION", "id": examples.TARIFF_ID, "currency": "EUR",
        "tariff_alt_url": "https://ionity.eu/en/passport",
        "elements": [{"price_components": [
            {"type": "ENERGY", "price": 0.3277, "vat": 19, "step_size": 10}]}]}}}}},
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
