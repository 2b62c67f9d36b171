from __future__ import annotations

import pytest

from evcharge.core.auth import Group, format_key, hash_key, key_matches, lookup_id, parse_groups
from evcharge.core.errors import InvalidInput


def test_all_grants_every_group() -> None:
    assert parse_groups("all") == frozenset(Group)


def test_groups_parse_case_insensitively() -> None:
    assert parse_groups("readvehicles, ReadCosts") == {Group.READ_VEHICLES, Group.READ_COSTS}


@pytest.mark.parametrize("text", ["", " , ", "ReadVehicles,Nope"])
def test_bad_groups_are_refused(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_groups(text)


def test_a_new_key_matches_its_hash_and_carries_its_lookup() -> None:
    lookup = "0123abcd"
    plaintext = format_key(lookup, "s3cret-part")
    assert lookup_id(plaintext) == lookup
    assert key_matches(plaintext, hash_key(plaintext))
    assert not key_matches(plaintext + "x", hash_key(plaintext))


@pytest.mark.parametrize("text", ["", "abc", "evc_short_x", "xyz_12345678_secret"])
def test_malformed_keys_have_no_lookup(text: str) -> None:
    assert lookup_id(text) is None
