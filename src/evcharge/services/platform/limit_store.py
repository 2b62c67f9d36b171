"""Where rate-limit and quota state lives: this process's memory, or Redis for every worker.

Both run the same pure steps (core/limits.py). Redis runs them in Lua scripts, so a check and
its update are one atomic step for every worker and host, and time is Redis's own clock
(`TIME`), so hosts with skewed clocks still share one limit.

A month's quota counter is seeded from the database's count the first time a store sees it,
and reseeded (the larger of the two, core.limits.quota_reseed) after `distrust_counters()`:
the limiter calls that when the store answers again after an outage, because calls served
while limits failed open were billed in the database but never counted here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol, cast

import redis

from evcharge.core.limits import Decision, QuotaDecision, gcra, quota_reseed, quota_take

QUOTA_TTL_S = 40 * 24 * 3600  # a month's counter outlives its month
MAX_MEMORY_BUCKETS = 100_000
EPOCH_KEY = "evcharge:quota-epoch"  # bumped by distrust_counters(); counters remember theirs


class LimitStore(Protocol):
    def rate(self, bucket: str, limit_per_min: int) -> Decision: ...

    def peek(self, bucket: str, limit_per_min: int) -> Decision:
        """The decision a call would get now, without taking it."""
        ...

    def take_quota(self, bucket: str, quota: int, used: Callable[[], int]) -> QuotaDecision:
        """Reserve a chargeable call; `used()` (the database's count) seeds a month the store
        has not seen, or reseeds one seeded before the last `distrust_counters()`."""
        ...

    def give_back(self, bucket: str) -> None: ...

    def distrust_counters(self) -> None:
        """Every month counter may have missed calls: reseed each at its next take."""
        ...


class MemoryStore:
    """One process's limits: right for a single worker, wrong for several (use Redis)."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._tats: dict[str, float] = {}
        self._used: dict[str, int] = {}
        self._seeded_in: dict[str, int] = {}  # the epoch each counter was last seeded in
        self._epoch = 0
        self._lock = threading.Lock()

    def rate(self, bucket: str, limit_per_min: int) -> Decision:
        with self._lock:
            now = self._clock()
            decision = gcra(self._tats.get(bucket), now, limit_per_min)
            if decision.allowed:
                if len(self._tats) >= MAX_MEMORY_BUCKETS:
                    self._forget_idle(now)
                self._tats[bucket] = decision.tat_s
            return decision

    def peek(self, bucket: str, limit_per_min: int) -> Decision:
        with self._lock:
            return gcra(self._tats.get(bucket), self._clock(), limit_per_min)

    def _forget_idle(self, now: float) -> None:
        # A bucket whose TAT has passed is as good as new; client addresses are cheap to vary,
        # so without this the anonymous buckets alone could grow without bound.
        self._tats = {b: tat for b, tat in self._tats.items() if tat > now}

    def take_quota(self, bucket: str, quota: int, used: Callable[[], int]) -> QuotaDecision:
        with self._lock:
            if self._seeded_in.get(bucket) != self._epoch:
                self._used[bucket] = quota_reseed(self._used.get(bucket), used())
                self._seeded_in[bucket] = self._epoch
            decision = quota_take(self._used[bucket], quota)
            self._used[bucket] = decision.used
            return decision

    def give_back(self, bucket: str) -> None:
        with self._lock:
            if self._used.get(bucket, 0) > 0:
                self._used[bucket] -= 1

    def distrust_counters(self) -> None:
        with self._lock:
            self._epoch += 1


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

# KEYS[1] month counter, KEYS[2] the epoch it was seeded in, KEYS[3] the store's epoch;
# ARGV[1] quota. {-1, 0}: seed it first (a month not seen yet, or seeded before an outage).
_TAKE = """
local used = redis.call('GET', KEYS[1])
local epoch = redis.call('GET', KEYS[3]) or '0'
if not used or (redis.call('GET', KEYS[2]) or '0') ~= epoch then return {-1, 0} end
used = tonumber(used)
if used >= tonumber(ARGV[1]) then return {0, used} end
return {1, redis.call('INCR', KEYS[1])}
"""
# The same KEYS; ARGV[1] quota, ARGV[2] the database's count, ARGV[3] TTL. core.limits'
# quota_reseed then quota_take in one atomic step, so workers seeding at once all count on.
_SEED_AND_TAKE = """
local used = tonumber(ARGV[2])
local kept = redis.call('GET', KEYS[1])
if kept and tonumber(kept) > used then used = tonumber(kept) end
redis.call('SET', KEYS[2], redis.call('GET', KEYS[3]) or '0', 'EX', ARGV[3])
if used >= tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], used, 'EX', ARGV[3])
  return {0, used}
end
redis.call('SET', KEYS[1], used + 1, 'EX', ARGV[3])
return {1, used + 1}
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
        self._seed_and_take = self.client.register_script(_SEED_AND_TAKE)
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

    def peek(self, bucket: str, limit_per_min: int) -> Decision:
        pipe = self.client.pipeline(transaction=False)
        pipe.get(f"evcharge:rate:{bucket}")
        pipe.time()
        tat_us, (seconds, micros) = pipe.execute()
        tat_s = int(tat_us) / 1e6 if tat_us is not None else None
        return gcra(tat_s, seconds + micros / 1e6, limit_per_min)  # Redis's clock, as _GCRA

    def take_quota(self, bucket: str, quota: int, used: Callable[[], int]) -> QuotaDecision:
        counter = f"evcharge:quota:{bucket}"
        keys = [counter, f"{counter}:epoch", EPOCH_KEY]
        allowed, count = cast(list[int], self._take(keys=keys, args=[quota]))
        if allowed < 0:
            # Counted outside the script: a database query must not run inside Redis.
            args = [quota, used(), QUOTA_TTL_S]
            allowed, count = cast(list[int], self._seed_and_take(keys=keys, args=args))
        return QuotaDecision(allowed == 1, quota, int(count))

    def give_back(self, bucket: str) -> None:
        self._give_back(keys=[f"evcharge:quota:{bucket}"])

    def distrust_counters(self) -> None:
        self.client.incr(EPOCH_KEY)

    def close(self) -> None:
        self.client.close()
