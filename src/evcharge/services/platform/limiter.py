"""Admits or refuses a keyed call: its rate-limit class, then its monthly quota.

Redis down: we fail open. A refused call would turn an outage of the limit store into an
outage of the API for paying users, while billing stays exact because usage is metered in the
database, not in Redis; quotas are enforced again as soon as Redis answers, from counters
reseeded with the database's count (the calls billed during the outage). Each failed check is
logged (at most every 30 s) and counted in evcharge_limit_store_errors_total.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import redis
from sqlalchemy.orm import Session

from evcharge.core.errors import QuotaExceeded, RateLimited
from evcharge.core.limits import Decision, QuotaDecision, month_of, seconds_to_next_month
from evcharge.db.base import utcnow
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.metrics import LIMIT_HITS, STORE_ERRORS
from evcharge.services.platform.limit_store import LimitStore, MemoryStore, RedisStore
from evcharge.services.platform.usage import chargeable_calls, is_billable
from evcharge.settings import Settings

log = logging.getLogger("evcharge.limits")
MESSAGE = "API key rate limit/quota has been exceeded"  # the seed's words for its 429
STORE_DOWN = (redis.RedisError, OSError)  # unreachable or too slow: the check fails open


@dataclass(frozen=True, slots=True)
class Admission:
    headers: dict[str, str] = field(default_factory=dict)
    # A reserved unit of quota: given back unless the call turns out chargeable.
    quota_bucket: str | None = None


def _rate_headers(d: Decision) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(d.limit),
        "X-RateLimit-Remaining": str(d.remaining),
        "X-RateLimit-Reset": str(math.ceil(d.reset_s)),
    }


def _quota_headers(q: QuotaDecision) -> dict[str, str]:
    return {"X-Quota-Limit": str(q.quota), "X-Quota-Remaining": str(max(q.quota - q.used, 0))}


class Limiter:
    def __init__(self, settings: Settings, store: LimitStore) -> None:
        self.settings = settings
        self.store = store
        self._last_warning = 0.0
        # Set when a check failed open: calls billed since then are missing from the counters.
        self._store_failed = False

    def admit(
        self, key: StoredKey, endpoint: str | None, now: datetime, used: Callable[[], int]
    ) -> Admission:
        """Raises RateLimited or QuotaExceeded; `used()` counts the key's chargeable calls
        this month from the database when the store must (re)seed its counter.

        Only billable calls take quota (services/usage.is_billable): free endpoints and
        `/v1/usage` answer even when the quota is spent."""
        limit = key.rate_limit_per_min or self.settings.rate_limit_per_min
        bucket = f"{key.id}:all"
        if endpoint in self.settings.price_endpoints:
            limit, bucket = min(limit, self.settings.price_rate_limit_per_min), f"{key.id}:price"
        billable = is_billable(self.settings.price_per_call, endpoint, sandbox=key.sandbox)
        try:
            headers = self._rate(bucket, limit, endpoint or "")
            if key.quota_per_month is None or not billable:
                return Admission(headers)
            month = f"{key.id}:{month_of(now)}"
            quota = self.store.take_quota(month, key.quota_per_month, used)
        except STORE_DOWN as exc:
            self._fail_open(exc)
            return Admission()
        if not quota.allowed:
            LIMIT_HITS.labels("quota", endpoint or "").inc()
            retry = {"Retry-After": str(math.ceil(seconds_to_next_month(now)))}
            raise QuotaExceeded(MESSAGE, headers | _quota_headers(quota) | retry)
        return Admission(headers | _quota_headers(quota), month)

    def waits(self, key: StoredKey, endpoint: str | None) -> bool:
        """Whether admitting `key` may wait on I/O: a store over the network (Redis), or a
        month's quota counter that the database's count may have to seed. Without either, a
        check is a few dictionary steps, cheaper than a hop to a worker thread."""
        if not isinstance(self.store, MemoryStore):
            return True
        billable = is_billable(self.settings.price_per_call, endpoint, sandbox=key.sandbox)
        return key.quota_per_month is not None and billable

    def admit_anonymous(self, address: str, endpoint: str | None) -> Admission:
        """A call without a valid key, throttled per client address; raises RateLimited.

        Such calls are refused anyway, but each costs a key lookup: the bucket stops one
        address from hammering us (or guessing keys) without limit."""
        limit = self.settings.anonymous_rate_limit_per_min
        try:
            return Admission(self._rate(f"anonymous:{address}", limit, endpoint or ""))
        except STORE_DOWN as exc:
            self._fail_open(exc)
            return Admission()

    def refuse_throttled(self, address: str, endpoint: str | None) -> None:
        """Raise RateLimited while `address` is over its budget of calls without a valid key,
        before any key is looked up: otherwise a guesser still learns from the status code
        (200 against 429) when a key is right, and every guess costs a lookup."""
        limit = self.settings.anonymous_rate_limit_per_min
        try:
            decision = self.store.peek(f"anonymous:{address}", limit)
        except STORE_DOWN as exc:
            self._fail_open(exc)
            return
        if not decision.allowed:
            LIMIT_HITS.labels("rate", endpoint or "").inc()
            retry = str(max(1, math.ceil(decision.retry_after_s)))
            raise RateLimited(MESSAGE, _rate_headers(decision) | {"Retry-After": retry})

    def settle(self, admission: Admission, *, chargeable: bool) -> None:
        """After the answer: a reserved unit that was not charged goes back."""
        if admission.quota_bucket is None or chargeable:
            return
        try:
            self.store.give_back(admission.quota_bucket)
        except STORE_DOWN as exc:
            self._fail_open(exc)

    def _rate(self, bucket: str, limit: int, endpoint: str) -> dict[str, str]:
        """One call against a rate bucket: its headers, or RateLimited."""
        decision = self.store.rate(bucket, limit)
        self._after_outage()
        headers = _rate_headers(decision)
        if not decision.allowed:
            LIMIT_HITS.labels("rate", endpoint).inc()
            retry = str(max(1, math.ceil(decision.retry_after_s)))
            raise RateLimited(MESSAGE, headers | {"Retry-After": retry})
        return headers

    def _after_outage(self) -> None:
        """The store answers again after failing: its month counters missed every call billed
        meanwhile (here or in another worker), so each is reseeded from the database's count
        at its next take, in every worker (a shared epoch in Redis)."""
        if self._store_failed:
            self._store_failed = False  # cleared first: a failure racing with us sets it again
            self.store.distrust_counters()

    def _fail_open(self, exc: Exception) -> None:
        self._store_failed = True
        STORE_ERRORS.inc()
        now = time.monotonic()
        if now - self._last_warning > 30:
            self._last_warning = now
            log.warning("limit store unreachable, failing open: %s", type(exc).__name__)

    def close(self) -> None:
        if isinstance(self.store, RedisStore):
            self.store.close()


def admit(limiter: Limiter, session: Session, key: StoredKey, endpoint: str | None) -> Admission:
    """The check of one keyed call; the database's count seeds a month the store has not seen."""
    now = utcnow()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return limiter.admit(key, endpoint, now, lambda: chargeable_calls(session, key.id, month_start))


def make_limiter(settings: Settings) -> Limiter:
    if settings.redis_url:
        return Limiter(settings, RedisStore(settings.redis_url, timeout_s=settings.redis_timeout_s))
    return Limiter(settings, MemoryStore())
