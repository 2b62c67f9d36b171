"""JSON:API documents: resources, relationships, included, meta, pagination (jsonapi.org 1.1).

Routers build plain dicts through these helpers and render them with JsonResponse; the
Pydantic models in api/schemas only document the same shapes for OpenAPI.
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request

from evcharge.core.errors import InvalidInput
from evcharge.services.catalogue.paging import PageRequest

Json = dict[str, Any]


def identifier(type_: str, id_: str) -> Json:
    return {"id": id_, "type": type_}


def to_one(type_: str, id_: str | None) -> Json:
    return {"data": identifier(type_, id_) if id_ is not None else None}


def to_many(type_: str, ids: Iterable[str]) -> Json:
    return {"data": [identifier(type_, i) for i in ids]}


def resource(
    type_: str,
    id_: str,
    attributes: Mapping[str, Any],
    relationships: Mapping[str, Json] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> Json:
    doc: Json = {"id": id_, "type": type_, "attributes": dict(attributes)}
    if relationships:
        doc["relationships"] = dict(relationships)
    if meta:
        doc["meta"] = dict(meta)
    return doc


def document(
    data: Json | Sequence[Json] | None,
    *,
    included: Sequence[Json] | None = None,
    meta: Mapping[str, Any] | None = None,
    links: Mapping[str, str | None] | None = None,
) -> Json:
    doc: Json = {"data": data if not isinstance(data, Sequence) else list(data)}
    if included is not None:
        doc["included"] = list(included)
    if meta is not None:
        doc["meta"] = dict(meta)
    if links is not None:
        doc["links"] = dict(links)
    return doc


def unique_by_id(resources: Iterable[Json]) -> list[Json]:
    seen: dict[tuple[str, str], Json] = {}
    for r in resources:
        seen.setdefault((r["type"], r["id"]), r)
    return list(seen.values())


def csv_filter(value: str | None, *, parameter: str, limit: int = 1000) -> list[str] | None:
    """`filter[x]=a,b` as a list; None when the filter is absent. At most `limit` values, so
    one query never binds more parameters than a database takes (PostgreSQL: 65,535)."""
    if value is None:
        return None
    items = [part.strip() for part in value.split(",") if part.strip()]
    if not items:
        raise InvalidInput(f"{parameter} must list at least one value", parameter=parameter)
    if len(items) > limit:
        raise InvalidInput(f"{parameter} takes at most {limit} values", parameter=parameter)
    return items


def page_params(max_size: int, default_size: int) -> Any:
    """A dependency reading `page[size]` (1..max_size) and `page[number]` (from 1)."""

    # async: FastAPI runs a sync dependency in the thread pool, a hop this does not need.
    async def dependency(
        size: Annotated[
            int | None,
            Query(alias="page[size]", description=f"results per page, at most {max_size}"),
        ] = None,
        number: Annotated[
            int | None, Query(alias="page[number]", description="page number, from 1")
        ] = None,
    ) -> PageRequest:
        size = default_size if size is None else size
        number = 1 if number is None else number
        if not 1 <= size <= max_size:
            raise InvalidInput(f"page[size] must be 1 to {max_size}", parameter="page[size]")
        if not 1 <= number <= 1_000_000:
            raise InvalidInput("page[number] must be 1 or more", parameter="page[number]")
        return PageRequest(number=number, size=size)

    return dependency


def page_links(request: Request, page: PageRequest, total: int) -> dict[str, str | None]:
    """self/first/prev/next/last links that keep every other query parameter."""
    last = max(1, -(-total // page.size))

    def url(number: int) -> str:
        params = dict(request.query_params)
        params["page[number]"] = str(number)
        params["page[size]"] = str(page.size)
        return f"{request.url.path}?{urlencode(params)}"

    return {
        "self": url(page.number),
        "first": url(1),
        "prev": url(page.number - 1) if page.number > 1 else None,
        "next": url(page.number + 1) if page.number < last else None,
        "last": url(last),
    }
