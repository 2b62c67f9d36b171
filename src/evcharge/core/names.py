"""Names as compared, not as shown: the one folding behind brand and operator matching."""

from __future__ import annotations

import unicodedata


def folded(name: str) -> str:
    """`name` without accents and case: "Škoda" -> "skoda", "Tölz" -> "tolz"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
