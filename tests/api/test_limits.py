"""Rate limits and quotas over HTTP: 429 in the path's envelope, with the limit headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.settings import Settings
from tests.conftest import MakeKey

BIDI = "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=1002"
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
