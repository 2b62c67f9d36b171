"""Flat resources and where the next page is (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from evcharge.client._jsonapi import csv, flatten, next_page, params


def test_flatten_merges_attributes_and_relationship_ids() -> None:
    resource = {
        "id": "s1",
        "type": "charging_station",
        "attributes": {"name": "A"},
        "relationships": {
            "operator": {"data": {"id": "c1", "type": "company"}},
            "supported_emps": {"data": [{"id": "e1", "type": "company"}]},
            "cpo": {"data": None},
        },
    }
    assert flatten(resource) == {
        "id": "s1",
        "type": "charging_station",
        "name": "A",
        "operator_id": "c1",
        "supported_emps_ids": ["e1"],
        "cpo_id": None,
    }


@pytest.mark.parametrize(
    ("doc", "number", "size", "expected"),
    [
        ({"data": [1], "links": {"next": "/v2/vehicles?page[number]=2"}}, 1, 1, 2),
        ({"data": [1], "links": {"next": None}}, 3, 1, None),
        ({"data": [1], "meta": {"more_available": True}}, 1, 1, 2),
        ({"data": [1], "meta": {"more_available": False}}, 1, 1, None),
        ({"data": [1, 2], "meta": {"overall_count": 5}}, 2, 2, 3),
        ({"data": [1], "meta": {"overall_count": 5}}, 3, 2, None),
        ({"data": [], "meta": {"more_available": True}}, 1, 1, None),  # never loop on nothing
        ({"data": [1]}, 1, 1, None),
    ],
)
def test_next_page(doc: dict[str, Any], number: int, size: int, expected: int | None) -> None:
    assert next_page(doc, number, size) == expected


def test_lists_and_params() -> None:
    assert csv("DE") == "DE"
    assert csv(["DE", "AT"]) == "DE,AT"
    assert csv(None) is None
    assert params({"a": None, "b": True, "c": 2.5}) == {"b": "true", "c": "2.5"}
