"""Where rate-limit and quota state lives: this process's memory, or Redis for every worker.

Both run the same pure steps (core/limits.py). Redis runs them in Lua scripts, so a check and
its update are one atomic step for every worker and host, and time is Redis's own clock
(`TIME`), so hosts with skewed clocks still share one limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol, cast

import redis

from evcharge.core.limits import Decision, QuotaDecision, gcra, quota_take

QUOTA_TTL_S = 40 * 24 * 3600  # a month's counter outlives its month


class LimitStore(Protocol):
    def rate(self, bucket: str, limit_per_min: int) -> Decision: ...

    def take_quota(self, bucket: str, quota: int, used: Callable[[], int]) -> QuotaDecision:
        """Reserve a chargeable call; `used()` (the database's count) seeds a new month."""
        ...

    def give_back(self, bucket: str) -> None: ...


class MemoryStore:
    """One process's limits: right for a single worker, wrong for several (use Redis)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._tats: dict[str, float] = {}
        self._used: dict[str, int] = {}
        self._lock = threading.Lock()

    def rate(self, bucket: str, limit_per_min: int) -> Decision:
        with self._lock:
            decision = gcra(self._tats.get(bucket), self._clock(), limit_per_min)
            if decision.allowed:
                self._tats[bucket] = decision.tat_s
            return decision

    def take_quota(self, bucket: str, quota: int, used: Callable[[], int]) -> QuotaDecision:
        with self._lock:
            if bucket not in self._used:
                self._used[bucket] = used()
            decision = quota_take(self._used[bucket], quota)
            self._used[bucket] = decision.used
            return decision

    def give_back(self, bucket: str) -> None:
        with self._lock:
            if self._used.get(bucket, 0) > 0:
                self._used[bucket] -= 1


# KEYS[1] tat key; ARGV[1] limit per minute. The steps of core.limits.gcra, in microseconds.
_GCRA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = math.floor(60000000 / tonumber(ARGV[1]))
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval
local allow_at = new_tat - 60000000
if now < allow_at then
  return {0, 0, allow_at - now, tat - now}
end
redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil((new_tat - now) / 1000) + 1000)
local remaining = math.floor((60000000 - (new_tat - now)) / interval)
return {1, remaining, 0, new_tat - now}
"""

# KEYS[1] month counter; ARGV[1] quota. The counter must exist (seeded with SET NX, with a TTL).
_TAKE = """
local used = tonumber(redis.call('GET', KEYS[1]))
if used >= tonumber(ARGV[1]) then return {0, used} end
return {1, redis.call('INCR', KEYS[1])}
"""
_GIVE_BACK = """
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used > 0 then redis.call('DECR', KEYS[1]) end
return 0
"""


class RedisStore:
    """Shared by every worker and host using the same Redis."""

    def __init__(self, url: str, *, timeout_s: float) -> None:
        self.client = redis.Redis.from_url(
            url, socket_timeout=timeout_s, socket_connect_timeout=timeout_s
        )
        self._gcra = self.client.register_script(_GCRA)
        self._take = self.client.register_script(_TAKE)
        self._give_back = self.client.register_script(_GIVE_BACK)

    def rate(self, bucket: str, limit_per_min: int) -> Decision:
        allowed, remaining, retry_us, reset_us = cast(
            list[int], self._gcra(keys=[f"evcharge:rate:{bucket}"], args=[limit_per_min])
        )
        return Decision(
            allowed=bool(allowed),
            limit=limit_per_min,
            remaining=int(remaining),
            retry_after_s=retry_us / 1e6,
            reset_s=reset_us / 1e6,
            tat_s=0.0,  # kept in Redis
        )

    def take_quota(self, bucket: str, quota: int, used: Callable[[], int]) -> QuotaDecision:
        key = f"evcharge:quota:{bucket}"
        if not self.client.exists(key):
            # Several workers may seed at once: NX keeps the first, and all count from there.
            self.client.set(key, used(), nx=True, ex=QUOTA_TTL_S)
        allowed, count = cast(list[int], self._take(keys=[key], args=[quota]))
        return QuotaDecision(bool(allowed), quota, int(count))

    def give_back(self, bucket: str) -> None:
        self._give_back(keys=[f"evcharge:quota:{bucket}"])

    def close(self) -> None:
        self.client.close()
