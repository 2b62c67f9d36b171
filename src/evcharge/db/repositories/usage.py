"""All SQL about usage events (metering)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from evcharge.db.models import UsageEventRow


@dataclass(frozen=True, slots=True)
class UsageEvent:
    api_key_id: int | None
    endpoint: str
    method: str
    status: int
    chargeable: bool
    unit_price: Decimal
    currency: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class UsageTotal:
    api_key_id: int | None
    endpoint: str
    calls: int
    chargeable_calls: int
    amount: Decimal
    currency: str


class UsageRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, event: UsageEvent) -> None:
        self.session.add(UsageEventRow(**asdict(event)))
        self.session.flush()

    def events(self, api_key_id: int | None = None) -> list[UsageEvent]:
        query = select(UsageEventRow).order_by(UsageEventRow.id)
        if api_key_id is not None:
            query = query.where(UsageEventRow.api_key_id == api_key_id)
        names = [f.name for f in fields(UsageEvent)]
        return [
            UsageEvent(**{name: getattr(row, name) for name in names})
            for row in self.session.scalars(query)
        ]

    def totals(self, *, api_key_id: int | None = None) -> list[UsageTotal]:
        charged = func.sum(UsageEventRow.unit_price).filter(UsageEventRow.chargeable)
        query = (
            select(
                UsageEventRow.api_key_id,
                UsageEventRow.endpoint,
                UsageEventRow.currency,
                func.count(),
                func.count().filter(UsageEventRow.chargeable),
                charged,
            )
            .group_by(UsageEventRow.api_key_id, UsageEventRow.endpoint, UsageEventRow.currency)
            .order_by(UsageEventRow.api_key_id, UsageEventRow.endpoint)
        )
        if api_key_id is not None:
            query = query.where(UsageEventRow.api_key_id == api_key_id)
        return [
            UsageTotal(
                api_key_id=key_id,
                endpoint=endpoint,
                calls=calls,
                chargeable_calls=chargeable,
                amount=Decimal(amount or 0),
                currency=currency,
            )
            for key_id, endpoint, currency, calls, chargeable, amount in self.session.execute(query)
        ]
