"""The Sender lists' parameters (date_from, date_to, offset, limit) and paging headers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Query, Request

from evcharge.api.responses import JsonResponse
from evcharge.api.routers.ocpi_common import answer
from evcharge.db.repositories.ocpi import Window
from evcharge.services.ocpi.errors import InvalidParameters
from evcharge.services.ocpi.sender import MAX_LIMIT, Page


def _utc(moment: datetime | None, name: str) -> datetime | None:
    # OCPI DateTime is UTC; a value without a zone means UTC.
    if moment is None:
        return None
    if not 1970 <= moment.year <= 2999:  # year 1 with an offset overflows when moved to UTC
        raise InvalidParameters(f"{name}: the year must be 1970 to 2999")
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def window(
    date_from: Annotated[datetime | None, Query(description="last_updated >= this (UTC)")] = None,
    date_to: Annotated[datetime | None, Query(description="last_updated < this (UTC)")] = None,
    offset: Annotated[int, Query(ge=0, le=100_000_000)] = 0,
    limit: Annotated[int | None, Query(ge=1, description=f"at most {MAX_LIMIT}")] = None,
) -> Window:
    """A limit above the maximum is lowered to it (and said in X-Limit), as OCPI asks."""
    return Window(
        _utc(date_from, "date_from"), _utc(date_to, "date_to"), offset,
        min(limit or MAX_LIMIT, MAX_LIMIT),
    )  # fmt: skip


Paging = Annotated[Window, Depends(window)]


def page_answer(request: Request, page: Page) -> JsonResponse:
    headers = {"X-Total-Count": str(page.total), "X-Limit": str(page.limit)}
    if page.next_offset is not None:
        url = request.url.include_query_params(offset=page.next_offset, limit=page.limit)
        headers["Link"] = f'<{url}>; rel="next"'
    return answer(request, page.items, headers=headers)
