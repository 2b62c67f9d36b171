"""The memory and Redis stores give the same answers (the Redis one runs the steps in Lua)."""

from __future__ import annotations

import threading

import pytest

from evcharge.services.platform.limit_store import (
    MAX_MEMORY_BUCKETS,
    LimitStore,
    MemoryStore,
    RedisStore,
)


@pytest.fixture(params=["memory", "redis"])
def store(request: pytest.FixtureRequest) -> LimitStore:
    if request.param == "memory":
        return MemoryStore()
    return RedisStore(request.getfixturevalue("redis_url"), timeout_s=1.0)


def test_rate_lets_the_burst_through_then_refuses_with_a_retry_time(store: LimitStore) -> None:
    decisions = [store.rate("1:all", 3) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    assert [d.remaining for d in decisions[:3]] == [2, 1, 0]
    # The fourth fits once one interval (60 / 3 = 20 s) has passed since the burst.
    assert 19.0 < decisions[3].retry_after_s <= 20.0
    assert store.rate("2:all", 3).allowed  # another key has its own bucket


def test_quota_is_seeded_from_the_database_count_and_given_back(store: LimitStore) -> None:
    seeded = store.take_quota("1:2026-11", 3, lambda: 2)  # the database counts 2 so far
    assert (seeded.allowed, seeded.used) == (True, 3)
    assert store.take_quota("1:2026-11", 3, lambda: 0).allowed is False  # count not re-read
    store.give_back("1:2026-11")  # that call was not chargeable after all
    again = store.take_quota("1:2026-11", 3, lambda: 0)
    assert (again.allowed, again.used) == (True, 3)


def test_concurrent_takes_never_exceed_the_quota(store: LimitStore) -> None:
    results: list[bool] = []

    def take() -> None:
        results.append(store.take_quota("9:2026-11", 10, lambda: 0).allowed)

    threads = [threading.Thread(target=take) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 10


def test_distrusted_counters_are_reseeded_once_with_the_larger_count(store: LimitStore) -> None:
    assert store.take_quota("1:2026-11", 10, lambda: 1).used == 2
    assert store.take_quota("2:2026-11", 10, lambda: 5).used == 6
    # The store was unreachable for a while: key 1 had 5 more calls billed meanwhile.
    store.distrust_counters()
    assert store.take_quota("1:2026-11", 10, lambda: 7).used == 8  # the database's 7, + 1
    assert store.take_quota("2:2026-11", 10, lambda: 5).used == 7  # its own 6 was larger
    assert store.take_quota("1:2026-11", 10, lambda: 0).used == 9  # reseeded only once


def test_a_reseeded_counter_over_the_quota_refuses(store: LimitStore) -> None:
    store.take_quota("1:2026-11", 3, lambda: 0)
    store.distrust_counters()
    refused = store.take_quota("1:2026-11", 3, lambda: 5)  # 5 billed while failing open
    assert (refused.allowed, refused.used) == (False, 5)


def test_one_store_distrusting_makes_every_store_on_that_redis_reseed(redis_url: str) -> None:
    # Two workers: the one whose checks failed open tells the other through Redis.
    one, two = (RedisStore(redis_url, timeout_s=1.0) for _ in "12")
    assert two.take_quota("1:2026-11", 10, lambda: 0).used == 1
    one.distrust_counters()
    assert two.take_quota("1:2026-11", 10, lambda: 4).used == 5
    one.close()
    two.close()


def test_peek_tells_what_a_call_would_get_without_taking_it(store: LimitStore) -> None:
    assert store.peek("p", 2).allowed  # a new bucket
    assert [store.rate("p", 2).allowed for _ in range(2)] == [True, True]
    for _ in range(3):  # peeking never uses up the bucket, nor refills it
        peeked = store.peek("p", 2)
        assert not peeked.allowed
        assert 29 < peeked.retry_after_s <= 30  # 2 a minute: the next in 30 s
    assert not store.rate("p", 2).allowed


def test_memory_buckets_whose_time_has_passed_are_forgotten() -> None:
    now = [1000.0]
    store = MemoryStore(clock=lambda: now[0])
    for n in range(MAX_MEMORY_BUCKETS):
        store.rate(f"anonymous:{n}", 60)
    now[0] += 120  # every bucket is idle again
    store.rate("anonymous:new", 60)
    assert store.peek("anonymous:0", 60).remaining == 59  # as good as new
    assert len(store._tats) == 1
