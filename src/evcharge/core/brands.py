"""One spelling per vehicle brand, whatever the source calls it.

Sources spell a brand their own way ("Skoda", "Škoda"; "Mercedes Benz"; "MG Motor"; "DS
Automobiles"). Every importer passes the name through `canonical_brand`, so a brand is one row
with one id (`core.ids.brand_id` of the canonical name) and its vehicles can be matched.
"""

from __future__ import annotations

import re

from evcharge.core.ids import brand_id
from evcharge.core.names import words
from evcharge.core.vehicles import Brand

# Words a company adds to its brand in legal or regional names; they never tell two brands apart.
_SUFFIXES = re.compile(r"(?: (?:motor|motors|automobiles|automobile|cars|auto))+$")

# alias key (see `alias_key`) -> the spelling the catalogue uses: the maker's own.
CANONICAL_BRANDS: dict[str, str] = {
    "skoda": "Škoda",
    "citroen": "Citroën",
    "mercedes benz": "Mercedes-Benz",
    "mg": "MG",
    "ds": "DS",
}


def alias_key(name: str) -> str:
    """`name` without accents, case, punctuation or a company suffix: "MG Motor" -> "mg"."""
    return _SUFFIXES.sub("", " ".join(words(name)))


def canonical_brand_name(name: str) -> str:
    """The catalogue's spelling of `name`; a brand without an alias keeps its own (trimmed)."""
    return CANONICAL_BRANDS.get(alias_key(name), name.strip())


def canonical_brand(name: str) -> Brand:
    canonical = canonical_brand_name(name)
    return Brand(id=brand_id(canonical), name=canonical)


def is_alias(name: str) -> bool:
    """True when `name` is another spelling of a canonical brand (its rows belong there)."""
    return canonical_brand_name(name) != name
