"""Usage metering: every keyed call is one event; only 200s on non-sandbox keys are chargeable."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from evcharge.db.repositories.api_keys import StoredKey
from evcharge.db.repositories.usage import UsageEvent, UsagePeriod, UsageRepository

# The seed: "200 success, chargeable"; 202, 204, 206, 4xx and 5xx are non-chargeable.
CHARGEABLE_STATUS = 200


def is_chargeable(*, status: int, sandbox: bool) -> bool:
    return status == CHARGEABLE_STATUS and not sandbox


def call_event(
    key: StoredKey | None,
    *,
    endpoint: str,
    method: str,
    status: int,
    at: datetime,
    prices: Mapping[str, Decimal],
    currency: str,
    request_id: str | None = None,
) -> UsageEvent:
    return UsageEvent(
        api_key_id=key.id if key else None,
        endpoint=endpoint,
        method=method,
        status=status,
        chargeable=is_chargeable(status=status, sandbox=key.sandbox if key else False),
        unit_price=prices.get(endpoint, Decimal("0")),
        currency=currency,
        created_at=at,
        event_id=uuid.uuid4().hex,
        request_id=request_id,
    )


def chargeable_calls(session: Session, key_id: int, since: datetime) -> int:
    return UsageRepository(session).chargeable_since(key_id, since)


def usage(
    session: Session,
    *,
    api_key_id: int | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> list[UsagePeriod]:
    """Calls, chargeable calls and amount per key, endpoint and calendar month (UTC)."""
    return UsageRepository(session).by_month(api_key_id=api_key_id, start=start, end=end)
