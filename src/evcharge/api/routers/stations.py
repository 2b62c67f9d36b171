"""GET /v1/charging_stations and /v1/charging_stations/{id} (reference §1.6, §1.7), and the
stations that left the lists, GET /v1/removed_charging_stations."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request

from evcharge.api import jsonapi
from evcharge.api.deps import CatalogueDep, SessionDep, metered, require
from evcharge.api.responses import JsonResponse
from evcharge.api.schemas.common import error_responses
from evcharge.api.views.network import (
    company_resource,
    removed_station_resource,
    station_resource,
)
from evcharge.core.auth import Group
from evcharge.core.errors import InvalidInput
from evcharge.core.plugs import Plug
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.catalogue.paging import PageRequest
from evcharge.services.catalogue.station_removals import list_removed
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


REMOVED_PATH = "/v1/removed_charging_stations"
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


def _next_url(request: Request, after: str | None) -> str | None:
    """The same query from after this page's last key (`page[after]`): keyset paging, as fast
    at page 500 as at page 1. None on the last page."""
    if after is None:
        return None
    params = {k: v for k, v in request.query_params.items() if k != "page[number]"}
    return f"{request.url.path}?{urlencode({**params, 'page[after]': after})}"


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
        links = {"next": _next_url(request, found.next_after)}
        since = request.query_params.get("filter[updated_since]")
        if since is not None:  # what a sync from that time must drop: the other half of it
            query = urlencode({"filter[updated_since]": since})
            links["removed"] = f"{REMOVED_PATH}?{query}"
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


@router.get(
    REMOVED_PATH,
    dependencies=[Depends(metered("removed_charging_stations"))],
    summary="Stations that left the lists: merged into another station, or removed "
    "(incremental sync; paged by `page[after]`, see `links.next`)",
    description="Each station that no search lists any more and was written at or after "
    "`filter[updated_since]` (every one when it is not given), oldest first: its id, "
    "`reason` (`merged`: it now answers as the station in `relationships.merged_into`; "
    "`removed`: no longer operational) and `updated_at`. With the same time as an export's "
    "`filter[updated_since]`, it is what a synced copy must drop. A station listed again is "
    "in the export, not here. Needs the ReadStations group.",
    responses={200: {"content": {"application/json": {"example": {
        "data": [{"id": "OLD-STATION-ID", "type": "removed_charging_station",
                  "attributes": {"reason": "merged",
                                 "updated_at": "2026-11-30T12:00:00.123456+00:00"},
                  "relationships": {"merged_into": {
                      "data": {"id": "STATION-ID", "type": "charging_station"}}}}],
        "meta": {"more_available": False}, "links": {"next": None}}}}}},
)  # fmt: skip
def list_removed_stations(
    request: Request,
    session: SessionDep,
    _key: ReadStations,
    page: Page,
    updated_since: Annotated[datetime | None, _f("updated_since")] = None,
    after: Annotated[
        str | None,
        Query(alias="page[after]", max_length=80, description="the cursor in `links.next`"),
    ] = None,
) -> JsonResponse:
    found = list_removed(session, since=_aware(updated_since), after=after, page=page)
    data = [removed_station_resource(r) for r in found.removals]
    links = {"next": _next_url(request, found.next_after)}
    meta = {"more_available": found.more_available}
    return JsonResponse(jsonapi.document(data, meta=meta, links=links))
