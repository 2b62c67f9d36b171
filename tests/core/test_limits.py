"""GCRA and quota steps, with hand-worked numbers (core/limits.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evcharge.core.limits import gcra, month_of, quota_reseed, quota_take, seconds_to_next_month


def test_three_a_minute_worked_by_hand() -> None:
    # 3 a minute: one call every 20 s, and a burst of 3. TAT = when the bucket is empty again.
    first = gcra(None, 0.0, 3)  # TAT 0 -> 20; allowed from 20 - 60 = -40
    assert (first.allowed, first.remaining, first.reset_s, first.tat_s) == (True, 2, 20.0, 20.0)
    second = gcra(first.tat_s, 0.0, 3)  # TAT 20 -> 40
    assert (second.allowed, second.remaining, second.tat_s) == (True, 1, 40.0)
    third = gcra(second.tat_s, 0.0, 3)  # TAT 40 -> 60; allowed from 0, and now is 0
    assert (third.allowed, third.remaining, third.reset_s) == (True, 0, 60.0)
    fourth = gcra(third.tat_s, 0.0, 3)  # would be TAT 80, allowed only from 80 - 60 = 20
    assert (fourth.allowed, fourth.retry_after_s, fourth.reset_s) == (False, 20.0, 60.0)
    assert fourth.tat_s == 60.0  # a refused call costs nothing
    at_20 = gcra(fourth.tat_s, 20.0, 3)  # 20 s later exactly one more fits
    assert (at_20.allowed, at_20.remaining, at_20.tat_s) == (True, 0, 80.0)
    idle = gcra(at_20.tat_s, 100.0, 3)  # after a long pause the burst is back
    assert (idle.allowed, idle.remaining, idle.tat_s) == (True, 2, 120.0)


@given(
    limit=st.integers(1, 20),
    gaps=st.lists(st.floats(0, 30, allow_nan=False), min_size=1, max_size=120),
)
def test_a_burst_of_the_limit_then_one_per_interval(limit: int, gaps: list[float]) -> None:
    tat, now, passed = None, 0.0, []
    for gap in gaps:
        now += gap
        d = gcra(tat, now, limit)
        if d.allowed:
            tat = d.tat_s
            passed.append(now)
    interval_s = 60 / limit
    for i, first in enumerate(passed):
        for j in range(i, len(passed)):
            # Calls i..j answered between first and passed[j]: at most the burst plus refills.
            assert j - i + 1 <= limit + (passed[j] - first) / interval_s + 1e-6


def test_quota_takes_until_the_last_allowed_call() -> None:
    assert (quota_take(0, 2).allowed, quota_take(0, 2).used) == (True, 1)
    assert (quota_take(1, 2).allowed, quota_take(1, 2).used) == (True, 2)
    assert (quota_take(2, 2).allowed, quota_take(2, 2).used) == (False, 2)
    assert quota_take(0, 0).allowed is False  # a zero quota allows no chargeable call


@pytest.mark.parametrize(
    ("kept", "counted", "reseeded"),
    [
        (None, 4, 4),  # a month the store has not seen: the database's count
        (2, 5, 5),  # 3 calls billed while the store was unreachable: the database knows them
        (6, 4, 6),  # 2 calls reserved, not recorded yet: only the store knows them
        (3, 3, 3),
    ],
)
def test_a_reseeded_counter_keeps_the_larger_count(
    kept: int | None, counted: int, reseeded: int
) -> None:
    assert quota_reseed(kept, counted) == reseeded


def test_the_quota_month_is_the_utc_calendar_month() -> None:
    at = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
    assert month_of(at) == "2026-12"
    assert seconds_to_next_month(at) == 3600  # to 2027-01-01 00:00
    assert seconds_to_next_month(datetime(2026, 2, 28, 0, 0, tzinfo=UTC)) == 86400
