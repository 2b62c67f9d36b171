"""GET /healthz: liveness plus a database round trip (no key needed)."""

from __future__ import annotations

from fastapi import APIRouter

from evcharge.api.deps import SessionDep
from evcharge.api.responses import JsonResponse
from evcharge.db.repositories.health import ping

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="Health check",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ok", "database": "ok"}}}}
    },
)
def healthz(session: SessionDep) -> JsonResponse:
    ping(session)
    return JsonResponse({"status": "ok", "database": "ok"})
