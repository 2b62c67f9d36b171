"""The one check every API request's raw input passes before any handler sees it.

- Query parameters a route does not declare are refused (400 naming the first), rather than
  silently ignored: `filter[contry]=DE` answering unfiltered data is worse than an error.
- Control characters and lone surrogates are refused in every string: query names and values,
  path parameters, and every key and string of a JSON body. PostgreSQL refuses NUL in text and
  cannot encode a lone surrogate, so without this one check such input was a 500 there.

It runs as an app-wide dependency, so it sees the matched route (and so knows its declared
parameters) and the body FastAPI has already read, and it raises the domain's InvalidInput, so
its errors go through the one mapping in api/errors.py, in the path's envelope.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from evcharge.core.errors import InvalidInput

# C0 controls but tab, LF and CR; DEL; UTF-16 surrogates (only lone ones survive decoding).
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# How a JSON text spells a forbidden character inside a string; raw ones are not valid JSON.
_DECLARED = "_evcharge_declared_query"
_ESCAPED = re.compile(rb"\\u(00[01][0-9a-fA-F]|007[fF]|[dD][89a-fA-F][0-9a-fA-F]{2})")


def check_text(value: str, *, parameter: str | None = None, pointer: str | None = None) -> None:
    """Raise InvalidInput when `value` holds a control character or a lone surrogate."""
    found = _FORBIDDEN.search(value)
    if found is None:
        return
    where = parameter or pointer or "input"
    raise InvalidInput(
        f"{where} contains a control character (U+{ord(found.group()):04X}) at position"
        f" {found.start()}; text may not contain control characters",
        parameter=parameter,
        pointer=pointer,
    )


def declared_query(route: APIRoute) -> frozenset[str]:
    """The query parameter names (aliases) a route and its dependencies declare, worked out
    once per route from FastAPI's own dependency tree (no OpenAPI document is built)."""
    found: frozenset[str] | None = getattr(route, _DECLARED, None)
    if found is None:
        found = frozenset(_query_names(route.dependant))
        setattr(route, _DECLARED, found)  # on the route: it lives exactly as long as the app
    return found


def _query_names(dependant: Dependant) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def check_request(request: Request) -> None:
    route = request.scope.get("route")
    if isinstance(route, APIRoute) and route.include_in_schema:
        allowed = declared_query(route)
        for name in request.query_params:
            if name not in allowed:
                raise InvalidInput(
                    f"unknown query parameter {name[:60]!r}", parameter=name[:60] or "?"
                )
    for name, value in request.query_params.multi_items():
        check_text(name, parameter=name[:60])
        check_text(value, parameter=name[:60])
    for name, value in request.path_params.items():
        if isinstance(value, str):
            check_text(value, parameter=name)
    if request.method in ("POST", "PUT", "PATCH"):
        await _check_body(request)


async def _check_body(request: Request) -> None:
    body = await request.body()  # FastAPI has read it already; this is its cached copy
    if not _ESCAPED.search(body):
        return  # the common case: no escaped control character anywhere, nothing to parse
    try:
        document = json.loads(body)
    except ValueError:
        return  # not JSON: the body's own validation answers that
    for pointer, text in _strings(document, ""):
        check_text(text, pointer=pointer or "/")


def _strings(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    """Every (JSON pointer, string) in a parsed document, keys included."""
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{pointer}/{_escape(key)}"
            yield child, key
            yield from _strings(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{pointer}/{index}")


def _escape(key: str) -> str:
    # RFC 6901: "~" and "/" in a key are written "~0" and "~1".
    return _FORBIDDEN.sub("?", key.replace("~", "~0").replace("/", "~1"))
