"""All SQL about usage events (metering)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import ColumnElement, Connection, Table, and_, func, insert, select
from sqlalchemy.orm import Session

from evcharge.db.models import ApiKeyRow, UsageEventRow


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
    event_id: str | None = None
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class UsagePeriod:
    """One key's use of one endpoint in one calendar month (UTC)."""

    key_name: str | None
    endpoint: str
    period: str  # YYYY-MM
    calls: int
    chargeable_calls: int
    amount: Decimal
    currency: str


# Built once: every metered call writes through here. A shallow copy of each event's fields, not
# dataclasses.asdict, which deep-copies every Decimal and datetime.
_EVENT_FIELDS = tuple(f.name for f in fields(UsageEvent))
_INSERT_EVENTS = insert(cast(Table, UsageEventRow.__table__))


def _month(session: Session) -> ColumnElement[Any]:
    # The one dialect difference: how a timestamp becomes "YYYY-MM".
    if session.get_bind().dialect.name == "postgresql":
        utc = func.timezone("UTC", UsageEventRow.created_at)  # not the session's zone
        return func.to_char(utc, "YYYY-MM")
    return func.strftime("%Y-%m", UsageEventRow.created_at)


def insert_events(connection: Connection, events: list[UsageEvent]) -> None:
    """One multi-row insert; a repeated event_id violates the unique constraint. Core, not the
    ORM's bulk path: this runs on every metered call, and the ORM's bookkeeping doubled it."""
    rows = [{name: getattr(e, name) for name in _EVENT_FIELDS} for e in events]
    connection.execute(_INSERT_EVENTS, rows)


def _charged() -> ColumnElement[bool]:
    # Rows written before zero-price calls stopped being chargeable may say chargeable at a
    # price of 0; those calls were free, so neither quotas nor reports count them.
    return and_(UsageEventRow.chargeable, UsageEventRow.unit_price > 0)


class UsageRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def events(self, api_key_id: int | None = None) -> list[UsageEvent]:
        query = select(UsageEventRow).order_by(UsageEventRow.id)
        if api_key_id is not None:
            query = query.where(UsageEventRow.api_key_id == api_key_id)
        names = [f.name for f in fields(UsageEvent)]
        return [
            UsageEvent(**{name: getattr(row, name) for name in names})
            for row in self.session.scalars(query)
        ]

    def chargeable_since(self, api_key_id: int, since: datetime) -> int:
        query = select(func.count()).where(
            UsageEventRow.api_key_id == api_key_id,
            _charged(),
            UsageEventRow.created_at >= since,
        )
        return int(self.session.scalar(query) or 0)

    def by_month(
        self,
        *,
        api_key_id: int | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> list[UsagePeriod]:
        month = _month(self.session).label("period")
        charged = func.sum(UsageEventRow.unit_price).filter(_charged())
        query = (
            select(
                ApiKeyRow.name,
                UsageEventRow.endpoint,
                month,
                UsageEventRow.currency,
                func.count(),
                func.count().filter(_charged()),
                charged,
            )
            .outerjoin(ApiKeyRow, ApiKeyRow.id == UsageEventRow.api_key_id)
            .group_by(ApiKeyRow.name, UsageEventRow.endpoint, month, UsageEventRow.currency)
            .order_by(ApiKeyRow.name, month, UsageEventRow.endpoint)
        )
        if api_key_id is not None:
            query = query.where(UsageEventRow.api_key_id == api_key_id)
        if start is not None:
            query = query.where(UsageEventRow.created_at >= start)
        if end is not None:
            query = query.where(UsageEventRow.created_at < end)
        return [
            UsagePeriod(
                key_name=name,
                endpoint=endpoint,
                period=period,
                calls=calls,
                chargeable_calls=chargeable,
                amount=Decimal(amount or 0),
                currency=currency,
            )
            for name, endpoint, period, currency, calls, chargeable, amount in self.session.execute(
                query
            )
        ]
