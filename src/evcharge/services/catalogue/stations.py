"""Station search (GET /v1/charging_stations) and lookup."""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.geo import bounding_box, haversine_m
from evcharge.core.network import Company, Station
from evcharge.core.plugs import Plug
from evcharge.db.repositories.stations import StationQuery, StationRepository
from evcharge.services.catalogue import Catalogue
from evcharge.services.catalogue.paging import PageRequest

MAX_IDS = 50


@dataclass(frozen=True, slots=True)
class StationSearch:
    """Exactly one of box, circle, ids, operator_ids, evse_operators, text or export; then
    filters."""

    box: tuple[float, float, float, float] | None = None  # lat_min, lat_max, lng_min, lng_max
    circle: tuple[float, float, float] | None = None  # lat, lng, radius_m
    ids: list[str] | None = None
    operator_ids: list[str] | None = None
    evse_operators: list[str] | None = None
    text: str | None = None  # in the name or address, as a person types it
    export: bool = False
    plugs: list[Plug] | None = None
    power_gte_kw: float | None = None
    power_lte_kw: float | None = None
    countries: list[str] | None = None


def _check(search: StationSearch) -> None:
    kinds = [
        search.box is not None,
        search.circle is not None,
        search.ids is not None,
        search.operator_ids is not None,
        search.evse_operators is not None,
        search.text is not None,
        search.export,
    ]
    if sum(kinds) != 1:
        raise InvalidInput(
            "use exactly one search: bounding box, radius, filter[id], filter[operator.id], "
            "filter[evse_operator], q or export=true",
            parameter="filter",
        )
    if search.ids is not None and len(search.ids) > MAX_IDS:
        raise InvalidInput(f"filter[id] takes at most {MAX_IDS} ids", parameter="filter[id]")
    if search.box is not None and (search.box[0] > search.box[1] or search.box[2] > search.box[3]):
        raise InvalidInput("bounding box: each .gte must not exceed its .lte", parameter="filter")


def _sql_query(search: StationSearch) -> StationQuery:
    box = search.box
    if search.circle is not None:
        box = bounding_box(*search.circle)
    query = StationQuery(
        ids=search.ids,
        operator_ids=search.operator_ids,
        countries=search.countries,
        power_gte_kw=search.power_gte_kw,
        text=search.text,
    )
    if box is not None:
        query = replace(query, lat_min=box[0], lat_max=box[1], lng_min=box[2], lng_max=box[3])
    return query


def _keeps(station: Station, search: StationSearch, operators: dict[str, Company]) -> bool:
    if search.circle is not None:
        lat, lng, radius = search.circle
        if haversine_m(lat, lng, station.latitude, station.longitude) > radius:
            return False
    if search.evse_operators is not None:
        operator = operators.get(station.operator_id)
        if operator is None or not set(operator.evse_operator_ids) & set(search.evse_operators):
            return False
    points = [
        cp
        for cp in station.charge_points
        if (search.plugs is None or cp.plug in search.plugs)
        and (search.power_gte_kw is None or cp.power_kw >= search.power_gte_kw)
        and (search.power_lte_kw is None or cp.power_kw <= search.power_lte_kw)
    ]
    return bool(points)


def search_stations(
    session: Session, catalogue: Catalogue, search: StationSearch, page: PageRequest
) -> tuple[list[Station], bool, list[Company]]:
    """One page of stations, whether more are available, and their operators."""
    _check(search)
    operators = catalogue.companies(session)
    candidates = StationRepository(session).search(_sql_query(search), offset=0, limit=10**9)
    found = [s for s in candidates if _keeps(s, search, operators)]
    chunk = found[page.offset : page.offset + page.size]
    used = {s.operator_id for s in chunk}
    return chunk, len(found) > page.offset + page.size, [operators[i] for i in sorted(used)]


def get_station(
    session: Session, catalogue: Catalogue, id_or_evse: str
) -> tuple[Station, Company | None]:
    station = StationRepository(session).get(id_or_evse)
    if station is None:
        raise NotFound(f"charging station {id_or_evse}")
    return station, catalogue.companies(session).get(station.operator_id)
