"""The OCPI 2.2.1 response envelope, for the OpenAPI document of the /ocpi paths."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class OcpiEnvelope(BaseModel):
    """Every answer on an /ocpi path, errors included (transport_and_format)."""

    data: Any = Field(None, description="the object, the list, or null (errors, writes)")
    status_code: int = Field(description="1000 success; 2xxx client errors; 3xxx server errors")
    status_message: str = Field(description="what the status code means, or what was wrong")
    timestamp: str = Field(description="RFC 3339, UTC")


_ERRORS = {
    400: "OCPI 2001 (invalid or missing parameters) or 2000",
    401: "a missing or unknown token (OCPI 2000)",
    403: "a CPO writing under another party (OCPI 2001), or an eMSP writing",
    404: "an unknown object (OCPI 2003 for a location, else 2000)",
    405: "credentials: POST when registered, PUT or DELETE when not",
    502: "the other party's API could not be used (OCPI 3001)",
    503: "a server error (OCPI 3000): retry later",
}
EXAMPLE = {
    "data": [{"version": "2.2.1", "url": "https://evcharge.example.com/ocpi/2.2.1"}],
    "status_code": 1000,
    "status_message": "Success",
    "timestamp": "2026-11-30T06:00:00Z",
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "model": OcpiEnvelope,
        "description": "OCPI 1000",
        "content": {"application/json": {"example": EXAMPLE}},
    },
    **{status: {"model": OcpiEnvelope, "description": why} for status, why in _ERRORS.items()},
}
