"""Which imported stations are one physical station, and which of their rows is shown.

Each source keeps its own row for a station (so a re-import of one source stays idempotent);
rows that are one station form a group, whose *canonical* row searches show, listing the
sources of all of them. Two rows of different sources match when:

1. **EVSE id**: one's source lists an EVSE id that the other holds. An EVSE id names one
   charge point, whatever the operator or the coordinates say.
2. **Operator and place**: else, their operators are one (the same `match_operator_key`, never
   an unknown operator) and they lie at most MATCH_DISTANCE_M apart.

Rows of one source never match each other (a source's own records are distinct stations by its
own account), and invented samples never match anything (the caller leaves them out).

MATCH_DISTANCE_M is 50 m, measured on the registers themselves: of the stations whose nearest
station of the same operator has the same address (one site, recorded as two devices), 97.8 %
lie within 50 m in BNetzA (2022-01-01), 95.6 % in the UK NCR (2017-11) and 93.1 % in AFDC NY+WA
(2025); between 50 and 100 m, same-operator neighbours at another address (another site)
outnumber those at the same address (BNetzA 395 to 82, NCR 47 to 31, AFDC 218 to 82).
comsysto/eCharm, which merges BNetzA, OCM and OSM for Germany, takes candidates within 100 m and
then weighs operator and address; we ask for an equal operator instead, and stay nearer.

Groups are built per connected component (rows linked by matches), taking links strongest
first (an EVSE match before a place match, then the nearest, ties by id): a link joins two
groups unless they would hold two rows of one source (two OCM POIs near one register station:
the nearer is the register's, the other stays a station of its own). A group's canonical row is
its row of highest precedence (SOURCE_PRECEDENCE, then source name, then id). The result
depends only on the component's rows and links, not on the order they were found in: re-running
it changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from evcharge.core.geo import haversine_m
from evcharge.core.operators import OPERATOR_ALIASES, operator_key

MATCH_DISTANCE_M = 50.0

# Lower first. Our own hand-written rows (the API's manual stations) first; then an operator's
# own OCPI data (EVSE-level, the freshest); then the national registers (official, exact
# coordinates); then our curated network (real stations, but hand-rounded coordinates); then
# Open Charge Map (crowd-sourced). Any other source comes last.
SOURCE_PRECEDENCE: tuple[str, ...] = (
    "manual",
    "ocpi",
    "bnetza",
    "irve",
    "afdc",
    "nobil",
    "uk-ncr",
    "curated",
    "ocm",
)
_RANK = {source: rank for rank, source in enumerate(SOURCE_PRECEDENCE)}

# Operator names that say nobody knows the operator: such rows never match by place.
_UNKNOWN_WORDS = ("unknown", "unbekannt", "inconnu", "business owner at location")


@dataclass(frozen=True, slots=True)
class MatchStation:
    """A station as matching sees it; `operator` is its match_operator_key."""

    id: str
    source: str
    latitude: float
    longitude: float
    operator: str


@dataclass(frozen=True, slots=True)
class Link:
    """Why two stations are one: an EVSE id, else the distance between them."""

    by_evse: bool
    distance_m: float

    @property
    def strength(self) -> tuple[int, float]:
        return (0 if self.by_evse else 1, self.distance_m)


def match_operator_key(name: str) -> str:
    """The operator as matching compares it: operator_key, with a register's alias resolved
    ("Tesla Germany GmbH" and "Tesla Supercharger" alike); "" when the operator is unknown."""
    key = operator_key(name)
    key = OPERATOR_ALIASES.get(key, key)
    if not key or any(word in key for word in _UNKNOWN_WORDS):
        return ""
    return key


def precedence(station: MatchStation) -> tuple[int, str, str]:
    return (_RANK.get(station.source, len(_RANK)), station.source, station.id)


def link(a: MatchStation, b: MatchStation, *, evse: bool = False) -> Link | None:
    """How `a` and `b` match (`evse`: one's source lists an EVSE id the other holds), or None."""
    if a.source == b.source or a.id == b.id:
        return None
    distance_m = haversine_m(a.latitude, a.longitude, b.latitude, b.longitude)
    if evse:
        return Link(True, distance_m)
    if a.operator and a.operator == b.operator and distance_m <= MATCH_DISTANCE_M:
        return Link(False, distance_m)
    return None


def links(
    stations: Mapping[str, MatchStation],
    near: Iterable[tuple[str, str]],
    evse_pairs: Collection[tuple[str, str]],
) -> dict[str, dict[str, Link]]:
    """Every match among `stations`, both ways: `near` are pairs of ids worth comparing (found
    by a spatial index), `evse_pairs` those that share an EVSE id."""
    found: dict[str, dict[str, Link]] = {}
    evse = {frozenset(p) for p in evse_pairs}
    for a_id, b_id in {*near, *evse_pairs}:
        a, b = stations.get(a_id), stations.get(b_id)
        if a is None or b is None:
            continue
        made = link(a, b, evse=frozenset((a_id, b_id)) in evse)
        if made is not None:
            found.setdefault(a_id, {})[b_id] = made
            found.setdefault(b_id, {})[a_id] = made
    return found


def components(ids: Iterable[str], linked: Mapping[str, Mapping[str, Link]]) -> list[list[str]]:
    """The ids in groups of rows connected by links, each sorted, in order of their first id."""
    seen: set[str] = set()
    out: list[list[str]] = []
    for start in sorted(ids):
        if start in seen:
            continue
        seen.add(start)
        todo, part = [start], []
        while todo:
            current = todo.pop()
            part.append(current)
            for other in linked.get(current, {}):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        out.append(sorted(part))
    return out


def canonical_ids(
    stations: Sequence[MatchStation], linked: Mapping[str, Mapping[str, Link]]
) -> dict[str, str | None]:
    """Station id -> the canonical id of its group, or None for a canonical row (also a row
    that matched nothing). `stations` is a closed set: every station linked to one of them is
    among them.

    Links are taken strongest first (EVSE before place, then nearest, then by ids); each joins
    two groups unless they hold rows of one source between them. A group's canonical row is
    its row of highest precedence."""
    by_id = {s.id: s for s in stations}
    parent = {i: i for i in by_id}
    sources = {i: {s.source} for i, s in by_id.items()}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges = sorted(
        {
            (made.strength, min(a, b), max(a, b))
            for a in by_id
            for b, made in linked.get(a, {}).items()
            if b in by_id
        }
    )
    for _strength, a, b in edges:
        ra, rb = root(a), root(b)
        if ra == rb or sources[ra] & sources[rb]:
            continue
        parent[rb] = ra
        sources[ra] |= sources.pop(rb)
    members: dict[str, list[MatchStation]] = {}
    for i, station in by_id.items():
        members.setdefault(root(i), []).append(station)
    result: dict[str, str | None] = {}
    for group in members.values():
        canonical = min(group, key=precedence).id
        result.update((s.id, None if s.id == canonical else canonical) for s in group)
    return result
