"""Usage metering: every keyed call is one event; a chargeable one is a 200 on a priced
endpoint for a live (non-sandbox) key. Quotas count exactly these (services/limiter.py)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from evcharge.core.errors import InvalidInput
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.db.repositories.usage import UsageEvent, UsagePeriod, UsageRepository

# The seed: "200 success, chargeable"; 202, 204, 206, 4xx and 5xx are non-chargeable.
CHARGEABLE_STATUS = 200
# Free whatever EVCHARGE_PRICE_PER_CALL says: a key must always be able to read its own bill,
# even with its quota spent.
FREE_ENDPOINTS = frozenset({"usage"})


def unit_price(prices: Mapping[str, Decimal], endpoint: str) -> Decimal:
    if endpoint in FREE_ENDPOINTS:
        return Decimal(0)
    return prices.get(endpoint, Decimal(0))


def is_billable(prices: Mapping[str, Decimal], endpoint: str | None, *, sandbox: bool) -> bool:
    """Whether a 200 of `endpoint` would be charged to the key: the calls its quota counts."""
    return endpoint is not None and not sandbox and unit_price(prices, endpoint) > 0


def is_chargeable(*, status: int, sandbox: bool, price: Decimal) -> bool:
    # A zero-price call is free, so it is not chargeable: it must not use up a quota.
    return status == CHARGEABLE_STATUS and not sandbox and price > 0


def call_event(
    key: StoredKey,
    *,
    endpoint: str,
    method: str,
    status: int,
    at: datetime,
    prices: Mapping[str, Decimal],
    currency: str,
    request_id: str | None = None,
) -> UsageEvent:
    price = unit_price(prices, endpoint)
    return UsageEvent(
        api_key_id=key.id,
        endpoint=endpoint,
        method=method,
        status=status,
        chargeable=is_chargeable(status=status, sandbox=key.sandbox, price=price),
        unit_price=price,
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


# Usage is kept from 2000 to 2100: beyond, "the day after" overflows (9999-12-31 was a 500).
FIRST_USAGE_DAY = date(2000, 1, 1)
LAST_USAGE_DAY = date(2100, 12, 31)


def utc_day_range(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """[first day 00:00 UTC, the day after the last day 00:00 UTC); None leaves a side open."""
    for day, parameter in ((first, "filter[from]"), (last, "filter[to]")):
        if day is not None and not FIRST_USAGE_DAY <= day <= LAST_USAGE_DAY:
            raise InvalidInput(
                f"{parameter} must be a day from {FIRST_USAGE_DAY} to {LAST_USAGE_DAY}",
                parameter=parameter,
            )
    start = datetime.combine(first, time(), UTC) if first else None
    end = datetime.combine(last + timedelta(days=1), time(), UTC) if last else None
    if start and end and end <= start:
        raise InvalidInput("filter[to] is before filter[from]", parameter="filter[to]")
    return start, end


def amounts_by_currency(periods: list[UsagePeriod]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for p in periods:
        totals[p.currency] = totals.get(p.currency, Decimal(0)) + p.amount
    return totals
