"""The OpenAPI document, made to say what the API really answers.

FastAPI documents a 422 for every operation with parameters; we answer bad input with a 400 in
the path's envelope (api/errors.py), so the 422 goes and a 400 stands in its place. It also
cannot know what our middleware answers, so every operation gains those statuses here, in one
place: 413 where a body is accepted (api/body_limit.py), 429 where a key is checked or a caller
without one is throttled (services/limiter.py), 503 everywhere (the database is down, or the
request ran out of time: api/time_limit.py), and 404 where the path names a resource. The fuzz
tests check every answer against this document.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from evcharge.api.errors import ONE_AUTO_PREFIX
from evcharge.api.schemas.common import ERROR_REASONS

_UNKEYED = ("/healthz", "/metrics")


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for path, operations in schema["paths"].items():
                for operation in operations.values():
                    _complete(path, operation)
            for unused in ("HTTPValidationError", "ValidationError"):
                schema.get("components", {}).get("schemas", {}).pop(unused, None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(path: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    responses.pop("422", None)
    statuses = ["400", "503"]
    if path not in _UNKEYED:
        statuses.append("429")
    if "requestBody" in operation:
        statuses.append("413")
    if "{" in path:
        statuses.append("404")  # the named resource may not exist
    envelope = "OneAutoError" if path.startswith(ONE_AUTO_PREFIX) else "ErrorDocument"
    for status in statuses:
        responses.setdefault(status, _error(envelope, ERROR_REASONS[int(status)]))


def _error(envelope: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{envelope}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}
