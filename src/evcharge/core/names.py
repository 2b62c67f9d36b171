"""Names as compared, not as shown: the one folding behind brand, operator and model matching."""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def folded(name: str) -> str:
    """`name` without accents and case: "Škoda" -> "skoda", "Tölz" -> "tolz"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text: str) -> list[str]:
    """`text` folded, split at everything but letters and digits: "Mégane E-Tech" ->
    ["megane", "e", "tech"]. Model names are compared by these (vehicle matching, best
    sellers)."""
    return [w for w in _NOT_ALNUM.split(folded(text)) if w]
