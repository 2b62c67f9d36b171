"""Every source's spelling of a brand becomes the catalogue's one spelling, and its one id."""

from __future__ import annotations

import pytest

from evcharge.core.brands import alias_key, canonical_brand, canonical_brand_name, is_alias
from evcharge.core.ids import brand_id


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("Skoda", "Škoda"),
        ("ŠKODA", "Škoda"),
        ("Škoda", "Škoda"),
        ("Citroen", "Citroën"),
        ("Mercedes Benz", "Mercedes-Benz"),
        ("mercedes-benz", "Mercedes-Benz"),
        ("MG Motor", "MG"),
        ("MG Motors", "MG"),
        ("DS Automobiles", "DS"),
        ("  Hyundai ", "Hyundai"),  # no alias: its own name, trimmed
        ("Lucid Motors", "Lucid Motors"),  # a suffix alone makes no alias
    ],
)
def test_each_spelling_has_one_canonical_name(spelling: str, canonical: str) -> None:
    assert canonical_brand_name(spelling) == canonical


def test_the_alias_key_drops_accents_case_punctuation_and_company_suffixes() -> None:
    assert alias_key("Citroën Automobiles") == "citroen"
    assert alias_key("Mercedes-Benz") == "mercedes benz"


def test_every_spelling_gets_the_canonical_brands_id() -> None:
    assert canonical_brand("Skoda") == canonical_brand("Škoda")
    assert canonical_brand("MG Motor").id == brand_id("MG")


def test_an_alias_is_a_name_that_is_not_its_own_canonical_spelling() -> None:
    assert is_alias("Skoda")
    assert is_alias("MG Motor")
    assert not is_alias("Škoda")
    assert not is_alias("Hyundai")
