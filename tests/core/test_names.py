"""Names as compared: folding (accents and case) and the words a name is compared by."""

from __future__ import annotations

import pytest

from evcharge.core.brands import alias_key
from evcharge.core.names import folded, words


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Škoda", "skoda"), ("Tölz", "tolz"), ("CITROËN", "citroen"), ("Straße", "strasse")],
)
def test_folded_drops_accents_and_case(name: str, expected: str) -> None:
    assert folded(name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mégane E-Tech", ["megane", "e", "tech"]),
        ("  ID.3 Pro S ", ["id", "3", "pro", "s"]),
        ("Mercedes-Benz EQA 250+", ["mercedes", "benz", "eqa", "250"]),
        ("MG4", ["mg4"]),  # letters and digits stay together: only other characters split
        ("-- / --", []),
    ],
)
def test_words_split_the_folded_text_at_everything_but_letters_and_digits(
    text: str, expected: list[str]
) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [("MG Motor", "mg"), ("Mercedes Benz", "mercedes benz"), ("DS Automobiles", "ds")],
)
def test_brand_alias_keys_are_the_words_without_a_company_suffix(name: str, key: str) -> None:
    assert alias_key(name) == key
