"""Shapes shared by every JSON:API response, for OpenAPI."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ResourceIdentifier(BaseModel):
    id: str = Field(description="the related resource's id (a UUID for our own records)")
    type: str = Field(description="the related resource's JSON:API type, e.g. vehicle_brand")


class ToOne(BaseModel):
    data: ResourceIdentifier | None = Field(description="the related resource; null if none")


class ErrorSource(BaseModel):
    parameter: str | None = Field(None, description="the query parameter that is wrong")
    pointer: str | None = Field(
        None, description="JSON Pointer (RFC 6901) to the wrong member of the request body"
    )


class JsonApiError(BaseModel):
    status: str = Field(description="the HTTP status code, as a string")
    code: str = Field(description="a stable machine-readable code, e.g. BAD_REQUEST, NOT_FOUND")
    title: str = Field(description="what went wrong, in English, safe to show")
    detail: str | None = Field(None, description="more on what went wrong, when there is more")
    source: ErrorSource | None = Field(None, description="which part of the request is wrong")


class ErrorDocument(BaseModel):
    errors: list[JsonApiError] = Field(description="one error (JSON:API allows several)")


class PageLinks(BaseModel):
    self: str = Field(description="URL of this page")
    first: str = Field(description="URL of the first page")
    prev: str | None = Field(description="URL of the previous page; null on the first")
    next: str | None = Field(description="URL of the next page; null on the last")
    last: str = Field(description="URL of the last page")


class OverallCountMeta(BaseModel):
    overall_count: int = Field(description="how many records match, over all pages")


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
