"""Rate limits by GCRA (the generic cell rate algorithm) and monthly quotas. Pure: time is given.

GCRA keeps one number per key, the theoretical arrival time (TAT): when the key's bucket would
be empty again. A limit of N per minute lets N calls through at once (the burst) and then one
every 60/N s: between any two answered calls t1 <= t2 there are at most N + (t2 - t1) x N / 60
calls, so "10 per minute" answers 10 of 30 simultaneous calls and then one every 6 s. It is
a token bucket that stores one float per key instead of a list of times, and it refills
smoothly rather than all at once at a window's edge. The Redis store runs the same steps in a
Lua script, atomically.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

WINDOW_S = 60.0


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int  # calls that would still pass right now
    retry_after_s: float  # 0 when allowed
    reset_s: float  # until the bucket is full again (all `limit` calls available)
    tat_s: float  # the TAT to store (unchanged when refused)


def gcra(tat_s: float | None, now_s: float, limit_per_min: int) -> Decision:
    """One call at `now_s` against a key whose stored TAT is `tat_s` (None: never seen)."""
    interval_s = WINDOW_S / limit_per_min
    tat = max(tat_s if tat_s is not None else now_s, now_s)
    new_tat = tat + interval_s
    allow_at = new_tat - WINDOW_S
    if now_s < allow_at:
        return Decision(
            allowed=False,
            limit=limit_per_min,
            remaining=0,
            retry_after_s=allow_at - now_s,
            reset_s=tat - now_s,
            tat_s=tat,
        )
    remaining = math.floor((WINDOW_S - (new_tat - now_s)) / interval_s + 1e-9)
    return Decision(
        allowed=True,
        limit=limit_per_min,
        remaining=max(remaining, 0),
        retry_after_s=0.0,
        reset_s=new_tat - now_s,
        tat_s=new_tat,
    )


@dataclass(frozen=True, slots=True)
class QuotaDecision:
    allowed: bool
    quota: int
    used: int  # chargeable calls this month, this one included when allowed


def quota_take(used: int, quota: int) -> QuotaDecision:
    """Reserve one chargeable call; the caller gives it back if the call was not chargeable."""
    if used >= quota:
        return QuotaDecision(False, quota, used)
    return QuotaDecision(True, quota, used + 1)


def quota_reseed(kept: int | None, counted: int) -> int:
    """The month's counter rebuilt from the database's count of chargeable calls.

    `kept` is what the store holds (None: it has not seen the month). The larger wins: the
    database misses calls reserved but not yet recorded, while a counter kept through a store
    outage misses the calls billed while limits failed open.
    """
    return counted if kept is None else max(kept, counted)


def month_of(at: datetime) -> str:
    """The quota period: the UTC calendar month, as YYYY-MM."""
    return f"{at.year:04d}-{at.month:02d}"


def seconds_to_next_month(at: datetime) -> float:
    first = at.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    if first.month == 12:
        nxt = first.replace(year=first.year + 1, month=1)
    else:
        nxt = first.replace(month=first.month + 1)
    return (nxt - at).total_seconds()
