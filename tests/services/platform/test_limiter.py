"""The limiter against a real Redis that goes away and comes back (services/limiter.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from evcharge.core.auth import parse_groups
from evcharge.core.errors import QuotaExceeded, RateLimited
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.platform.limit_store import MemoryStore, RedisStore
from evcharge.services.platform.limiter import Limiter
from evcharge.settings import Settings

NOW = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def a_key(quota: int | None = 3, *, sandbox: bool = False) -> StoredKey:
    return StoredKey(
        id=7, name="partner", lookup="0123abcd", key_hash="", groups=parse_groups("all"),
        sandbox=sandbox, created_at=NOW, revoked_at=None, quota_per_month=quota,
    )  # fmt: skip


class Billing:
    """The database's count of this month's chargeable calls, as the metering writes it."""

    def __init__(self) -> None:
        self.calls = 0

    def count(self) -> int:
        return self.calls

    def billed(self, limiter: Limiter, endpoint: str = "bidirectional_charging") -> None:
        """One call answered 200 and recorded, as api/metering.py does."""
        admission = limiter.admit(a_key(), endpoint, NOW, self.count)
        self.calls += 1
        limiter.settle(admission, chargeable=True)


def test_after_a_redis_outage_the_quota_counts_the_calls_billed_meanwhile(redis_url: str) -> None:
    live = RedisStore(redis_url, timeout_s=1.0)
    worker, other_worker = Limiter(Settings(), live), Limiter(Settings(), live)
    db = Billing()
    db.billed(worker)  # Redis counts 1
    worker.store = RedisStore(DEAD_REDIS, timeout_s=0.2)  # Redis goes away for this worker
    for _ in range(3):
        db.billed(worker)  # served (fail open) and billed: the database counts 4
    worker.store.close()
    worker.store = live  # Redis is back
    # The quota is 3: the stale counter (1) would let 2 more through, and before this fix did.
    with pytest.raises(QuotaExceeded):
        worker.admit(a_key(), "bidirectional_charging", NOW, db.count)
    with pytest.raises(QuotaExceeded):  # the other worker reseeds too (epoch in Redis)
        other_worker.admit(a_key(), "bidirectional_charging", NOW, db.count)
    live.close()


def test_zero_price_endpoints_take_no_quota() -> None:
    limiter, db = Limiter(Settings(), MemoryStore()), Billing()
    for _ in range(5):
        free = limiter.admit(a_key(), "vehicles", NOW, db.count)
        assert free.quota_bucket is None
        assert "X-Quota-Limit" not in free.headers
    for _ in range(3):
        db.billed(limiter)
    with pytest.raises(QuotaExceeded):
        limiter.admit(a_key(), "bidirectional_charging", NOW, db.count)
    limiter.admit(a_key(), "vehicles", NOW, db.count)  # free calls still answer
    limiter.admit(a_key(), "usage", NOW, db.count)  # and the key can read its bill


def test_usage_is_free_even_when_a_price_is_set_for_it() -> None:
    priced = Settings(price_per_call={"usage": "1.00", "bidirectional_charging": "0.50"})
    limiter = Limiter(priced, MemoryStore())
    admission = limiter.admit(a_key(quota=0), "usage", NOW, lambda: 0)
    assert admission.quota_bucket is None


def test_anonymous_calls_are_throttled_per_address() -> None:
    limiter = Limiter(Settings(anonymous_rate_limit_per_min=2), MemoryStore())
    limiter.admit_anonymous("192.0.2.1", "vehicles")
    limiter.admit_anonymous("192.0.2.1", None)
    with pytest.raises(RateLimited) as refused:
        limiter.admit_anonymous("192.0.2.1", "vehicles")
    assert refused.value.headers["Retry-After"] == "30"  # 2 a minute: one more in 30 s
    assert limiter.admit_anonymous("192.0.2.2", "vehicles").headers["X-RateLimit-Limit"] == "2"


def test_anonymous_calls_fail_open_when_redis_is_down() -> None:
    limiter = Limiter(
        Settings(anonymous_rate_limit_per_min=1), RedisStore(DEAD_REDIS, timeout_s=0.2)
    )
    assert limiter.admit_anonymous("192.0.2.1", None).headers == {}
    assert limiter.admit_anonymous("192.0.2.1", None).headers == {}
    limiter.close()
