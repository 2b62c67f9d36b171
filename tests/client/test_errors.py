"""The exception tree: which class each status gets, and one readable line per error."""

from __future__ import annotations

import pytest

from evcharge.client import (
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    EvchargeClientError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    ValidationError,
)
from evcharge.client.errors import error_class


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (204, NotFoundError),
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, NotFoundError),
        (409, ConflictError),
        (413, ApiError),
        (422, BadRequestError),
        (429, RateLimitedError),
        (500, ServerError),
        (503, ServerError),
    ],
)
def test_each_status_has_its_class(status: int, cls: type[ApiError]) -> None:
    assert error_class(status) is cls


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            ApiError(404, "NOT_FOUND", "vehicle 'x' not found"),
            "404 NOT_FOUND: vehicle 'x' not found",
        ),
        (
            ApiError(
                400,
                "BAD_REQUEST",
                "page[size] must be 1 to 100",
                source={"parameter": "page[size]"},
            ),
            "400 BAD_REQUEST: page[size] must be 1 to 100",
        ),
        (
            ApiError(400, "BAD_REQUEST", "bad", "Input should be 'ccs'", {"pointer": "/data/x"}),
            "400 BAD_REQUEST: bad (Input should be 'ccs') [at /data/x]",
        ),
    ],
)
def test_an_error_says_what_went_wrong_in_one_line(error: ApiError, line: str) -> None:
    assert str(error) == line
    assert "\n" not in str(error)


def test_source_is_readable_as_pointer_or_parameter() -> None:
    by_pointer = ApiError(400, "BAD_REQUEST", "t", source={"pointer": "/data/a"})
    by_parameter = ApiError(400, "BAD_REQUEST", "t", source={"parameter": "q"})
    assert (by_pointer.pointer, by_pointer.parameter) == ("/data/a", None)
    assert (by_parameter.pointer, by_parameter.parameter) == (None, "q")


def test_the_tree() -> None:
    assert ValidationError is BadRequestError
    assert issubclass(ApiError, EvchargeClientError)
    assert issubclass(ApiConnectionError, ConnectionError)
    assert issubclass(ApiTimeoutError, ApiConnectionError)
    assert issubclass(ApiTimeoutError, TimeoutError)
