"""Usage metering: every keyed call is one event; only 200s on non-sandbox keys are chargeable."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from evcharge.db.repositories.usage import UsageEvent, UsageRepository, UsageTotal

# The seed: "200 success, chargeable"; 202, 204, 206, 4xx and 5xx are non-chargeable.
CHARGEABLE_STATUS = 200


def is_chargeable(*, status: int, sandbox: bool) -> bool:
    return status == CHARGEABLE_STATUS and not sandbox


def record_call(
    session: Session,
    *,
    api_key_id: int | None,
    sandbox: bool,
    endpoint: str,
    method: str,
    status: int,
    at: datetime,
    prices: Mapping[str, Decimal],
    currency: str,
) -> UsageEvent:
    event = UsageEvent(
        api_key_id=api_key_id,
        endpoint=endpoint,
        method=method,
        status=status,
        chargeable=is_chargeable(status=status, sandbox=sandbox),
        unit_price=prices.get(endpoint, Decimal("0")),
        currency=currency,
        created_at=at,
    )
    UsageRepository(session).add(event)
    return event


def totals(session: Session, *, api_key_id: int | None = None) -> list[UsageTotal]:
    return UsageRepository(session).totals(api_key_id=api_key_id)
