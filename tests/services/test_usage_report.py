"""Usage per key, endpoint and month, with exact amounts (what the report and /v1/usage show)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from evcharge.db.engine import Database
from evcharge.db.repositories.usage import UsageRepository
from evcharge.services import api_keys
from evcharge.services.usage import amounts_by_currency, call_event, usage, utc_day_range

PRICES = {"bidirectional_charging": Decimal("0.50")}


def test_calls_group_by_utc_month_and_only_chargeable_ones_cost(database: Database) -> None:
    with database.transaction() as session:
        key, _ = api_keys.create_key(session, name="m", groups="all")
        sandbox, _ = api_keys.create_key(session, name="s", groups="all", sandbox=True)
        at = [datetime(2026, 10, 31, 23, 59, tzinfo=UTC), datetime(2026, 11, 1, 0, 0, tzinfo=UTC)]
        events = [
            call_event(key, endpoint="bidirectional_charging", method="GET", status=status,
                       at=when, prices=PRICES, currency="GBP")
            for when in at for status in (200, 200, 204, 429)
        ] + [call_event(sandbox, endpoint="bidirectional_charging", method="GET", status=200,
                        at=at[1], prices=PRICES, currency="GBP")]  # fmt: skip
        UsageRepository(session).add_all(events)
        periods = usage(session, api_key_id=key.id)
        november = usage(session, start=utc_day_range(date(2026, 11, 1), None)[0])
    # Each month: 4 calls, 2 chargeable (the 200s) at 0.50 = 1.00; 204 and 429 cost nothing.
    assert [(p.period, p.calls, p.chargeable_calls, p.amount) for p in periods] == [
        ("2026-10", 4, 2, Decimal("1.00")),
        ("2026-11", 4, 2, Decimal("1.00")),
    ]
    assert amounts_by_currency(periods) == {"GBP": Decimal("2.00")}
    # The sandbox call is counted and never billed.
    assert [(p.key_name, p.calls, p.amount) for p in november] == [
        ("m", 4, Decimal("1.00")),
        ("s", 1, Decimal("0")),
    ]
