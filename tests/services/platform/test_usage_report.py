"""Usage per key, endpoint and month, with exact amounts (what the report and /v1/usage show)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

from evcharge.db.engine import Database
from evcharge.db.repositories.usage import insert_events
from evcharge.services.platform import api_keys
from evcharge.services.platform.usage import (
    amounts_by_currency,
    call_event,
    chargeable_calls,
    usage,
    utc_day_range,
)

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
        insert_events(session.connection(), events)
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


def test_free_calls_are_counted_but_not_chargeable(database: Database) -> None:
    priced = {**PRICES, "usage": Decimal("1.00")}  # usage stays free whatever its price
    with database.transaction() as session:
        key, _ = api_keys.create_key(session, name="f", groups="all")
        at = datetime(2026, 11, 2, tzinfo=UTC)
        events = [
            call_event(key, endpoint=endpoint, method="GET", status=200, at=at, prices=priced,
                       currency="GBP")
            for endpoint in ("companies", "usage", "bidirectional_charging")
        ]  # fmt: skip
        # Written before free calls stopped being chargeable: still free, never counted.
        legacy = replace(events[0], chargeable=True, event_id="legacy")
        insert_events(session.connection(), [*events, legacy])
        periods = usage(session, api_key_id=key.id)
        counted = chargeable_calls(session, key.id, datetime(2026, 11, 1, tzinfo=UTC))
    assert [(e.endpoint, e.chargeable, e.unit_price) for e in events] == [
        ("companies", False, Decimal(0)),
        ("usage", False, Decimal(0)),
        ("bidirectional_charging", True, Decimal("0.50")),
    ]
    assert [(p.endpoint, p.calls, p.chargeable_calls, p.amount) for p in periods] == [
        ("bidirectional_charging", 1, 1, Decimal("0.50")),
        ("companies", 2, 0, Decimal(0)),
        ("usage", 1, 0, Decimal(0)),
    ]
    assert counted == 1  # what a quota counts
