"""The client's exceptions: one tree for both of the API's error envelopes.

EvchargeClientError
 ├── ApiConnectionError (also a ConnectionError)   no answer: refused, reset, DNS, TLS
 │    └── ApiTimeoutError (also a TimeoutError)    no answer in time
 └── ApiError                                      the API answered with an error
      ├── BadRequestError (alias ValidationError)  400, 422: `source` names the bad input
      ├── AuthenticationError                      401, 403: key missing, invalid or lacking a group
      ├── NotFoundError                            404 (and 204 from /evdatabase: no such vehicle)
      ├── ConflictError                            409: optimistic locking
      ├── RateLimitedError                         429 after the retries: rate limit or quota
      ├── ServerError                              5xx
      └── UnexpectedResponseError                  a success whose body the client cannot read
"""

from __future__ import annotations

from collections.abc import Mapping


class EvchargeClientError(Exception):
    """Base of everything the client raises."""


class ApiConnectionError(EvchargeClientError, ConnectionError):
    """The request got no answer (refused, reset, DNS, TLS); the cause is the httpx error."""


class ApiTimeoutError(ApiConnectionError, TimeoutError):
    """The request got no answer within the client's timeout."""


class ApiError(EvchargeClientError):
    """An error answer, from either envelope.

    JSON:API paths fill `code`, `title`, `detail` and `source` from the first of `errors`;
    /evdatabase paths (One Auto) put their `error` string in `title` and in `error`, with a
    code derived from the status. `retry_after_s` is the Retry-After header, in seconds.
    """

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        detail: str | None = None,
        source: Mapping[str, str] | None = None,
        request_id: str | None = None,
        *,
        retry_after_s: float | None = None,
        error: str | None = None,
        errors: tuple[Mapping[str, object], ...] = (),
    ) -> None:
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.source: dict[str, str] | None = dict(source) if source else None
        self.request_id = request_id
        self.retry_after_s = retry_after_s
        self.error = error
        self.errors = errors
        super().__init__(self._line())

    @property
    def pointer(self) -> str | None:
        """The JSON pointer of the bad part of the body, e.g. /data/attributes/options/currency."""
        return self.source.get("pointer") if self.source else None

    @property
    def parameter(self) -> str | None:
        """The bad query parameter, e.g. page[size]."""
        return self.source.get("parameter") if self.source else None

    def _line(self) -> str:
        line = f"{self.status} {self.code}: {self.title}"
        if self.detail:
            line += f" ({self.detail})"
        where = self.pointer or self.parameter
        if where and where not in self.title:
            line += f" [at {where}]"
        return line

    def __str__(self) -> str:
        return self._line()


class BadRequestError(ApiError):
    """400/422: the request is invalid; `pointer` or `parameter` says where."""


ValidationError = BadRequestError


class AuthenticationError(ApiError):
    """401/403: the key is missing, unknown, revoked, or lacks the endpoint's group."""


class NotFoundError(ApiError):
    """404, or 204 from /evdatabase (the vehicle is unknown in that market or type)."""


class ConflictError(ApiError):
    """409: the resource changed since it was read (optimistic locking)."""


class RateLimitedError(ApiError):
    """429 after the client's retries (or at once, when Retry-After is beyond its cap).

    `code` is RATE_LIMITED or QUOTA_EXCEEDED on JSON:API paths; `retry_after_s` says when the
    server will accept the key again.
    """


class ServerError(ApiError):
    """5xx: the server failed (503: unavailable or timed out; retry after `retry_after_s`)."""


class UnexpectedResponseError(ApiError):
    """A success answer the client could not read (e.g. not JSON, or a missing field)."""


HTTP_CODES: dict[int, str] = {
    204: "NOT_FOUND",
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    422: "UNPROCESSABLE_ENTITY",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
    502: "BAD_GATEWAY",
    503: "SERVICE_UNAVAILABLE",
    504: "GATEWAY_TIMEOUT",
}
_BY_STATUS: dict[int, type[ApiError]] = {
    204: NotFoundError,
    400: BadRequestError,
    401: AuthenticationError,
    403: AuthenticationError,
    404: NotFoundError,
    409: ConflictError,
    422: BadRequestError,
    429: RateLimitedError,
}


def error_class(status: int) -> type[ApiError]:
    """The exception class for an error status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    return ServerError if status >= 500 else ApiError


def default_code(status: int) -> str:
    return HTTP_CODES.get(status, f"HTTP_{status}")
