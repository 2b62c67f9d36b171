"""GET /v1/usage (any key: its own usage) and /v1/api_keys (Admin keys: create, list, revoke)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from evcharge.api import jsonapi
from evcharge.api.deps import SessionDep, metered, require
from evcharge.api.responses import JsonResponse
from evcharge.api.schemas.common import error_responses
from evcharge.api.schemas.platform import KeyCreateDocument
from evcharge.api.views.platform import key_resource, money_text, usage_resource
from evcharge.core.auth import Group
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.platform import api_keys
from evcharge.services.platform.usage import amounts_by_currency, usage, utc_day_range

router = APIRouter(tags=["platform"], responses=error_responses(400, 403, 429, 500))
Admin = Annotated[StoredKey, Depends(require(Group.ADMIN))]
AnyKey = Annotated[StoredKey, Depends(require())]


@router.get(
    "/v1/usage",
    dependencies=[Depends(metered("usage"))],
    summary="The calling key's calls, chargeable calls and amount per endpoint and month (UTC)",
    description="What the calling key has used, per endpoint and calendar month (UTC): calls, "
    "chargeable calls (a 200 of a priced endpoint, never for a sandbox key) and their amount, "
    "as exact decimal strings, with totals per currency. `filter[from]` and `filter[to]` limit "
    "it to days. Any valid key may ask.",
    responses={200: {"content": {"application/json": {"example": {
        "data": [{"id": "2026-11:bidirectional_charging", "type": "usage", "attributes": {
            "endpoint": "bidirectional_charging", "period": "2026-11", "calls": 12,
            "chargeable_calls": 10, "amount": "5.00", "currency": "GBP"}}],
        "meta": {"key": "partner-app", "sandbox": False, "total": {"GBP": "5.00"},
                 "from": "2026-11-01", "to": None}}}}}},
)  # fmt: skip
def get_usage(
    session: SessionDep,
    key: AnyKey,
    start: Annotated[
        date | None, Query(alias="filter[from]", description="first day, 2000-01-01 to 2100-12-31")
    ] = None,
    end: Annotated[
        date | None, Query(alias="filter[to]", description="last day, 2000-01-01 to 2100-12-31")
    ] = None,
) -> JsonResponse:
    since, until = utc_day_range(start, end)
    periods = usage(session, api_key_id=key.id, start=since, end=until)
    meta = {
        "key": key.name, "sandbox": key.sandbox,
        "total": {c: money_text(a) for c, a in amounts_by_currency(periods).items()},
        "from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
    }  # fmt: skip
    return JsonResponse(jsonapi.document([usage_resource(p) for p in periods], meta=meta))


@router.get(
    "/v1/api_keys",
    dependencies=[Depends(metered("api_keys"))],
    summary="Every key, revoked ones too (never their secrets)",
    description="Every API key with its groups, sandbox flag, rate limit (calls a minute), "
    "monthly quota (chargeable calls) and when it was created or revoked. Only a hash of each "
    "key is stored. Needs the Admin group.",
    responses={200: {"content": {"application/json": {"example": {
        "data": [{"id": "partner-app", "type": "api_key", "attributes": {
            "name": "partner-app", "groups": ["ReadVehicles"], "sandbox": False,
            "rate_limit_per_min": 60, "quota_per_month": 10000,
            "created_at": "2026-11-21T10:00:00+00:00", "revoked_at": None}}]}}}}},
)  # fmt: skip
def list_keys(session: SessionDep, _key: Admin) -> JsonResponse:
    return JsonResponse(jsonapi.document([key_resource(k) for k in api_keys.list_keys(session)]))


@router.post(
    "/v1/api_keys",
    status_code=201,
    dependencies=[Depends(metered("api_keys"))],
    summary="Create a key; meta.key is its secret, shown this once",
    description='Creates a key with a unique name, its groups (or `["all"]`), and optional '
    "rate limit and monthly quota. The answer's `meta.key` is the secret: it is shown only "
    "here. A name already used is a 409. Needs the Admin group.",
    responses=error_responses(409),
)
def create_key(session: SessionDep, _key: Admin, body: KeyCreateDocument) -> JsonResponse:
    a = body.data.attributes
    stored, plaintext = api_keys.create_key(
        session, name=a.name, groups=",".join(a.groups), sandbox=a.sandbox,
        rate_limit_per_min=a.rate_limit_per_min, quota_per_month=a.quota_per_month,
    )  # fmt: skip
    doc = jsonapi.document(key_resource(stored), meta={"key": plaintext})
    return JsonResponse(doc, status_code=201)


@router.delete(
    "/v1/api_keys/{name}",
    dependencies=[Depends(metered("api_keys"))],
    summary="Revoke a key: it is refused from then on",
    description="Revokes the key named in the path: every later call with it gets a 403. The "
    "key stays listed, with `revoked_at`, and its usage stays reported. Needs the Admin group.",
    responses={200: {"content": {"application/json": {"example": {
        "data": {"id": "partner-app", "type": "api_key", "attributes": {
            "name": "partner-app", "revoked_at": "2026-11-21T10:05:00+00:00"}}}}}},
        **error_responses(404)},
)  # fmt: skip
def revoke_key(session: SessionDep, _key: Admin, name: str) -> JsonResponse:
    return JsonResponse(jsonapi.document(key_resource(api_keys.revoke_key(session, name))))
