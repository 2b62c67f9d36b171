"""Search inputs: the station filters of `stations()`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, NamedTuple, TypedDict


class BoundingBox(NamedTuple):
    """A latitude/longitude box: south <= latitude <= north, west <= longitude <= east."""

    south: float
    west: float
    north: float
    east: float


class StationFilters(TypedDict, total=False):
    """Filters of `stations()`. Give at most one search: `bbox`; `latitude` + `longitude` +
    `radius_m`; `ids`; `operator_ids`; `evse_operators` (eMI3 ids such as "DE*ION"); or
    `export`. With none of them the whole network is listed (export). The rest narrow it down.
    A list filter takes one value or several. `updated_since` (a time without a zone is UTC)
    keeps the stations written since: with `removed_stations()` from the same time, an
    incremental sync."""

    bbox: BoundingBox
    latitude: float
    longitude: float
    radius_m: float
    ids: str | Iterable[str]
    operator_ids: str | Iterable[str]
    evse_operators: str | Iterable[str]
    export: bool
    plugs: str | Iterable[str]
    power_gte_kw: float
    power_lte_kw: float
    countries: str | Iterable[str]
    updated_since: datetime
    page_size: int


def only_known(given: Mapping[str, object], options: Any, call: str) -> None:
    """Raise TypeError for a keyword that `options` (a TypedDict) does not define, as Python
    does for a plain function: `**options` would otherwise drop a misspelt filter silently."""
    allowed = options.__required_keys__ | options.__optional_keys__
    for name in given:
        if name not in allowed:
            raise TypeError(f"{call}() got an unexpected keyword argument {name!r}")
