"""Shapes shared by every JSON:API response, for OpenAPI."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ResourceIdentifier(BaseModel):
    id: str
    type: str


class ToOne(BaseModel):
    data: ResourceIdentifier | None


class ErrorSource(BaseModel):
    parameter: str | None = None
    pointer: str | None = None


class JsonApiError(BaseModel):
    status: str = Field(examples=["403"])
    code: str = Field(examples=["FORBIDDEN"])
    title: str = Field(examples=["action read_vehicles_full not allowed"])
    detail: str | None = None
    source: ErrorSource | None = None


class ErrorDocument(BaseModel):
    errors: list[JsonApiError]


class PageLinks(BaseModel):
    self: str
    first: str
    prev: str | None
    next: str | None
    last: str


class OverallCountMeta(BaseModel):
    overall_count: int


def error_responses(*statuses: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI `responses` entries for JSON:API errors."""
    return {
        status: {"model": ErrorDocument, "description": ERROR_REASONS[status]}
        for status in statuses
    }


ERROR_REASONS = {
    400: "a parameter is missing or invalid",
    403: "the key is missing, invalid, revoked, or lacks the group",
    404: "not found",
    409: "version conflict",
    413: "the request body is too large",
    429: "the key's rate limit or monthly quota is exceeded (Retry-After says when to retry)",
    500: "an unexpected failure (a bug)",
    503: "the database is unavailable or the request timed out; retry later",
}
