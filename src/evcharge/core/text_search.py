"""What a station search's `q` asks for: words as people type an address, not one literal string.

"Friedrichstraße Berlin", "Pike Street Seattle" or "rue de Rivoli 12" name a street, a number and
a place that a register writes in its own order and spelling ("Friedrichstr. 36, 10117 Berlin",
"520 Pike St., Seattle, WA", "12 Rue de Rivoli, 75001 Paris"). So `q` becomes terms that must all
appear, each in the name or the address, in any order, ignoring case:

- a word that only says what kind of street it is ("Street", "St.", "Avenue", "Rue", "Straße",
  "Str.") or links words ("de", "la", "of") is left out while other words remain, since registers
  spell and abbreviate these freely; so are compass points ("W", "NE", "West") in US addresses;
- a German street ending in "straße", "strasse", "str." or "str" becomes "...str", which all
  four spellings contain;
- "ae", "oe", "ue" and "ss" may also be "ä", "ö", "ü" and "ß", and the reverse ("Kurfuerstendamm"
  finds "Kurfürstendamm"); each term keeps a few such alternatives, any of which may match.

Everything else stays literal: `%` and `_` are characters, not wildcards. Accents other than the
German ones must be typed as the register writes them ("Fédération").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Kinds of street and linking words, lower case, after trailing dots are stripped.
_STREET_KINDS = frozenset(
    {
        *("street", "st", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "bd"),
        *("drive", "dr", "lane", "ln", "place", "pl", "court", "ct", "highway", "hwy"),
        *("parkway", "pkwy", "way", "terrace", "ter", "square", "sq"),
        *("rue", "allee", "allée", "chemin", "impasse", "quai", "route", "cours"),
        *("straße", "strasse", "str", "weg", "platz", "gasse"),
    }
)
_LINKS = frozenset(
    {
        *("de", "du", "des", "la", "le", "les", "d", "l", "the", "of", "and", "et", "und"),
        *("an", "am", "im", "in", "der", "die", "das"),
    }
)
_COMPASS = frozenset({"n", "s", "e", "w", "ne", "nw", "se", "sw", "north", "south", "east", "west"})
_GERMAN_STREET = re.compile(r"^(\w{2,}?)(?:straße|strasse|str\.?)$")
# Word separators: spaces, commas, semicolons and apostrophes, typed or typographic ("d'Antin").
_SEPARATORS = re.compile(r"[\s,;'\u2019]+")
_EDGES = '.:()"«»'
_SPELLINGS = (("ae", "ä"), ("oe", "ö"), ("ue", "ü"), ("ss", "ß"))
MAX_ALTERNATIVES = 4
MIN_SPELLED = 4  # "rue" is no "rü"


@dataclass(frozen=True, slots=True)
class Term:
    """One word of the search: any of `alternatives` (lower case) must appear."""

    alternatives: tuple[str, ...]

    @property
    def shortest(self) -> int:
        return min(len(a) for a in self.alternatives)


def search_terms(q: str) -> tuple[Term, ...]:
    """The terms of `q`, in the order typed, without repeats; none for a blank `q`."""
    words = [w.strip(_EDGES) for w in _SEPARATORS.split(q.lower())]
    words = [w for w in words if w]
    kept = [w for w in words if not _is_filler(w)] or words
    terms: list[Term] = []
    for word in kept:
        term = Term(_alternatives(_german_street(word)))
        if term not in terms:
            terms.append(term)
    return tuple(terms)


def _is_filler(word: str) -> bool:
    return word in _STREET_KINDS or word in _LINKS or word in _COMPASS


def _german_street(word: str) -> str:
    match = _GERMAN_STREET.match(word)
    return f"{match.group(1)}str" if match else word


def _alternatives(word: str) -> tuple[str, ...]:
    """`word`, then its spellings with umlauts and ß, or with their transcriptions."""
    found = [word]
    if len(word) < MIN_SPELLED:
        return (word,)
    for plain, special in _SPELLINGS:
        for spelling in list(found):
            for other in (spelling.replace(plain, special), spelling.replace(special, plain)):
                if other not in found and len(found) < MAX_ALTERNATIVES:
                    found.append(other)
    return tuple(found)
