"""What the sync and async clients share: calls, replies, errors and the retry policy.

Everything here is pure. A `Call` says what to send and how to read the answer; the clients
only move bytes (`Reply`) and sleep, so their I/O loops are the only thing they duplicate.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any, Generic, TypeVar

import httpx
import pydantic

from evcharge.client.errors import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    UnexpectedResponseError,
    default_code,
    error_class,
)

T = TypeVar("T")
Json = dict[str, Any]
USER_AGENT = "evcharge-python-client/0.1"


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer, read in full. `headers` is case-insensitive (httpx.Headers)."""

    status: int
    headers: Mapping[str, str]
    text: str

    @classmethod
    def of(cls, response: httpx.Response) -> Reply:
        return cls(response.status_code, response.headers, response.text)


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One request and the function that turns its successful answer into a `T`."""

    method: str
    path: str
    parse: Callable[[Reply], T]
    params: Mapping[str, str] = field(default_factory=dict)
    body: Json | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a listing; `next_number` is None on the last page."""

    items: list[T]
    next_number: int | None


@dataclass(frozen=True, slots=True)
class CursorPage(Generic[T]):
    """One page of a listing paged by cursor; `next_after` (its `page[after]`) is None on the
    last page."""

    items: list[T]
    next_after: str | None


def client_headers(api_key: str | None, extra: Mapping[str, str] | None) -> dict[str, str]:
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
    if api_key:
        headers["Api-Key"] = api_key
    return headers | dict(extra or {})


def decode(reply: Reply) -> Any:
    """The body as JSON, with every JSON number that has a fraction read as an exact Decimal."""
    return json.loads(reply.text, parse_float=Decimal)


def retry_after_s(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Retry-After in seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Retries 429 (any method: the server did not process the call) and 503 that carries
    Retry-After (the server asks to come back), at most `max_retries` times. A wait longer
    than `max_wait_s` is not slept: the error is raised at once (a monthly quota, say)."""

    max_retries: int = 3
    max_wait_s: float = 60.0

    def wait_s(self, reply: Reply, attempt: int) -> float | None:
        """Seconds to sleep before retry number `attempt + 1`, or None to stop here."""
        if attempt >= self.max_retries:
            return None
        after = retry_after_s(reply.headers)
        if reply.status == 429:
            wait = after if after is not None else min(2.0**attempt, self.max_wait_s)
        elif reply.status == 503 and after is not None:
            wait = after
        else:
            return None
        return wait if wait <= self.max_wait_s else None


def api_error(reply: Reply) -> ApiError:
    """The exception for an error answer, from either envelope (or none)."""
    status = reply.status
    common: dict[str, Any] = {
        "request_id": reply.headers.get("x-request-id"),
        "retry_after_s": retry_after_s(reply.headers),
    }
    try:
        body = decode(reply)
    except ValueError:
        body = None
    cls = error_class(status)
    if isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]:
        errors = tuple(e for e in body["errors"] if isinstance(e, dict))
        first = errors[0]
        return cls(
            status, str(first.get("code") or default_code(status)),
            str(first.get("title") or default_code(status)), _text(first.get("detail")),
            first.get("source") if isinstance(first.get("source"), dict) else None,
            errors=errors, **common,
        )  # fmt: skip
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        # One Auto's envelope: {"success": false, "result": null, "error": "..."}
        return cls(status, default_code(status), body["error"], error=body["error"], **common)
    title = reply.text.strip()[:200] or f"HTTP {status}"
    return cls(status, default_code(status), title, **common)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def finish(call: Call[T], reply: Reply) -> T:
    """The call's result, or the API's error raised as an exception."""
    if reply.status >= 400:
        raise api_error(reply)
    try:
        return call.parse(reply)
    except (pydantic.ValidationError, ValueError, KeyError, TypeError) as exc:
        raise UnexpectedResponseError(
            reply.status,
            "UNEXPECTED_RESPONSE",
            f"cannot read the answer to {call.method} {call.path}",
            str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
            request_id=reply.headers.get("x-request-id"),
        ) from exc


def connection_error(exc: httpx.TransportError, call: Call[Any]) -> ApiConnectionError:
    what = f"{call.method} {call.path}: {type(exc).__name__}: {exc}".rstrip(": ")
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeoutError(f"no answer in time to {what}")
    return ApiConnectionError(f"no answer to {what}")
