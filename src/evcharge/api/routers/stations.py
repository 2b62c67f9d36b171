"""GET /v1/charging_stations and /v1/charging_stations/{id} (reference §1.6, §1.7)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request

from evcharge.api import jsonapi
from evcharge.api.deps import CatalogueDep, SessionDep, metered, require
from evcharge.api.responses import JsonResponse
from evcharge.api.schemas.common import error_responses
from evcharge.api.views.network import company_resource, station_resource
from evcharge.core.auth import Group
from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import Plug
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.catalogue.paging import PageRequest
from evcharge.services.catalogue.stations import (
    StationPage,
    StationSearch,
    look_up_station,
    search_stations,
)

router = APIRouter(tags=["stations"], responses=error_responses(400, 403, 404, 500))
ReadStations = Annotated[StoredKey, Depends(require(Group.READ_STATIONS))]
Page = Annotated[PageRequest, Depends(jsonapi.page_params(max_size=1000, default_size=400))]


def _f(name: str, ge: float | None = None, le: float | None = None) -> object:
    return Query(alias=f"filter[{name}]", ge=ge, le=le)


_LAT = (-90.0, 90.0)
_LNG = (-180.0, 180.0)


# async: FastAPI runs a sync dependency in the thread pool, a hop this does not need.
async def search_params(
    lat_gte: Annotated[float | None, _f("latitude.gte", *_LAT)] = None,
    lat_lte: Annotated[float | None, _f("latitude.lte", *_LAT)] = None,
    lng_gte: Annotated[float | None, _f("longitude.gte", *_LNG)] = None,
    lng_lte: Annotated[float | None, _f("longitude.lte", *_LNG)] = None,
    lat: Annotated[float | None, _f("latitude", *_LAT)] = None,
    lng: Annotated[float | None, _f("longitude", *_LNG)] = None,
    # Metres; 1 m to 500 km (a country-wide circle is an export, not a search).
    radius: Annotated[float | None, _f("radius", ge=1.0, le=500_000.0)] = None,
    ids: Annotated[str | None, _f("id")] = None,
    operators: Annotated[str | None, _f("operator.id")] = None,
    evse_operators: Annotated[str | None, _f("evse_operator")] = None,
    plugs: Annotated[str | None, _f("charge_points.plug.in")] = None,
    power_gte: Annotated[float | None, _f("charge_points.power.gte", ge=0.0, le=1000.0)] = None,
    power_lte: Annotated[float | None, _f("charge_points.power.lte", ge=0.0, le=1000.0)] = None,
    countries: Annotated[str | None, _f("country")] = None,
    q: Annotated[
        str | None, Query(min_length=2, max_length=100, description="in the name or address")
    ] = None,
    updated_since: Annotated[
        datetime | None,
        _f("updated_since"),  # ISO 8601; without a zone it is UTC
    ] = None,
    export: bool = False,
    samples: Annotated[
        bool | None,
        Query(
            alias="filter[is_sample]",
            description="true: only invented sample stations; false: none. Unset: an export "
            "leaves them out, every other search keeps them",
        ),
    ] = None,
    after: Annotated[
        str | None,
        Query(alias="page[after]", max_length=36, description="export: the stations after this id"),
    ] = None,
) -> StationSearch:
    box = (lat_gte, lat_lte, lng_gte, lng_lte)
    circle = (lat, lng, radius)
    if any(v is not None for v in box) and None in box:
        raise InvalidInput("a bounding box needs all four latitude/longitude .gte/.lte filters")
    if any(v is not None for v in circle) and None in circle:
        raise InvalidInput("a radius search needs filter[latitude], [longitude] and [radius]")
    text = q.strip() if q is not None else None
    if text is not None and len(text) < 2:
        raise InvalidInput("q needs at least 2 letters or digits", parameter="q")
    plug_names = jsonapi.csv_filter(plugs, parameter="filter[charge_points.plug.in]")
    try:
        plug_list = [Plug(p) for p in plug_names] if plug_names else None
    except ValueError as exc:
        raise InvalidInput(str(exc), parameter="filter[charge_points.plug.in]") from None
    return StationSearch(
        box=box if None not in box else None,  # type: ignore[arg-type]
        circle=circle if None not in circle else None,  # type: ignore[arg-type]
        ids=jsonapi.csv_filter(ids, parameter="filter[id]"),
        operator_ids=jsonapi.csv_filter(operators, parameter="filter[operator.id]"),
        evse_operators=jsonapi.csv_filter(evse_operators, parameter="filter[evse_operator]"),
        text=text,
        export=export,
        plugs=plug_list,
        power_gte_kw=power_gte,
        power_lte_kw=power_lte,
        countries=jsonapi.csv_filter(countries, parameter="filter[country]"),
        updated_since=_aware(updated_since),
        samples=samples,
        after=after,
    )


def _aware(moment: datetime | None) -> datetime | None:
    """`filter[updated_since]` in UTC (a time without a zone is UTC already)."""
    if moment is None:
        return None
    try:
        return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    except OverflowError:  # 0001-01-01T00:00+14:00 is before the first representable UTC time
        raise InvalidInput(
            "filter[updated_since] is out of range", parameter="filter[updated_since]"
        ) from None


def _render(found: StationPage, request: Request) -> jsonapi.Json:
    by_id = {c.id: c for c in found.operators}
    distances: list[float | None] = (
        [*found.distances_m] if found.distances_m else [None] * len(found.listed)
    )
    merged = found.merged
    data = [
        station_resource(s, by_id.get(s.operator_id), merged.get(s.id, ()), distance_m)
        for s, distance_m in zip(found.listed, distances, strict=True)
    ]
    links = None
    if request.query_params.get("export") is not None:
        # Keyset paging: the next page starts after this one's last id, as fast at page 500.
        params = {k: v for k, v in request.query_params.items() if k != "page[number]"}
        after = found.next_after
        next_url = f"{request.url.path}?{urlencode({**params, 'page[after]': after})}"
        links = {"next": next_url if after is not None else None}
    included = [company_resource(c) for c in found.operators]
    meta = {"more_available": found.more_available}
    return jsonapi.document(data, included=included, meta=meta, links=links)


@router.get(
    "/v1/charging_stations",
    dependencies=[Depends(metered("charging_stations"))],
    summary="Search stations by bounding box, radius (nearest first, with `distance` in metres), "
    "ids, operator, EVSE operator, text or export (paged by `page[after]`, see `links.next`)",
    description="Exactly one way to search: a bounding box (all four `filter[latitude|longitude"
    ".gte|.lte]`, degrees), a circle (`filter[latitude]`, `filter[longitude]` and "
    "`filter[radius]` in metres, up to 500 km; nearest first, each with `distance` in metres), "
    "`filter[id]`, `filter[operator.id]`, `filter[evse_operator]`, text in the name or address "
    "(`q`), or `export=true` for every station. Narrow it by plug, power (kW), country or "
    "`filter[updated_since]`. Each station lists its charge points (plug, kW, count, EVSE ids) "
    "and its operator is in `included`. Needs the ReadStations group.",
    responses={200: {"content": {"application/json": {"example": {
        "data": [{"id": "STATION-ID", "type": "charging_station", "attributes": {
            "name": "IONITY Holzkirchen", "latitude": 47.88, "longitude": 11.68, "country": "DE",
            "charge_points": [{"plug": "ccs", "power": 350.0, "energy_type": "dc", "count": 6,
                               "available_count": None, "evse_ids": []}]},
            "relationships": {"operator": {"data": {"id": "CPO-ID", "type": "company"}}}}],
        "included": [{"id": "CPO-ID", "type": "company", "attributes": {"name": "IONITY"}}],
        "meta": {"more_available": False},
        "links": {"next": "/v1/charging_stations?export=true&page[after]=STATION-ID"}}}}}},
)  # fmt: skip
def list_stations(
    request: Request,
    session: SessionDep,
    catalogue: CatalogueDep,
    _key: ReadStations,
    page: Page,
    search: Annotated[StationSearch, Depends(search_params)],
) -> JsonResponse:
    found = search_stations(session, catalogue, search, page)
    return JsonResponse(_render(found, request))


@router.get(
    "/v1/charging_stations/{station_id}",
    dependencies=[Depends(metered("charging_station"))],
    summary="One station, by its id or one of its EVSE ids",
    description="The station with this id, or the one with this EVSE id (e.g. "
    "`DE*ION*E001001`): name, address, position, charge points (plug, kW, count, EVSE ids), "
    "facilities, and its operator in `included`. Needs the ReadStations group.",
    responses={200: {"content": {"application/json": {"example": {
        "data": {"id": "STATION-ID", "type": "charging_station", "attributes": {"name": "…"}},
        "included": [{"id": "CPO-ID", "type": "company", "attributes": {"name": "IONITY"}}]}}}}},
)  # fmt: skip
def show_station(
    session: SessionDep, catalogue: CatalogueDep, _key: ReadStations, station_id: str
) -> JsonResponse:
    found = look_up_station(session, catalogue, station_id)
    operator = found.operator
    included = [company_resource(operator)] if operator else []
    resource = station_resource(found.listed, operator, found.merged)
    return JsonResponse(jsonapi.document(resource, included=included))
