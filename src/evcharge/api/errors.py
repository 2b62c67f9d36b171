"""The one mapping from domain errors to HTTP: status, code and envelope.

Two envelopes exist. JSON:API paths answer `{"errors":[{status, code, title, detail?, source?}]}`;
EV Database (One Auto) paths answer `{"success": false, "result": null, "error": "..."}`.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from evcharge.api.responses import JsonResponse
from evcharge.core.errors import (
    AuthError,
    Conflict,
    EvchargeError,
    ImportFailed,
    InvalidInput,
    LimitExceeded,
    NotFound,
    QuotaExceeded,
    VersionConflict,
)

log = logging.getLogger("evcharge.api")

# Most specific class first; lookup walks the exception's MRO.
ERROR_TABLE: dict[type[EvchargeError], tuple[int, str]] = {
    QuotaExceeded: (429, "QUOTA_EXCEEDED"),
    LimitExceeded: (429, "RATE_LIMITED"),
    VersionConflict: (409, "VERSION_CONFLICT"),
    Conflict: (409, "CONFLICT"),
    NotFound: (404, "NOT_FOUND"),
    AuthError: (403, "FORBIDDEN"),
    InvalidInput: (400, "BAD_REQUEST"),
    ImportFailed: (400, "BAD_REQUEST"),
    EvchargeError: (400, "BAD_REQUEST"),
}
HTTP_CODES = {
    400: "BAD_REQUEST",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    429: "TOO_MANY_REQUESTS",
    500: "INTERNAL_SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
}
ONE_AUTO_PREFIX = "/evdatabase"
OCPI_PREFIX = "/ocpi/"


def status_and_code(exc: EvchargeError) -> tuple[int, str]:
    for cls in type(exc).__mro__:
        if cls in ERROR_TABLE:
            return ERROR_TABLE[cls]
    return 400, "BAD_REQUEST"


def error_response(
    request: Request,
    status: int,
    title: str,
    *,
    detail: str | None = None,
    parameter: str | None = None,
    pointer: str | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    """The error in the envelope of the requested path."""
    if request.url.path.startswith(OCPI_PREFIX):
        # OCPI's own envelope, for what fails before an OCPI route answers (a body too large,
        # a rate limit, the time limit): 2000 a generic client error, 3000 a server one.
        message = f"{title}: {detail}" if detail else title
        ocpi = {
            "data": None,
            "status_code": 2000 if status < 500 else 3000,
            "status_message": message,
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        return JsonResponse(ocpi, status_code=status, headers=headers)
    if request.url.path.startswith(ONE_AUTO_PREFIX):
        message = f"{title}: {detail}" if detail else title
        body: dict[str, Any] = {"success": False, "result": None, "error": message}
        return JsonResponse(body, status_code=status, headers=headers)
    error: dict[str, Any] = {
        "status": str(status),
        "code": code or HTTP_CODES.get(status, "ERROR"),
        "title": title,
    }
    if detail:
        error["detail"] = detail
    if parameter:
        error["source"] = {"parameter": parameter}
    elif pointer:
        error["source"] = {"pointer": pointer}
    return JsonResponse({"errors": [error]}, status_code=status, headers=headers)


async def _domain(request: Request, exc: Exception) -> JsonResponse:
    assert isinstance(exc, EvchargeError)
    status, code = status_and_code(exc)
    parameter = getattr(exc, "parameter", None)
    pointer = getattr(exc, "pointer", None)
    headers = exc.headers if isinstance(exc, LimitExceeded) else None
    return error_response(
        request,
        status,
        exc.message,
        parameter=parameter,
        pointer=pointer,
        code=code,
        headers=headers,
    )


# OperationalError also covers bugs such as a missing table; only these mean "down".
_OUTAGE = re.compile(
    r"connect|connection|server closed|terminating|database is locked|unable to open|timeout",
    re.IGNORECASE,
)


async def _database_down(request: Request, exc: Exception) -> JsonResponse:
    # Connection refused or pool exhausted: the caller may retry; nothing was half-written,
    # since the request's transaction rolled back.
    if isinstance(exc, OperationalError) and not (
        exc.connection_invalidated or _OUTAGE.search(str(exc.orig))
    ):
        return await _unexpected(request, exc)
    log.error("database unavailable on %s: %s", request.url.path, type(exc).__name__)
    headers = {"Retry-After": "5"}
    return error_response(request, 503, "Database unavailable", headers=headers)


def _parameter_name(loc: tuple[Any, ...]) -> str:
    return str(loc[-1]) if loc else "body"


async def _validation(request: Request, exc: Exception) -> JsonResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    loc = tuple(first.get("loc", ()))
    message = str(first.get("msg", "invalid request"))
    if loc and loc[0] == "body":
        # JSON:API points into the body: /data/attributes/options/start_time.
        pointer = "/" + "/".join(str(part) for part in loc[1:])
        return error_response(request, 400, f"invalid {pointer}", detail=message, pointer=pointer)
    name = _parameter_name(loc)
    return error_response(request, 400, f"invalid parameter {name}", detail=message, parameter=name)


async def _http(request: Request, exc: Exception) -> JsonResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = str(exc.detail) if exc.detail else HTTP_CODES.get(exc.status_code, "error")
    return error_response(request, exc.status_code, title, headers=getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JsonResponse:
    # A 500 is always a bug: log it with its traceback, but never show the trace to a caller.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return error_response(request, 500, "Internal server error")


def install(app: FastAPI) -> None:
    app.add_exception_handler(EvchargeError, _domain)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(PoolTimeout, _database_down)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
