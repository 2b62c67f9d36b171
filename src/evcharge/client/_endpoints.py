"""The catalogue and platform endpoints as `Call`s (pure: no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import TypeVar
from urllib.parse import quote

from pydantic import BaseModel

from evcharge.client._jsonapi import (
    Json,
    csv,
    included,
    next_after,
    next_page,
    params,
    resources,
)
from evcharge.client._protocol import Call, CursorPage, Page, Reply, decode
from evcharge.client.errors import NotFoundError
from evcharge.client.filters import StationFilters
from evcharge.client.models import (
    ApiKey,
    Bidirectional,
    Brand,
    Company,
    CreatedApiKey,
    RemovedStation,
    Station,
    Tariff,
    Usage,
    Vehicle,
)

M = TypeVar("M", bound=BaseModel)
DEFAULT_PAGE_SIZE = 100  # vehicles, brands, companies: at most 100
DEFAULT_STATION_PAGE_SIZE = 400  # stations: at most 1000


def _paging(number: int, size: int) -> dict[str, object]:
    return {"page[number]": number, "page[size]": size}


def _page_reader(
    model: type[M], number: int, size: int, extend: Callable[[Json, Json], Json] | None = None
) -> Callable[[Reply], Page[M]]:
    """Reads one page of `model`; `extend(flat, doc)` may add fields from the document."""

    def parse(reply: Reply) -> Page[M]:
        doc = decode(reply)
        flats = resources(doc)
        items = [model.model_validate(extend(f, doc) if extend else f) for f in flats]
        return Page(items, next_page(doc, number, size))

    return parse


def vehicles_page(
    number: int,
    size: int,
    *,
    q: str | None,
    brand_ids: str | Iterable[str] | None,
    ids: str | Iterable[str] | None,
) -> Call[Page[Vehicle]]:
    query = {"q": q, "filter[manufacturer.id]": csv(brand_ids), "filter[id]": csv(ids)}
    return Call(
        "GET", "/v2/vehicles", _page_reader(Vehicle, number, size),
        params(query | _paging(number, size)),
    )  # fmt: skip


def vehicle(vehicle_id: str) -> Call[Vehicle]:
    def parse(reply: Reply) -> Vehicle:
        found = resources(decode(reply))
        if not found:
            title = f"vehicle {vehicle_id!r} not found"
            raise NotFoundError(404, "NOT_FOUND", title, request_id=_request_id(reply))
        return Vehicle.model_validate(found[0])

    return Call("GET", "/v2/vehicles", parse, {"filter[id]": vehicle_id})


def brands_page(number: int, size: int) -> Call[Page[Brand]]:
    return Call(
        "GET",
        "/v2/vehicle_brands",
        _page_reader(Brand, number, size),
        params(_paging(number, size)),
    )


def bidirectional(
    evdb_vehicle_id: int | str, market: str, vehicle_type: str
) -> Call[Bidirectional]:
    where = f"{quote(market, safe='')}/{quote(vehicle_type, safe='')}"
    path = f"/evdatabase/{where}/bidirectionalcharging/"

    def parse(reply: Reply) -> Bidirectional:
        if reply.status == 204:  # One Auto's "no such vehicle here": no body
            title = f"no {vehicle_type} with evdb_vehicle_id {evdb_vehicle_id} in market {market!r}"
            raise NotFoundError(204, "NOT_FOUND", title, request_id=_request_id(reply))
        body = decode(reply)
        fields = {
            **body["result"], "evdb_vehicle_id": evdb_vehicle_id, "market": market,
            "vehicle_type": vehicle_type, "complete": reply.status == 200,
            "unknown_fields": unknown_fields(body.get("error")),
        }  # fmt: skip
        return Bidirectional.model_validate(fields)

    return Call("GET", path, parse, {"evdb_vehicle_id": str(evdb_vehicle_id)})


def unknown_fields(error: object) -> tuple[str, ...]:
    """The field names of a 206's `error`: "unknown fields: a, b"."""
    if not isinstance(error, str) or ":" not in error:
        return ()
    return tuple(name.strip() for name in error.split(":", 1)[1].split(",") if name.strip())


def _search(f: StationFilters) -> dict[str, object]:
    box = f.get("bbox")
    search: dict[str, object] = {
        "filter[latitude.gte]": box.south if box else None,
        "filter[latitude.lte]": box.north if box else None,
        "filter[longitude.gte]": box.west if box else None,
        "filter[longitude.lte]": box.east if box else None,
        "filter[latitude]": f.get("latitude"),
        "filter[longitude]": f.get("longitude"),
        "filter[radius]": f.get("radius_m"),
        "filter[id]": csv(f.get("ids")),
        "filter[operator.id]": csv(f.get("operator_ids")),
        "filter[evse_operator]": csv(f.get("evse_operators")),
    }
    export = f.get("export")
    if export is None and all(v is None for v in search.values()):
        export = True  # no search given: list everything
    return search | {"export": export or None}


