"""Error answers of both envelopes, Retry-After, and when to retry (pure)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest

from evcharge.client import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    UnexpectedResponseError,
)
from evcharge.client._protocol import (
    Call,
    Reply,
    RetryPolicy,
    api_error,
    decode,
    finish,
    retry_after_s,
)


def reply(status: int, body: object = None, **headers: str) -> Reply:
    text = body if isinstance(body, str) else json.dumps(body)
    return Reply(status, httpx.Headers(headers), text)


def test_a_json_api_error_keeps_code_title_detail_and_source() -> None:
    body = {
        "errors": [
            {
                "status": "400",
                "code": "BAD_REQUEST",
                "title": "invalid /data/x",
                "detail": "Input should be 'ccs'",
                "source": {"pointer": "/data/x"},
            }
        ]
    }
    error = api_error(reply(400, body, **{"X-Request-Id": "r1"}))
    assert isinstance(error, BadRequestError)
    assert (error.status, error.code, error.title) == (400, "BAD_REQUEST", "invalid /data/x")
    assert (error.detail, error.pointer, error.request_id) == (
        "Input should be 'ccs'",
        "/data/x",
        "r1",
    )
    assert error.errors == tuple(body["errors"])


def test_a_one_auto_error_keeps_its_error_string() -> None:
    body = {"success": False, "result": None, "error": "api_key invalid"}
    error = api_error(reply(403, body))
    assert isinstance(error, AuthenticationError)
    assert (error.code, error.title, error.error) == (
        "FORBIDDEN",
        "api_key invalid",
        "api_key invalid",
    )
    assert str(error) == "403 FORBIDDEN: api_key invalid"


def test_a_429_carries_retry_after_and_its_code() -> None:
    body = {"errors": [{"status": "429", "code": "QUOTA_EXCEEDED", "title": "quota"}]}
    error = api_error(reply(429, body, **{"Retry-After": "3600"}))
    assert isinstance(error, RateLimitedError)
    assert (error.code, error.retry_after_s) == ("QUOTA_EXCEEDED", 3600.0)


def test_an_error_without_a_json_body_still_says_what_happened() -> None:
    error = api_error(reply(502, "<html>Bad Gateway</html>"))
    assert isinstance(error, ServerError)
    assert str(error) == "502 BAD_GATEWAY: <html>Bad Gateway</html>"
    assert str(api_error(reply(503, ""))) == "503 SERVICE_UNAVAILABLE: HTTP 503"


def test_finish_parses_success_and_raises_errors() -> None:
    call: Call[int] = Call("GET", "/x", lambda r: int(decode(r)["n"]))
    assert finish(call, reply(200, {"n": 3})) == 3
    with pytest.raises(NotFoundError):
        finish(call, reply(404, {"errors": [{"status": "404", "code": "NOT_FOUND", "title": "x"}]}))
    with pytest.raises(UnexpectedResponseError, match="cannot read the answer to GET /x"):
        finish(call, reply(200, "not json"))


def test_decode_reads_fractions_as_exact_decimals() -> None:
    from decimal import Decimal

    assert decode(reply(200, '{"price": 0.1, "n": 2}')) == {"price": Decimal("0.1"), "n": 2}


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("30", 30.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("Sat, 21 Nov 2026 07:00:10 GMT", 10.0),
        ("soon", None),
    ],
)
def test_retry_after_takes_seconds_or_an_http_date(value: str, seconds: float | None) -> None:
    now = datetime(2026, 11, 21, 7, 0, 0, tzinfo=UTC)
    assert retry_after_s(httpx.Headers({"Retry-After": value}), now) == seconds


@pytest.mark.parametrize(
    ("status", "headers", "attempt", "wait"),
    [
        (429, {"Retry-After": "30"}, 0, 30.0),
        (429, {"Retry-After": "30"}, 2, 30.0),
        (429, {"Retry-After": "30"}, 3, None),  # retries used up
        (429, {}, 1, 2.0),  # no Retry-After: back off 1, 2, 4 s
        (429, {"Retry-After": "3600"}, 0, None),  # beyond the cap: raise at once
        (503, {"Retry-After": "5"}, 0, 5.0),
        (503, {}, 0, None),  # a timed-out call may have run: never repeat it blindly
        (500, {"Retry-After": "1"}, 0, None),
        (200, {}, 0, None),
    ],
)
def test_retry_policy(
    status: int, headers: dict[str, str], attempt: int, wait: float | None
) -> None:
    policy = RetryPolicy(max_retries=3, max_wait_s=60)
    assert policy.wait_s(Reply(status, httpx.Headers(headers), ""), attempt) == wait


def test_api_error_is_the_base_of_every_answer_error() -> None:
    assert isinstance(api_error(reply(418, {})), ApiError)
