"""POST /v1/cdr_prices through HTTP: the OpenAPI example, checked by hand, and the errors."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from fastapi.testclient import TestClient

from evcharge.api.schemas.cdr_prices import EXAMPLE
from tests.conftest import MakeKey


def post(client: TestClient, key: str, body: object) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/cdr_prices", json=body, headers={"Api-Key": key})
    return response.status_code, response.json()


def test_the_example_priced_and_explained(client: TestClient, key: str) -> None:
    status, doc = post(client, key, EXAMPLE)
    assert status == 200, doc
    a = doc["data"]["attributes"]
    # In Berlin (UTC+1 in November) the periods start 21:40, 22:00 and 22:25 local.
    # FLAT 0.50. ENERGY 12.5 kWh before 22:00 at 0.50 = 6.25 (element 2), 18.25 kWh in the
    # 22:00-06:00 window at 0.35 = 6.3875 (element 1); the session's 30 750 Wh round up to
    # 30 800 Wh (step 100 Wh of the last billable component), the extra 0.05 kWh at that
    # component's 0.35 = 0.0175. PARKING 0.1167 h = 420.12 s -> 600 s (step 300) = 1/6 h at 6.00
    # = 1.00 (element 2: element 1 matches the time but has no parking component).
    # excl 0.50 + 12.655 + 1.00 = 14.155; incl x 1.19 = 16.84445.
    assert a["total_cost"] == {"excl_vat": 14.155, "incl_vat": 16.8445}
    assert a["total_energy_cost"] == {"excl_vat": 12.655, "incl_vat": 15.0595}
    assert a["total_fixed_cost"] == {"excl_vat": 0.5, "incl_vat": 0.595}
    assert a["total_parking_cost"] == {"excl_vat": 1.0, "incl_vat": 1.19}
    assert a["total_energy"] == 30.75
    assert a["total_time"] == pytest.approx(52 / 60, abs=1e-4)
    assert a["time_zone"] == "Europe/Berlin"
    chosen = [
        (p["index"], d["volume_of"] or d["type"], d["tariff_element"], d["price_component"])
        for p in a["charging_periods"]
        for d in p["dimensions"]
    ]
    assert chosen == [
        (0, "FLAT", 0, 0),
        (0, "ENERGY", 2, 0),
        (1, "ENERGY", 1, 0),
        (2, "PARKING_TIME", 2, 1),
    ]
    parking = next(s for s in a["step_rounding"] if s["volume_of"] == "PARKING_TIME")
    assert parking == {
        "volume_of": "PARKING_TIME", "total": 0.1167, "billed": 0.1667, "step_size": 300,
        "period": 2, "not_rounded_because": None,
    }  # fmt: skip


def test_the_cdr_country_gives_the_zone_only_where_it_has_one(client: TestClient, key: str) -> None:
    body = copy.deepcopy(EXAMPLE)
    del body["time_zone"]
    status, doc = post(client, key, body)
    assert (status, doc["data"]["attributes"]["time_zone"]) == (200, "Europe/Berlin")
    body["cdr"]["cdr_location"]["country"] = "USA"
    status, doc = post(client, key, body)
    assert status == 400
    assert doc["errors"][0]["source"] == {"parameter": "time_zone"}


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda b: b["tariff"]["elements"][1]["restrictions"].update(dayOfWeek=["MONDAY"]),
         "dayOfWeek"),
        (lambda b: b["tariff"].update(end_date_time="2026-01-01T00:00:00Z"), "valid"),
        (lambda b: b.update(time_zone="Mars/Olympus"), "unknown time zone"),
        (lambda b: b["cdr"].update(charging_periods=[]), "charging_periods"),
        (lambda b: b["cdr"]["charging_periods"].reverse(), "time order"),
    ],
)  # fmt: skip
def test_bad_input_is_400_saying_why(client: TestClient, key: str, change: Any, says: str) -> None:
    body = copy.deepcopy(EXAMPLE)
    change(body)
    status, doc = post(client, key, body)
    assert status == 400, doc
    error = doc["errors"][0]
    assert says in error["title"] + error.get("detail", "")


def test_cdr_prices_need_read_costs(client: TestClient, make_key: MakeKey) -> None:
    status, _ = post(client, make_key("ReadVehicles"), EXAMPLE)
    assert status == 403


def periods(body: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = body["cdr"]["charging_periods"]
    return found


def components(body: dict[str, Any], element: int) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = body["tariff"]["elements"][element]["price_components"]
    return found


# Each case the README's cdr_prices section lists as refused: 400, naming the field.
REFUSED = [
    ("currency", lambda b: b["cdr"].update(currency="USD"), "/cdr/currency"),
    ("two ENERGY components in one element",
     lambda b: components(b, 2).append({"type": "ENERGY", "price": 0.9, "step_size": 1}),
     "/tariff/elements/2/price_components/2/type"),
    ("two ENERGY volumes in one period",
     lambda b: periods(b)[0]["dimensions"].append({"type": "ENERGY", "volume": 1}),
     "/cdr/charging_periods/0/dimensions"),
    ("numeric start_date_time", lambda b: b["cdr"].update(start_date_time=1795206000),
     "/cdr/start_date_time"),
    ("numeric period start", lambda b: periods(b)[2].update(start_date_time=0),
     "/cdr/charging_periods/2/start_date_time"),
    ("numeric tariff last_updated", lambda b: b["tariff"].update(last_updated=1),
     "/tariff/last_updated"),
    ("negative TIME", lambda b: periods(b)[1]["dimensions"][1].update(volume=-0.4167),
     "/cdr/charging_periods/1/dimensions/1/volume"),
    ("negative PARKING_TIME", lambda b: periods(b)[2]["dimensions"][0].update(volume=-0.1),
     "/cdr/charging_periods/2/dimensions/0/volume"),
    ("min_price above max_price",
     lambda b: b["tariff"].update(min_price={"excl_vat": 20}, max_price={"excl_vat": 10}),
     "/tariff/min_price/excl_vat"),
    ("1e308 kWh", lambda b: periods(b)[0]["dimensions"][0].update(volume=1e308),
     "/cdr/charging_periods/0/dimensions/0/volume"),
    ("1e308 per kWh", lambda b: components(b, 1)[0].update(price=1e308),
     "/tariff/elements/1/price_components/0/price"),
    ("1e300 VAT", lambda b: components(b, 1)[0].update(vat=1e300),
     "/tariff/elements/1/price_components/0/vat"),
    ("a volume as text", lambda b: periods(b)[0]["dimensions"][0].update(volume="lots"),
     "/cdr/charging_periods/0/dimensions/0/volume"),
    ("a volume as a list", lambda b: periods(b)[0]["dimensions"][0].update(volume=[1]),
     "/cdr/charging_periods/0/dimensions/0/volume"),
    ("periods as an object", lambda b: b["cdr"].update(charging_periods={"0": {}}),
     "/cdr/charging_periods"),
    ("a session in year 9999", lambda b: b["cdr"].update(end_date_time="9999-12-31T23:59:59Z"),
     "/cdr/end_date_time"),
    ("NUL in a tariff id", lambda b: b["tariff"].update(id="DC\x00NIGHT"), "/tariff/id"),
    # These overflowed moving to UTC, before the 2000-2099 session check could run (a 500).
    ("a start in year 9999 with an offset",
     lambda b: b["cdr"].update(start_date_time="9999-12-31T23:59:59-23:59"),
     "/cdr/start_date_time"),
    ("a period in year 1 with an offset",
     lambda b: periods(b)[0].update(start_date_time="0001-01-01T00:00:00+01:00"),
     "/cdr/charging_periods/0/start_date_time"),
    ("a tariff updated in year 9999 with an offset",
     lambda b: b["tariff"].update(last_updated="9999-12-31T23:59:59-23:59"),
     "/tariff/last_updated"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "pointer"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_refused_with_400_pointing_at_the_field(
    client: TestClient, key: str, change: Any, pointer: str
) -> None:
    body = copy.deepcopy(EXAMPLE)
    change(body)

    status, doc = post(client, key, body)

    assert status == 400, doc
    [error] = doc["errors"]
    assert (error["code"], error["source"]) == ("BAD_REQUEST", {"pointer": pointer})


def test_deeply_nested_junk_is_400_not_500(client: TestClient, key: str) -> None:
    junk = "[" * 100_000 + "]" * 100_000
    for place in ('{"tariff": {"energy_mix": %s}, "cdr": {}}', '{"cdr": %s}'):
        response = client.post(
            "/v1/cdr_prices",
            content=(place % junk).encode(),
            headers={"Api-Key": key, "Content-Type": "application/json"},
        )
        assert response.status_code == 400, response.text


def test_an_offset_timestamp_is_priced_with_a_warning(client: TestClient, key: str) -> None:
    body = copy.deepcopy(EXAMPLE)
    body["cdr"]["start_date_time"] = "2026-11-20T21:40:00+01:00"  # the same moment, not UTC

    status, doc = post(client, key, body)

    assert status == 200, doc
    a = doc["data"]["attributes"]
    assert a["warnings"] == ["non_utc_timestamp"]
    assert a["total_cost"] == {"excl_vat": 14.155, "incl_vat": 16.8445}  # as the example
