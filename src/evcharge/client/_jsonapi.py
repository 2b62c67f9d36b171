"""Reading JSON:API documents: flat resources, `included`, and where the next page is (its
number, or the cursor of a list paged by cursor)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

Json = dict[str, Any]


def flatten(resource: Json) -> Json:
    """id, type and attributes in one dict; a to-one relationship `x` becomes `x_id`,
    a to-many one `x_ids`."""
    flat: Json = {"id": resource["id"], "type": resource.get("type")}
    flat.update(resource.get("attributes") or {})
    for name, relationship in (resource.get("relationships") or {}).items():
        data = relationship.get("data") if isinstance(relationship, dict) else None
        if isinstance(data, list):
            flat[f"{name}_ids"] = [item["id"] for item in data]
        else:
            flat[f"{name}_id"] = data["id"] if isinstance(data, dict) else None
    return flat


def resources(doc: Json) -> list[Json]:
    """The document's primary data as flat resources (one or many)."""
    data = doc["data"]
    return [flatten(r) for r in (data if isinstance(data, list) else [data])]


def included(doc: Json, type_: str) -> dict[str, Json]:
    """Included resources of one type, flat, by id."""
    return {r["id"]: flatten(r) for r in doc.get("included") or () if r.get("type") == type_}


def next_page(doc: Json, number: int, size: int) -> int | None:
    """The next page number, from `links.next`, `meta.more_available` or `meta.overall_count`
    (whichever the endpoint gives); None on the last page."""
    if not doc.get("data"):
        return None
    links = doc.get("links") or {}
    meta = doc.get("meta") or {}
    if "next" in links:
        more = links["next"] is not None
    elif "more_available" in meta:
        more = bool(meta["more_available"])
    elif "overall_count" in meta:
        more = number * size < int(meta["overall_count"])
    else:
        more = False
    return number + 1 if more else None


def next_after(doc: Json) -> str | None:
    """The cursor (`page[after]`) of `links.next`; None on the last page."""
    link = (doc.get("links") or {}).get("next")
    if not link:
        return None
    cursor = parse_qs(urlsplit(str(link)).query).get("page[after]")
    return cursor[0] if cursor else None


def csv(values: str | Iterable[str] | None) -> str | None:
    """A filter list as the API's comma-separated form; a single string is one value."""
    if values is None:
        return None
    items = [values] if isinstance(values, str) else list(values)
    return ",".join(str(v) for v in items)


def params(values: Mapping[str, object]) -> dict[str, str]:
    """Query parameters without the unset ones; booleans as true/false."""
    return {
        name: ("true" if v else "false") if isinstance(v, bool) else str(v)
        for name, v in values.items()
        if v is not None
    }
