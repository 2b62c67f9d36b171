"""The OpenAPI document, made to say what the API really answers.

FastAPI documents a 422 for every operation with parameters; we answer bad input with a 400 in
the path's envelope (api/errors.py), so the 422 goes and a 400 stands in its place. It also
cannot know what our middleware answers, so every operation gains those statuses here, in one
place: 413 where a body is accepted (api/body_limit.py), 429 where a key is checked or a caller
without one is throttled (services/limiter.py), 503 everywhere (the database is down, or the
request ran out of time: api/time_limit.py), and 404 where the path names a resource. The fuzz
tests check every answer against this document.

The key is declared as two API-key schemes, one per header (`Api-Key`, `x-api-key`), on exactly
the operations whose dependencies read it, so Swagger UI's "Authorize" sends it. Each error
status gets an example of its own, in the path's envelope, with the title we really answer.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from evcharge.api.errors import HTTP_CODES, ONE_AUTO_PREFIX
from evcharge.api.schemas.common import ERROR_REASONS
from evcharge.services.platform.limiter import MESSAGE as RATE_LIMITED

_UNKEYED = ("/healthz", "/metrics")
# OCPI paths answer in OCPI's own envelope (api/routers/ocpi_common.py): no JSON:API examples.
OCPI_PREFIX = "/ocpi"
KEY_HEADERS = {"ApiKey": "Api-Key", "XApiKey": "x-api-key"}
SECURITY_SCHEMES = {
    scheme: {
        "type": "apiKey",
        "in": "header",
        "name": header,
        "description": f"Your API key in the `{header}` header (either header will do); "
        "`evcharge keys create` makes one.",
    }
    for scheme, header in KEY_HEADERS.items()
}
# Either header, not both: one alternative per scheme.
SECURITY: list[dict[str, list[str]]] = [{scheme: []} for scheme in KEY_HEADERS]

# The title each status answers with (api/errors.py, api/body_limit.py, services/limiter.py).
_TITLES = {
    400: "unknown query parameter 'colour'",
    403: "api_key missing",
    409: "Version conflict",
    413: "Request body larger than 1048576 bytes",
    429: RATE_LIMITED,
    500: "Internal server error",
    503: "Database unavailable",
}
_CODES = {409: "VERSION_CONFLICT", 429: "RATE_LIMITED"}
_UNKNOWN_ID = "00000000-0000-0000-0000-000000000000"
# What a path's 404 names: the first matching prefix wins.
_NOT_FOUND = (
    ("/v2/vehicles/", f"vehicle {_UNKNOWN_ID}"),
    ("/evdatabase/", f"vehicle {_UNKNOWN_ID}"),
    ("/v1/charging_stations/", f"charging station {_UNKNOWN_ID}"),
    ("/v1/tariffs/", f"tariff {_UNKNOWN_ID}"),
    ("/v2/tariffs/", f"tariff {_UNKNOWN_ID}"),
    ("/v1/api_keys/", "no key named 'partner-app'"),
    ("/v1/charge_prices/bulk", f"charging stations {_UNKNOWN_ID}"),
    ("/v1/charge_prices", f"vehicle {_UNKNOWN_ID}"),
)


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            from fastapi.openapi.utils import get_openapi

            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            keyed = keyed_operations(app)
            for path, operations in schema["paths"].items():
                for method, operation in operations.items():
                    _complete(path, operation, keyed=(path, method.upper()) in keyed)
            components = schema.setdefault("components", {})
            for unused in ("HTTPValidationError", "ValidationError"):
                components.get("schemas", {}).pop(unused, None)
            components["securitySchemes"] = SECURITY_SCHEMES
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def keyed_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(path, METHOD) of every operation whose dependencies read the key header."""
    # Included routers are contexts over their routes (path prefix, added dependencies).
    return {
        (context.path_format, method)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute)
        and context.path_format is not None
        and _reads_key(context.dependant)
        for method in context.methods or ()
    }


def _reads_key(dependant: Dependant) -> bool:
    names = {(field.alias or field.name).lower() for field in dependant.header_params}
    if {h.lower() for h in KEY_HEADERS.values()} & names:
        return True
    return any(_reads_key(sub) for sub in dependant.dependencies)


def _complete(path: str, operation: dict[str, Any], *, keyed: bool) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    responses.pop("422", None)
    statuses = ["400", "503"]
    if path not in _UNKEYED:
        statuses.append("429")
    if keyed:
        operation["security"] = SECURITY
        statuses.append("403")
    if "requestBody" in operation:
        statuses.append("413")
    if "{" in path:
        statuses.append("404")  # the named resource may not exist
    one_auto = path.startswith(ONE_AUTO_PREFIX)
    envelope = "OneAutoError" if one_auto else "ErrorDocument"
    for status in statuses:
        responses.setdefault(status, _error(envelope, ERROR_REASONS[int(status)]))
    if path.startswith(OCPI_PREFIX):
        return
    for status, response in responses.items():
        content = response.get("content", {}).get("application/json")
        if status.isdigit() and int(status) >= 400 and content is not None:
            content["example"] = error_example(path, int(status), one_auto=one_auto)


def error_example(path: str, status: int, *, one_auto: bool) -> dict[str, Any]:
    """The body `path` answers with `status`, as api/errors.py writes it."""
    title = _TITLES.get(status) or next(
        (title for prefix, title in _NOT_FOUND if path.startswith(prefix)), "Not Found"
    )
    if one_auto:
        return {"success": False, "result": None, "error": title}
    error: dict[str, Any] = {
        "status": str(status),
        "code": _CODES.get(status, HTTP_CODES[status]),
        "title": title,
    }
    if status == 400:
        error["source"] = {"parameter": "colour"}
    return {"errors": [error]}


def _error(envelope: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{envelope}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}
