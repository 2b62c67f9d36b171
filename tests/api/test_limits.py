"""Rate limits and quotas over HTTP: 429 in the path's envelope, with the limit headers."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.db.engine import Database
from evcharge.db.repositories.usage import UsageRepository
from evcharge.services.platform.limit_store import RedisStore
from evcharge.settings import Settings
from tests.conftest import MakeKey

BIDI = "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91002"
UNKNOWN_CAR = "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=999999"


def test_the_call_after_the_limit_is_429_with_retry_after(
    client: TestClient, make_key: MakeKey
) -> None:
    key = make_key(rate_limit=2)
    first, second, third = (client.get("/v1/companies", headers={"Api-Key": key}) for _ in "123")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.headers["X-RateLimit-Limit"] == "2"
    assert first.headers["X-RateLimit-Remaining"] == "1"
    assert third.status_code == 429
    # 2 a minute: the next call fits 30 s after the burst.
    assert third.headers["Retry-After"] == "30"
    assert third.headers["X-RateLimit-Remaining"] == "0"
    assert third.json()["errors"][0]["code"] == "RATE_LIMITED"
    assert third.json()["errors"][0]["title"] == "API key rate limit/quota has been exceeded"


def test_evdatabase_paths_answer_429_in_their_own_envelope(
    client: TestClient, make_key: MakeKey
) -> None:
    key = make_key(rate_limit=1)
    assert client.get(BIDI, headers={"Api-Key": key}).status_code == 200
    refused = client.get(BIDI, headers={"Api-Key": key})
    assert refused.status_code == 429
    assert refused.json() == {
        "success": False,
        "result": None,
        "error": "API key rate limit/quota has been exceeded",
    }


def test_price_endpoints_have_a_stricter_class_of_their_own(
    settings: Settings, make_key: MakeKey
) -> None:
    key = make_key()
    strict = settings.model_copy(update={"price_rate_limit_per_min": 1})
    with TestClient(create_app(strict)) as client:
        headers = {"Api-Key": key}
        bad_body = {"data": {}}
        assert client.post("/v1/charge_prices", json=bad_body, headers=headers).status_code == 400
        limited = client.post("/v1/charge_prices", json=bad_body, headers=headers)
        assert limited.status_code == 429
        assert limited.headers["X-RateLimit-Limit"] == "1"
        # Other endpoints keep the key's (default) class.
        other = client.get("/v1/companies", headers=headers)
        assert (other.status_code, other.headers["X-RateLimit-Limit"]) == (200, "1000")


def test_the_call_after_the_last_allowed_chargeable_one_is_429(
    client: TestClient, make_key: MakeKey
) -> None:
    key = make_key(quota=2)
    headers = {"Api-Key": key}
    # No data for the car is a 204 (the seed's): not chargeable, so no quota used.
    assert client.get(UNKNOWN_CAR, headers=headers).status_code == 204
    answers = [client.get(BIDI, headers=headers) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[1].headers["X-Quota-Remaining"] == "0"
    assert answers[2].json()["error"] == "API key rate limit/quota has been exceeded"
    assert int(answers[2].headers["Retry-After"]) > 0  # until the next calendar month


def test_the_quota_survives_a_restart_from_the_database(
    settings: Settings, make_key: MakeKey
) -> None:
    key = make_key(quota=1)
    with TestClient(create_app(settings)) as client:
        assert client.get(BIDI, headers={"Api-Key": key}).status_code == 200
    with TestClient(create_app(settings)) as restarted:  # a fresh memory store
        assert restarted.get(BIDI, headers={"Api-Key": key}).status_code == 429


def test_sandbox_keys_have_no_quota_to_use_up(client: TestClient, make_key: MakeKey) -> None:
    key = make_key(sandbox=True, quota=0)
    assert client.get(BIDI, headers={"Api-Key": key}).status_code == 200


def test_limits_are_shared_through_redis_by_separate_apps(
    settings: Settings, make_key: MakeKey, redis_url: str
) -> None:
    shared = settings.model_copy(update={"redis_url": redis_url})
    key = make_key(rate_limit=3)
    with TestClient(create_app(shared)) as one, TestClient(create_app(shared)) as two:
        calls = [c.get("/v1/companies", headers={"Api-Key": key}) for c in (one, two) * 2]
    codes = [call.status_code for call in calls]
    assert codes == [200, 200, 200, 429]


def test_redis_down_fails_open_and_says_so(
    settings: Settings, make_key: MakeKey, caplog: object
) -> None:
    down = settings.model_copy(
        update={"redis_url": "redis://127.0.0.1:1/0", "redis_timeout_s": 0.2}
    )
    key = make_key(rate_limit=1, quota=0)
    with TestClient(create_app(down)) as client:
        answers = [client.get(BIDI, headers={"Api-Key": key}) for _ in range(2)]
        metrics = client.get("/metrics").text
    # Fail open: both answered (billing still records them), without limit headers.
    assert [a.status_code for a in answers] == [200, 200]
    assert "X-RateLimit-Limit" not in answers[0].headers
    assert "evcharge_limit_store_errors_total" in metrics
    assert "limit store unreachable, failing open" in caplog.text  # type: ignore[attr-defined]


def test_free_calls_use_no_quota_and_answer_when_it_is_spent(
    client: TestClient, make_key: MakeKey
) -> None:
    headers = {"Api-Key": make_key(quota=1)}
    # Companies cost nothing (price 0), so they are not chargeable and take no quota.
    assert [client.get("/v1/companies", headers=headers).status_code for _ in "123"] == [200] * 3
    billed, refused = (client.get(BIDI, headers=headers) for _ in "12")
    assert (billed.status_code, refused.status_code) == (200, 429)
    assert refused.json()["error"] == "API key rate limit/quota has been exceeded"
    # With the quota spent, free endpoints and the key's own bill still answer.
    free = client.get("/v1/companies", headers=headers)
    assert free.status_code == 200
    assert "X-Quota-Limit" not in free.headers  # free calls carry only the rate headers
    usage = client.get("/v1/usage", headers=headers)
    assert usage.status_code == 200
    rows = {r["attributes"]["endpoint"]: r["attributes"] for r in usage.json()["data"]}
    assert rows["bidirectional_charging"]["chargeable_calls"] == 1
    assert rows["companies"]["chargeable_calls"] == 0


def test_a_priced_endpoint_counts_against_the_quota(settings: Settings, make_key: MakeKey) -> None:
    priced = settings.model_copy(update={"price_per_call": {"companies": Decimal("0.01")}})
    headers = {"Api-Key": make_key(quota=1)}
    with TestClient(create_app(priced)) as client:
        codes = [client.get("/v1/companies", headers=headers).status_code for _ in "12"]
        # Unpriced now, the bidirectional-charging endpoint is free.
        assert client.get(BIDI, headers=headers).status_code == 200
    assert codes == [200, 429]


def test_after_a_redis_outage_the_quota_counts_the_calls_billed_meanwhile(
    settings: Settings, make_key: MakeKey, redis_url: str
) -> None:
    shared = settings.model_copy(update={"redis_url": redis_url})
    headers = {"Api-Key": make_key(quota=3)}
    app = create_app(shared)
    with TestClient(app) as one, TestClient(create_app(shared)) as two:
        assert one.get(BIDI, headers=headers).status_code == 200  # Redis counts 1
        live = app.state.limiter.store
        app.state.limiter.store = RedisStore("redis://127.0.0.1:1/0", timeout_s=0.2)
        # Redis is unreachable for worker one: it fails open, and bills 3 more calls.
        assert [one.get(BIDI, headers=headers).status_code for _ in "123"] == [200] * 3
        app.state.limiter.store.close()
        app.state.limiter.store = live
        # Redis is back: worker one's next check (any call) marks every counter for reseeding.
        assert one.get("/v1/companies", headers=headers).status_code == 200
        # The stale counter (1) would have let 2 more through; the database counts 4.
        assert two.get(BIDI, headers=headers).status_code == 429
        assert one.get(BIDI, headers=headers).status_code == 429


def test_calls_without_a_valid_key_are_throttled_per_address_and_not_recorded(
    settings: Settings, make_key: MakeKey
) -> None:
    strict = settings.model_copy(update={"anonymous_rate_limit_per_min": 2})
    key = make_key()
    app = create_app(strict)
    with TestClient(app) as client, TestClient(app, client=("192.0.2.9", 5000)) as elsewhere:
        missing = client.get("/v1/companies")
        invalid = client.get("/v1/companies", headers={"Api-Key": "evc_deadbeef_not-a-key"})
        limited = client.get("/v1/companies")
        limited_bidi = client.get(BIDI, headers={"Api-Key": "garbage"})
        # While the address is over its budget even a valid key waits: a 200 would tell a
        # guesser which key is right. Other addresses have their own bucket.
        guessed = client.get("/v1/companies", headers={"Api-Key": key})
        assert elsewhere.get("/v1/companies").status_code == 403
        assert elsewhere.get("/v1/companies", headers={"Api-Key": key}).status_code == 200
    assert (missing.status_code, invalid.status_code) == (403, 403)
    assert missing.headers["X-RateLimit-Limit"] == "2"
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "30"  # 2 a minute: one more in 30 s
    assert limited.json()["errors"][0]["code"] == "RATE_LIMITED"
    assert limited_bidi.status_code == 429
    assert guessed.status_code == 429
    assert limited_bidi.json() == {
        "success": False,
        "result": None,
        "error": "API key rate limit/quota has been exceeded",
    }
    database = Database(settings)
    with database.transaction() as session:
        events = UsageRepository(session).events()
    database.dispose()
    # Only keyed calls are usage events: refused calls without a key bill no one.
    assert [(e.endpoint, e.status) for e in events] == [("companies", 200)]
    assert all(e.api_key_id is not None for e in events)
