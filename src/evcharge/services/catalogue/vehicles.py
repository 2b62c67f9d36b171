"""Vehicle catalogue use cases: pages, fuzzy search, brands."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils
from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput
from evcharge.core.vehicles import Brand, Vehicle
from evcharge.db.repositories.vehicles import BrandRepository, VehicleRepository
from evcharge.importers.curated import SOURCE as CURATED
from evcharge.services.catalogue.paging import PageRequest

# Chargeprice: `q` returns at most 25 results and cannot be combined with other filters.
SEARCH_LIMIT = 25
SEARCH_MIN_SCORE = 75.0


@dataclass(frozen=True, slots=True)
class VehicleQuery:
    page: PageRequest
    ids: list[str] | None = None
    brand_ids: list[str] | None = None
    q: str | None = None


def list_vehicles(session: Session, query: VehicleQuery) -> tuple[list[Vehicle], int]:
    repo = VehicleRepository(session)
    if query.q is not None:
        if query.ids is not None or query.brand_ids is not None:
            raise InvalidInput("q cannot be combined with other filters", parameter="q")
        found = search_ids(repo, query.q)
        start = query.page.offset
        return repo.by_ids_in_order(found[start : start + query.page.size]), len(found)
    return repo.page(
        ids=query.ids, brand_ids=query.brand_ids, offset=query.page.offset, limit=query.page.size
    )


def search_ids(repo: VehicleRepository, q: str) -> list[str]:
    """Ids of the best fuzzy matches of `q` on "brand model variant", best first; at equal
    score a curated vehicle comes before an imported one (it is the checked record)."""
    text = utils.default_process(q)
    if not text:
        raise InvalidInput("q must contain letters or digits", parameter="q")
    entries = repo.search_entries()
    # Every match, not just the first SEARCH_LIMIT: a curated row tied with the last ones
    # kept must not be cut for an imported one.
    matches = process.extract(
        text,
        [e.text for e in entries],
        scorer=match_score,
        processor=utils.default_process,
        limit=None,
        score_cutoff=SEARCH_MIN_SCORE,
    )
    ranked = sorted(matches, key=lambda m: (-m[1], entries[m[2]].source != CURATED, m[2]))
    return [entries[index].id for _choice, _score, index in ranked[:SEARCH_LIMIT]]


def match_score(query: str, choice: str, **_: object) -> float:
    """0..100. A query is usually part of a name ("ioniq", "model 3"), so substring alignment
    weighs most; WRatio rescues reordered words; the space-free form finds "id3" and "ioniq5"."""
    substring = fuzz.partial_ratio(query, choice) * 0.9 + fuzz.token_set_ratio(query, choice) * 0.1
    compact = fuzz.partial_ratio(query.replace(" ", ""), choice.replace(" ", "")) * 0.95
    return float(max(substring, fuzz.WRatio(query, choice), compact))


def list_brands(
    session: Session, *, ids: list[str] | None, page: PageRequest
) -> tuple[list[Brand], int]:
    return BrandRepository(session).page(ids=ids, offset=page.offset, limit=page.size)
