"""A station search's words (core/text_search.py): street kinds and links left out, German
street endings and umlauts in every spelling, the rest literal."""

from __future__ import annotations

import pytest

from evcharge.core.text_search import search_terms


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # The street's kind is left out, whatever the spelling; the place and number stay.
        ("Pike Street Seattle", [("pike",), ("seattle",)]),
        ("Pike St.", [("pike",)]),
        ("W Mercer St", [("mercer",)]),
        ("rue de Rivoli, Paris", [("rivoli",), ("paris",)]),
        ("3 Rue de la Chau. d'Antin", [("3",), ("chau",), ("antin",)]),
        ("l\u2019Église", [("église",)]),
        # "...straße", "...strasse", "...str." and "...str" all contain "...str".
        ("Friedrichstraße Berlin", [("friedrichstr",), ("berlin",)]),
        ("Friedrichstrasse", [("friedrichstr",)]),
        ("Friedrichstr. 36", [("friedrichstr",), ("36",)]),
        ("Berliner Straße 5", [("berliner",), ("5",)]),
        # Umlauts and their transcriptions, both ways; short words keep one spelling.
        ("Kurfuerstendamm", [("kurfuerstendamm", "kurfürstendamm")]),
        ("Kurfürstendamm", [("kurfürstendamm", "kurfuerstendamm")]),
        ("Schloßallee", [("schloßallee", "schlossallee")]),
        ("rue", [("rue",)]),
        # Only fillers: they are what is searched. Repeats count once.
        ("Street", [("street",)]),
        ("de la", [("de",), ("la",)]),
        ("paris Paris", [("paris",)]),
        # Literal characters, no wildcards.
        ("100%", [("100%",)]),
        ("t_p", [("t_p",)]),
        ("   ", []),
    ],
)
def test_terms(q: str, expected: list[tuple[str, ...]]) -> None:
    assert [t.alternatives for t in search_terms(q)] == expected


def test_shortest_spelling_decides_whether_the_trigram_index_serves_a_term() -> None:
    assert [t.shortest for t in search_terms("a9 Kurfürstendamm")] == [2, 14]