def _with_operator(flat: Json, doc: Json) -> Json:
    return flat | {"operator": included(doc, "company").get(flat.get("operator_id") or "")}


def stations_page(number: int, f: StationFilters) -> Call[Page[Station]]:
    size = f.get("page_size", DEFAULT_STATION_PAGE_SIZE)
    narrow = {
        "filter[charge_points.plug.in]": csv(f.get("plugs")),
        "filter[charge_points.power.gte]": f.get("power_gte_kw"),
        "filter[charge_points.power.lte]": f.get("power_lte_kw"),
        "filter[country]": csv(f.get("countries")),
        "filter[updated_since]": _time(f.get("updated_since")),
    }
    query = params(_search(f) | narrow | _paging(number, size))
    reader = _page_reader(Station, number, size, _with_operator)
    return Call("GET", "/v1/charging_stations", reader, query)


def station(station_id: str) -> Call[Station]:
    def parse(reply: Reply) -> Station:
        doc = decode(reply)
        return Station.model_validate(_with_operator(resources(doc)[0], doc))

    return Call("GET", f"/v1/charging_stations/{quote(station_id, safe='')}", parse)


def removed_stations_page(
    since: datetime | None, size: int, after: str | None
) -> Call[CursorPage[RemovedStation]]:
    def parse(reply: Reply) -> CursorPage[RemovedStation]:
        doc = decode(reply)
        items = [RemovedStation.model_validate(r) for r in resources(doc)]
        return CursorPage(items, next_after(doc))

    query = {"filter[updated_since]": _time(since), "page[size]": size, "page[after]": after}
    return Call("GET", "/v1/removed_charging_stations", parse, params(query))


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def companies_page(
    number: int,
    size: int,
    *,
    ids: str | Iterable[str] | None,
    is_cpo: bool | None,
    is_emp: bool | None,
    q: str | None,
) -> Call[Page[Company]]:
    query = {"filter[id]": csv(ids), "filter[is_cpo]": is_cpo, "filter[is_emp]": is_emp, "q": q}
    return Call(
        "GET", "/v1/companies", _page_reader(Company, number, size),
        params(query | _paging(number, size)),
    )  # fmt: skip


def _list_reader(model: type[M]) -> Callable[[Reply], list[M]]:
    return lambda reply: [model.model_validate(r) for r in resources(decode(reply))]


def tariffs(
    ids: str | Iterable[str] | None,
    provider_customer_only: bool | None,
    direct_payment: bool | None,
) -> Call[list[Tariff]]:
    query = {
        "filter[id]": csv(ids),
        "filter[provider_customer_only]": provider_customer_only,
        "filter[direct_payment]": direct_payment,
    }
    return Call("GET", "/v1/tariffs", _list_reader(Tariff), params(query))


def usage(from_date: date | None, to_date: date | None) -> Call[Usage]:
    def parse(reply: Reply) -> Usage:
        doc = decode(reply)
        return Usage.model_validate({**doc["meta"], "periods": resources(doc)})

    query = {"filter[from]": from_date, "filter[to]": to_date}
    return Call("GET", "/v1/usage", parse, params(query))


def api_keys() -> Call[list[ApiKey]]:
    return Call("GET", "/v1/api_keys", _list_reader(ApiKey))


def create_api_key(
    name: str,
    groups: Iterable[str],
    sandbox: bool,
    rate_limit_per_min: int | None,
    quota_per_month: int | None,
) -> Call[CreatedApiKey]:
    def parse(reply: Reply) -> CreatedApiKey:
        doc = decode(reply)
        key = ApiKey.model_validate(resources(doc)[0])
        return CreatedApiKey(api_key=key, secret=str(doc["meta"]["key"]))

    attributes = {
        "name": name, "groups": list(groups), "sandbox": sandbox,
        "rate_limit_per_min": rate_limit_per_min, "quota_per_month": quota_per_month,
    }  # fmt: skip
    body = {"data": {"type": "api_key", "attributes": attributes}}
    return Call("POST", "/v1/api_keys", parse, body=body)


def revoke_api_key(name: str) -> Call[ApiKey]:
    parse = _list_reader(ApiKey)
    return Call("DELETE", f"/v1/api_keys/{quote(name, safe='')}", lambda r: parse(r)[0])


def health() -> Call[dict[str, str]]:
    return Call("GET", "/healthz", lambda reply: {k: str(v) for k, v in decode(reply).items()})


def _request_id(reply: Reply) -> str | None:
    return reply.headers.get("x-request-id")
