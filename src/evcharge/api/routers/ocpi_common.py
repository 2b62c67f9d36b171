"""What every OCPI 2.2.1 path shares: the response envelope, OCPI status codes for every
failure (never our JSON:API errors, never a 500), the token, and the request ids.

`OcpiRoute` catches whatever a handler or its dependencies raise, so a route using it
answers errors in the OCPI envelope whatever api/errors.py does for other paths.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Coroutine, Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

import httpx
from fastapi import Depends, Header, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from evcharge.api.deps import SessionDep
from evcharge.api.responses import JsonResponse
from evcharge.core.errors import AuthError, Conflict, EvchargeError, InvalidInput, NotFound
from evcharge.services.ocpi import errors as status
from evcharge.services.ocpi.identity import Identity, identity
from evcharge.services.ocpi.parties import Caller, authenticate

log = logging.getLogger("evcharge.ocpi")
MESSAGES = {
    status.SUCCESS: "Success",
    status.CLIENT_ERROR: "Generic client error",
    status.INVALID_PARAMETERS: "Invalid or missing parameters",
    status.UNKNOWN_LOCATION: "Unknown Location",
    status.SERVER_ERROR: "Generic server error",
    status.UNABLE_TO_USE_CLIENT_API: "Unable to use the client's API",
}


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def envelope(data: Any, code: int = status.SUCCESS, message: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"data": data, "status_code": code}
    body["status_message"] = message or MESSAGES.get(code, "")
    body["timestamp"] = timestamp()
    return body


def _ids(request: Request) -> dict[str, str]:
    """X-Request-ID and X-Correlation-ID, echoed (the metering layer sets X-Request-Id)."""
    given = request.headers.get("X-Correlation-ID") or request.headers.get("X-Request-ID")
    return {"X-Correlation-ID": (given or uuid.uuid4().hex)[:64]}


def answer(request: Request, data: Any, *, headers: dict[str, str] | None = None) -> JsonResponse:
    return JsonResponse(envelope(data), headers={**_ids(request), **(headers or {})})


def _status_of(exc: Exception) -> tuple[int, int, str]:
    """(HTTP status, OCPI status, message) of a failure."""
    if isinstance(exc, status.OcpiError):
        return exc.http_status, exc.ocpi_status, exc.message
    if isinstance(exc, RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query"))
        return 400, status.INVALID_PARAMETERS, f"{where or 'request'}: {first.get('msg', '')}"
    if isinstance(exc, InvalidInput):
        return 400, status.INVALID_PARAMETERS, exc.message
    if isinstance(exc, NotFound):
        return 404, status.CLIENT_ERROR, exc.message
    if isinstance(exc, AuthError):
        return 401, status.CLIENT_ERROR, exc.message
    if isinstance(exc, Conflict | EvchargeError):
        return 400, status.CLIENT_ERROR, exc.message
    if isinstance(exc, HTTPException):
        http = exc.status_code if exc.status_code < 500 else 503
        return http, status.CLIENT_ERROR if http < 500 else status.SERVER_ERROR, str(exc.detail)
    log.exception("unhandled error on an OCPI path")
    return 503, status.SERVER_ERROR, "internal error: it is logged, please retry later"


def error_answer(request: Request, exc: Exception) -> JsonResponse:
    http, code, message = _status_of(exc)
    return JsonResponse(envelope(None, code, message), status_code=http, headers=_ids(request))


class OcpiRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer_ocpi(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:  # every failure answers in the OCPI envelope
                return error_answer(request, exc)

        return answer_ocpi


def us(request: Request) -> Identity:
    return identity(request.app.state.settings, str(request.base_url))


def peer_http(request: Request) -> Iterator[httpx.Client]:
    """The client for calls to other parties; a test may put its own on app.state."""
    given = getattr(request.app.state, "ocpi_http", None)
    if isinstance(given, httpx.Client):
        yield given
        return
    with httpx.Client(timeout=20.0) as client:
        yield client


Authorization = Annotated[str | None, Header(alias="Authorization", include_in_schema=False)]


def registering(session: SessionDep, authorization: Authorization = None) -> Caller:
    """Token A (to register) or the registered token: versions and credentials."""
    return authenticate(session, authorization, registration=True)


def registered(session: SessionDep, authorization: Authorization = None) -> Caller:
    return authenticate(session, authorization)


Us = Annotated[Identity, Depends(us)]
Http = Annotated[httpx.Client, Depends(peer_http)]
Registering = Annotated[Caller, Depends(registering)]
Registered = Annotated[Caller, Depends(registered)]
