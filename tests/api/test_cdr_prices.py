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
