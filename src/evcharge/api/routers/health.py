"""GET /healthz: liveness plus a database round trip (no key needed)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from evcharge.api.deps import SessionDep
from evcharge.api.responses import JsonResponse

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="Health check",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ok", "database": "ok"}}}}
    },
)
def healthz(session: SessionDep) -> JsonResponse:
    session.execute(text("SELECT 1"))
    return JsonResponse({"status": "ok", "database": "ok"})
