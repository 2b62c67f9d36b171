"""GET /healthz (liveness plus a database round trip) and GET /metrics; no key needed."""

from __future__ import annotations

from fastapi import APIRouter, Response

from evcharge.api.deps import SessionDep
from evcharge.api.responses import JsonResponse
from evcharge.db.repositories.health import ping
from evcharge.metrics import exposition

router = APIRouter(tags=["health"])


@router.get(
    "/healthz",
    summary="Health check",
    description="Answers 200 when the server runs and its database answers a query (no key "
    "needed); a database that is down gives 503. HEAD is answered the same way, without a body.",
    responses={
        200: {"content": {"application/json": {"example": {"status": "ok", "database": "ok"}}}}
    },
)
def healthz(session: SessionDep) -> JsonResponse:
    ping(session)
    return JsonResponse({"status": "ok", "database": "ok"})


# Load balancers and uptime checks often probe with HEAD; the same check, with no body.
router.add_api_route("/healthz", healthz, methods=["HEAD"], include_in_schema=False)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    description="Requests, latency, limit hits and limit-store failures, in Prometheus' text "
    "format (summed over workers). Restrict it at your proxy if it should not be public.",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"example": "evcharge_requests_total{...} 1.0"}}}},
)
def metrics() -> Response:
    body, content_type = exposition()
    return Response(body, media_type=content_type)
