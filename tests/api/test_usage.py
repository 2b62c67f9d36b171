"""GET /v1/usage and the Admin key endpoints, through HTTP."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from evcharge.api.app import create_app
from evcharge.settings import Settings
from tests.conftest import MakeKey

BIDI = "/evdatabase/uk/car/bidirectionalcharging/?evdb_vehicle_id=91002"


def test_usage_is_billed_per_chargeable_call_at_the_seed_price(
    client: TestClient, make_key: MakeKey
) -> None:
    key = make_key()
    headers = {"Api-Key": key}
    for _ in range(3):
        assert client.get(BIDI, headers=headers).status_code == 200
    assert client.get(BIDI.replace("1002", "999999"), headers=headers).status_code == 204
    assert client.get("/v1/companies", headers=headers).status_code == 200
    body = client.get("/v1/usage", headers=headers).json()
    rows = {r["attributes"]["endpoint"]: r["attributes"] for r in body["data"]}
    # 3 x GBP 0.50 (the seed's PAYG); the 204 is a call but not chargeable; companies cost 0,
    # so their 200 is a call but not chargeable either.
    assert rows["bidirectional_charging"] == rows["bidirectional_charging"] | {
        "calls": 4, "chargeable_calls": 3, "amount": "1.50", "currency": "GBP"
    }  # fmt: skip
    assert (rows["companies"]["chargeable_calls"], rows["companies"]["amount"]) == (0, "0.00")
    assert body["meta"]["total"] == {"GBP": "1.50"}
    assert body["meta"]["sandbox"] is False


def test_sandbox_calls_are_counted_but_never_billed(client: TestClient, make_key: MakeKey) -> None:
    key = make_key(sandbox=True)
    client.get(BIDI, headers={"Api-Key": key})
    (row,) = client.get("/v1/usage", headers={"Api-Key": key}).json()["data"]
    assert (row["attributes"]["calls"], row["attributes"]["chargeable_calls"]) == (1, 0)


def test_a_key_sees_only_its_own_usage_and_dates_filter(
    client: TestClient, make_key: MakeKey
) -> None:
    mine, other = make_key(), make_key()
    client.get(BIDI, headers={"Api-Key": other})
    assert client.get("/v1/usage", headers={"Api-Key": mine}).json()["data"] == []
    past = client.get(
        "/v1/usage?filter[from]=2020-01-01&filter[to]=2020-01-31", headers={"Api-Key": other}
    )
    assert past.json()["data"] == []
    wrong = client.get(
        "/v1/usage?filter[from]=2020-02-01&filter[to]=2020-01-31", headers={"Api-Key": other}
    )
    assert wrong.status_code == 400


def test_custom_prices_per_endpoint_are_exact(settings: Settings, make_key: MakeKey) -> None:
    priced = settings.model_copy(update={"price_per_call": {"companies": Decimal("0.0025")}})
    key = make_key()
    with TestClient(create_app(priced)) as client:
        for _ in range(3):
            client.get("/v1/companies", headers={"Api-Key": key})
        (row,) = client.get("/v1/usage", headers={"Api-Key": key}).json()["data"]
    assert row["attributes"]["amount"] == "0.0075"  # 3 x 0.0025, no float drift


def test_a_key_reads_its_usage_free_even_with_its_quota_spent(
    settings: Settings, make_key: MakeKey
) -> None:
    # A price set for usage is ignored: reading the bill must never cost quota or money.
    priced = settings.model_copy(
        update={"price_per_call": {"bidirectional_charging": Decimal("0.50"), "usage": Decimal(1)}}
    )
    headers = {"Api-Key": make_key(quota=1)}
    with TestClient(create_app(priced)) as client:
        assert [client.get(BIDI, headers=headers).status_code for _ in "12"] == [200, 429]
        answers = [client.get("/v1/usage", headers=headers) for _ in "12"]
    assert [a.status_code for a in answers] == [200, 200]
    rows = {r["attributes"]["endpoint"]: r["attributes"] for r in answers[1].json()["data"]}
    assert (rows["bidirectional_charging"]["chargeable_calls"], rows["usage"]) == (
        1, rows["usage"] | {"calls": 1, "chargeable_calls": 0, "amount": "0.00"}
    )  # fmt: skip
    assert answers[1].json()["meta"]["total"] == {"GBP": "0.50"}


def test_admin_keys_create_list_and_revoke_over_http(client: TestClient, make_key: MakeKey) -> None:
    admin = {"Api-Key": make_key("Admin")}
    body = {"data": {"type": "api_key", "attributes": {
        "name": "partner", "groups": ["ReadVehicles"], "rate_limit_per_min": 5,
        "quota_per_month": 100}}}  # fmt: skip
    created = client.post("/v1/api_keys", json=body, headers=admin)
    assert created.status_code == 201, created.text
    secret = created.json()["meta"]["key"]
    assert created.json()["data"]["attributes"]["quota_per_month"] == 100
    assert client.post("/v1/api_keys", json=body, headers=admin).status_code == 409
    assert client.get("/v2/vehicles", headers={"Api-Key": secret}).status_code == 200
    listed = client.get("/v1/api_keys", headers=admin).json()["data"]
    assert "partner" in {k["id"] for k in listed}
    assert secret not in str(listed)
    assert client.delete("/v1/api_keys/partner", headers=admin).status_code == 200
    assert client.get("/v2/vehicles", headers={"Api-Key": secret}).status_code == 403
    assert client.delete("/v1/api_keys/nobody", headers=admin).status_code == 404


def test_only_admin_keys_manage_keys(client: TestClient, make_key: MakeKey) -> None:
    plain = {"Api-Key": make_key("ReadVehicles")}
    refused = client.get("/v1/api_keys", headers=plain)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["title"] == "action admin not allowed"
