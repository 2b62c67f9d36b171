"""Which stations of different sources are one: EVSE ids, else operator and distance (50 m), with
the canonical row chosen by source precedence, the same whatever order the rows come in."""

from __future__ import annotations

import itertools

import pytest

from evcharge.core.station_matching import (
    MATCH_DISTANCE_M,
    MatchStation,
    canonical_ids,
    components,
    link,
    links,
    match_operator_key,
)

# 0.0001 deg of latitude is 11.12 m (R * 1.7453293e-6 rad, R = 6,371,008.8 m).
LAT, LNG = 56.0, 3.0


def at(station_id: str, source: str, north_m: float, operator: str = "ionity") -> MatchStation:
    return MatchStation(station_id, source, LAT + north_m / 111_195.08, LNG, operator)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("IONITY GmbH", "ionity"),
        ("Tesla Germany GmbH", "tesla supercharger"),  # an alias: our company's key
        ("Tesla Supercharger", "tesla supercharger"),
        ("EnBW mobility+ AG und Co.KG", "enbw mobility+"),
        ("unknown operator", ""),  # registers.py's placeholder never matches
        ("(Unknown Operator)", ""),  # OCM operator 1
        ("(Business Owner at Location)", ""),  # OCM operator 45
        ("", ""),
    ],
)
def test_operator_keys(name: str, key: str) -> None:
    assert match_operator_key(name) == key


@pytest.mark.parametrize(
    ("a", "b", "evse", "expected"),
    [
        (at("a", "bnetza", 0), at("b", "ocm", 44.5), False, (False, 44.5)),  # 0.0004 deg
        (at("a", "bnetza", 0), at("b", "ocm", 49.9), False, (False, 49.9)),  # just within
        (at("a", "bnetza", 0), at("b", "ocm", 50.1), False, None),  # beyond it
        (at("a", "bnetza", 0), at("b", "ocm", 10, "fastned"), False, None),  # other operator
        (at("a", "bnetza", 0, ""), at("b", "ocm", 0, ""), False, None),  # unknown operators
        (at("a", "bnetza", 0), at("b", "bnetza", 0), False, None),  # one source: never
        (at("a", "bnetza", 0), at("b", "ocpi", 2000, "fastned"), True, (True, 2000.0)),
        (at("a", "ocpi", 0), at("b", "ocpi", 0), True, None),  # one source, even by EVSE id
    ],
)
def test_links(
    a: MatchStation, b: MatchStation, evse: bool, expected: tuple[bool, float] | None
) -> None:
    made = link(a, b, evse=evse)
    if expected is None:
        assert made is None
    else:
        assert made is not None
        assert (made.by_evse, made.distance_m) == (expected[0], pytest.approx(expected[1], 0.01))


def group(stations: list[MatchStation], evse: set[tuple[str, str]] | None = None) -> dict:
    by_id = {s.id: s for s in stations}
    near = list(itertools.combinations(sorted(by_id), 2))  # every pair, as a box would give
    linked = links(by_id, near, evse or set())
    result: dict[str, str | None] = {}
    for part in components(by_id, linked):
        result.update(canonical_ids([by_id[i] for i in part], linked))
    return result


def test_the_register_is_canonical_over_ocm_and_curated() -> None:
    found = group([at("o", "ocm", 0), at("c", "curated", 20), at("r", "bnetza", 10)])
    assert found == {"r": None, "o": "r", "c": "r"}


def test_one_row_per_source_in_a_group_the_nearest_first() -> None:
    # Two OCM POIs near one register station: the nearer joins it, the other stays apart.
    found = group([at("r", "uk-ncr", 0), at("far", "ocm", 40), at("near", "ocm", 5)])
    assert found == {"r": None, "near": "r", "far": None}


def test_an_evse_match_wins_over_a_nearer_place_match() -> None:
    # Register rows r1 (30 m) and r2 (1 km, but sharing an EVSE id) for one OCPI location.
    stations = [at("l", "ocpi", 0), at("r1", "irve", 30), at("r2", "irve", 1000, "other")]
    assert group(stations, {("l", "r2")}) == {"l": None, "r2": "l", "r1": None}


def test_two_operators_at_one_spot_stay_two_stations() -> None:
    found = group([at("a", "bnetza", 0, "ionity"), at("b", "ocm", 0, "tesla supercharger")])
    assert found == {"a": None, "b": None}


def test_the_grouping_does_not_depend_on_the_order_of_the_rows() -> None:
    stations = [
        at("r", "bnetza", 0),
        at("o1", "ocm", 30),
        at("c", "curated", 45),
        at("o2", "ocm", 60),  # 30 m from o1, 15 m from c: linked to c only among others
        at("x", "afdc", 400),
    ]
    first = group(stations)
    for order in itertools.permutations(stations):
        assert group(list(order)) == first
    assert first == {"r": None, "o1": "r", "c": "r", "o2": None, "x": None}


def test_the_threshold_is_fifty_metres() -> None:
    assert MATCH_DISTANCE_M == 50.0
