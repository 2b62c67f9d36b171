"""Calls to another party's OCPI API: its versions, version details and Sender pages.

Every answer must be the OCPI envelope with status_code 1000; anything else is PeerFailed
(OCPI 3001, "unable to use the client's API") naming the URL and what went wrong.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from evcharge.services.ocpi.errors import NoMatchingEndpoints, PeerFailed, UnsupportedVersion

VERSION = "2.2.1"
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?', re.IGNORECASE)


def authorization(token: str) -> dict[str, str]:
    """OCPI 2.2.1: the token base64-encoded after `Token `."""
    return {"Authorization": "Token " + base64.b64encode(token.encode()).decode()}


@dataclass(frozen=True, slots=True)
class Answer:
    data: Any
    headers: httpx.Headers


def call(http: httpx.Client, method: str, url: str, token: str, **kwargs: Any) -> Answer:
    try:
        response = http.request(method, url, headers=authorization(token), **kwargs)
    except httpx.HTTPError as exc:
        raise PeerFailed(f"{method} {url} failed: {type(exc).__name__}: {exc}") from None
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or "status_code" not in body:
        raise PeerFailed(f"{method} {url} answered HTTP {response.status_code}, not OCPI JSON")
    if body["status_code"] != 1000 or response.status_code >= 400:
        message = str(body.get("status_message") or "")[:200]
        raise PeerFailed(
            f"{method} {url} answered HTTP {response.status_code}, OCPI status "
            f"{body['status_code']}: {message}"
        )
    return Answer(body.get("data"), response.headers)


def endpoints(
    http: httpx.Client, versions_url: str, token: str
) -> tuple[str, list[dict[str, Any]]]:
    """The peer's 2.2.1 version details URL and its endpoints."""
    versions = call(http, "GET", versions_url, token).data
    if not isinstance(versions, list):
        raise PeerFailed(f"GET {versions_url}: data is not a list of versions")
    urls = [v.get("url") for v in versions if isinstance(v, dict) and v.get("version") == VERSION]
    if not urls or not isinstance(urls[0], str):
        offered = ", ".join(str(v.get("version")) for v in versions if isinstance(v, dict))
        raise UnsupportedVersion(f"the peer offers OCPI {offered or 'no version'}, not {VERSION}")
    details = call(http, "GET", urls[0], token).data
    found = details.get("endpoints") if isinstance(details, dict) else None
    if not isinstance(found, list) or not found:
        raise NoMatchingEndpoints(f"GET {urls[0]}: no endpoints listed")
    return urls[0], [e for e in found if isinstance(e, dict)]


def endpoint_url(endpoints: tuple[dict[str, Any], ...], module: str, role: str | None) -> str:
    """The URL of `module` in `role` (any role when None: credentials is listed either way)."""
    for e in endpoints:
        if e.get("identifier") == module and role in (None, str(e.get("role", "")).upper()):
            return str(e["url"])
    raise NoMatchingEndpoints(f"the peer lists no {module} {role or ''} endpoint")


def _count(headers: httpx.Headers, name: str) -> int | None:
    value = headers.get(name, "")
    return int(value) if value.isdigit() else None


def pages(http: httpx.Client, url: str, token: str, params: dict[str, str]) -> Iterator[list[Any]]:
    """Every page of a Sender list, following `Link: <...>; rel="next"` to the end.

    Some implementations send a Link that does not work (extrawest-ocpi 2025.7.16 writes
    `date_from=None` and enum names into it). When following a Link fails and X-Total-Count
    says more objects remain, the rest is asked by offset from the first URL instead.
    """
    answer = call(http, "GET", url, token, params=params)
    received, seen, by_offset_only = 0, {url}, False
    while True:
        if not isinstance(answer.data, list):
            raise PeerFailed(f"GET {url}: data is not a list")
        yield answer.data
        received += len(answer.data)
        total, limit = _count(answer.headers, "X-Total-Count"), _count(answer.headers, "X-Limit")
        found = _NEXT.search(answer.headers.get("Link", ""))
        if found is None or not answer.data:
            return
        next_url = found.group(1)
        if next_url in seen and not by_offset_only:
            raise PeerFailed(f"the Link header of {url} goes round in a circle at {next_url}")
        seen.add(next_url)
        try:
            if by_offset_only:
                raise PeerFailed("its Link failed before")
            answer = call(http, "GET", next_url, token)
        except PeerFailed:
            if total is None or received >= total:
                raise
            by_offset_only = True
            by_offset = {**params, "offset": str(received)}
            if limit is not None:
                by_offset["limit"] = str(limit)
            answer = call(http, "GET", url, token, params=by_offset)
