"""Station search (GET /v1/charging_stations) and lookup.

Every filter, sort and page runs in SQL on an index (db/repositories/stations.py); a page reads
at most `size + 1` rows, so the answer costs the same at 160 stations as at a million.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import cast

from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput, NotFound
from evcharge.core.network import Company, Station
from evcharge.core.plugs import Plug
from evcharge.db.models import StationRow
from evcharge.db.repositories.network_mapping import to_station
from evcharge.db.repositories.station_merge import StationMergeRepository
from evcharge.db.repositories.stations import StationListing as StationListing  # for the views
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
    updated_since: datetime | None = None  # aware; stations updated at or after it
    # Invented sample stations: True only them, False none, None: none in an export (real data
    # for syncing), kept in other searches (the page's demonstration network).
    samples: bool | None = None
    after: str | None = None  # export's cursor: the stations after this id


Merged = dict[str, list[tuple[str, str]]]  # canonical id -> (id, source) of rows merged into it


@dataclass(frozen=True, slots=True)
class StationPage:
    """A page as its rows hold it (the API renders these), with the rows of other sources
    merged into each; `stations` gives the same as core stations."""

    listed: list[StationListing]
    distances_m: list[float] | None  # a radius search's, nearest first
    more_available: bool
    operators: list[Company]  # of these stations, by id
    merged: Merged

    @property
    def stations(self) -> list[Station]:
        return [_station(s, self.merged) for s in self.listed]

    @property
    def next_after(self) -> str | None:
        """The cursor of the next page (its `page[after]`), while more are available."""
        return self.listed[-1].id if self.more_available and self.listed else None


@dataclass(frozen=True, slots=True)
class FoundStation:
    """One station as a search lists it, the rows merged into it, and its operator."""

    listed: StationListing
    merged: list[tuple[str, str]]
    operator: Company | None


def _check(search: StationSearch, page: PageRequest) -> None:
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
    if search.after is not None and not search.export:
        raise InvalidInput("page[after] pages an export=true", parameter="page[after]")
    if search.after is not None and page.number != 1:
        raise InvalidInput("use page[after] or page[number], not both", parameter="page[after]")


def _sql_query(search: StationSearch, operator_ids: list[str] | None) -> StationQuery:
    box = search.box or (None, None, None, None)
    return StationQuery(
        lat_min=box[0],
        lat_max=box[1],
        lng_min=box[2],
        lng_max=box[3],
        circle=search.circle,
        ids=search.ids,
        operator_ids=operator_ids,
        countries=search.countries,
        plugs=[p.value for p in search.plugs] if search.plugs is not None else None,
        power_gte_kw=search.power_gte_kw,
        power_lte_kw=search.power_lte_kw,
        text=search.text,
        updated_since=search.updated_since,
        is_sample=False if search.samples is None and search.export else search.samples,
        after_id=search.after,
    )


def _operator_ids(search: StationSearch, operators: dict[str, Company]) -> list[str] | None:
    """filter[operator.id], or the operators that filter[evse_operator] names (eMI3 ids)."""
    if search.evse_operators is None:
        return search.operator_ids
    wanted = set(search.evse_operators)
    return sorted(c.id for c in operators.values() if wanted & set(c.evse_operator_ids))


def search_stations(
    session: Session, catalogue: Catalogue, search: StationSearch, page: PageRequest
) -> StationPage:
    """One page of stations, whether more are available, and their operators."""
    _check(search, page)
    operators = catalogue.companies(session)
    operator_ids = _operator_ids(search, operators)
    if operator_ids == []:  # an EVSE operator no company has
        return StationPage([], None, False, [], {})
    query = _sql_query(search, operator_ids)
    found = StationRepository(session).find(query, offset=page.offset, limit=page.size + 1)
    chunk = found[: page.size]
    used = sorted({s.operator_id for s in chunk} & operators.keys())
    distances = [s.distance_m for s in chunk] if search.circle is not None else None
    # One query a page for the rows of other sources merged into these stations.
    merged = StationMergeRepository(session).merged_into([s.id for s in chunk]) if chunk else {}
    more = len(found) > page.size
    return StationPage(chunk, distances, more, [operators[i] for i in used], merged)


def look_up_station(session: Session, catalogue: Catalogue, id_or_evse: str) -> FoundStation:
    """The station `id_or_evse` names (an id, else an EVSE id); for a row merged into another
    station from another source, that canonical station."""
    listed = StationRepository(session).listing(id_or_evse)
    if listed is None:
        raise NotFound(f"charging station {id_or_evse}")
    merged = StationMergeRepository(session).merged_into([listed.id]).get(listed.id, [])
    return FoundStation(listed, merged, catalogue.companies(session).get(listed.operator_id))


def get_station(
    session: Session, catalogue: Catalogue, id_or_evse: str
) -> tuple[Station, Company | None]:
    """look_up_station's station as a core Station, and its operator."""
    found = look_up_station(session, catalogue, id_or_evse)
    return _station(found.listed, {found.listed.id: found.merged}), found.operator


def _station(listed: StationListing, merged: Merged) -> Station:
    station = to_station(cast(StationRow, listed))
    rows = merged.get(listed.id)
    return replace(station, merged=tuple(rows)) if rows else station
