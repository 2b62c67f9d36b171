"""The seed endpoint: shape and every status code, through HTTP against a migrated database."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from evcharge.core.v2x import Market, MarketV2x, SupportStatus, V2xFact
from evcharge.db.engine import Database
from evcharge.db.repositories.usage import UsageRepository
from evcharge.db.repositories.vehicles import VehicleRepository
from evcharge.settings import Settings
from tests.builders import make_vehicle
from tests.conftest import MakeKey

PATH = "/evdatabase/{market}/{kind}/bidirectionalcharging/"
FIELDS = {
    "vehicle_to_load_support_status",
    "vehicle_to_load_power_output_kw",
    "vehicle_to_load_exterior_port_details",
    "vehicle_to_load_interior_port_details",
    "vehicle_to_home_ac_support_status",
    "vehicle_to_home_ac_power_output_kw",
    "vehicle_to_home_dc_support_status",
    "vehicle_to_home_dc_power_output_kw",
    "vehicle_to_grid_ac_support_status",
    "vehicle_to_grid_ac_power_output_kw",
    "vehicle_to_grid_dc_support_status",
    "vehicle_to_grid_dc_power_output_kw",
}
IONIQ5 = 91001


def ask(
    client: TestClient,
    key: str | None,
    evdb_id: object = IONIQ5,
    market: str = "uk",
    kind: str = "car",
) -> tuple[int, dict[str, object] | None]:
    params = {} if evdb_id is None else {"evdb_vehicle_id": str(evdb_id)}
    headers = {"x-api-key": key} if key else {}
    response = client.get(PATH.format(market=market, kind=kind), params=params, headers=headers)
    body = response.json() if response.content else None
    return response.status_code, body


def test_a_complete_answer_is_200_with_exactly_the_seed_shape(client: TestClient, key: str) -> None:
    status, body = ask(client, key)
    assert status == 200
    assert body is not None
    assert set(body) == {"success", "result", "error"}
    assert body["success"] is True
    assert body["error"] is None
    result = body["result"]
    assert isinstance(result, dict)
    assert set(result) == FIELDS
    assert result["vehicle_to_load_support_status"] == "Available"
    assert result["vehicle_to_load_power_output_kw"] == 3.6
    assert result["vehicle_to_load_interior_port_details"] == "1 x UK Socket (BS1363)"


def test_markets_answer_their_own_ports_and_powers(
    client: TestClient, key: str, settings: Settings
) -> None:
    na = V2xFact(SupportStatus.NOT_AVAILABLE, source_url="https://example.org/na")
    rest = {"v2h_ac": na, "v2h_dc": na, "v2g_ac": na, "v2g_dc": na}
    uk = V2xFact(
        SupportStatus.AVAILABLE, 3.6, "1 x Type 2 (Adapter)", "1 x UK Socket (BS1363)", "u"
    )
    us = V2xFact(SupportStatus.AVAILABLE, 1.9, "1 x J1772 (Adapter, 120 V)", "None", "u")
    evdb_id = insert(
        settings,
        markets=(Market.UK, Market.US),
        bidirectional={
            Market.UK: MarketV2x(v2l=uk, **rest),
            Market.US: MarketV2x(v2l=us, **rest),
        },
    )
    _s, uk_body = ask(client, key, evdb_id, market="uk")
    _s, us_body = ask(client, key, evdb_id, market="us")
    assert uk_body is not None
    assert us_body is not None
    assert uk_body["result"]["vehicle_to_load_interior_port_details"] == "1 x UK Socket (BS1363)"  # type: ignore[index]
    assert us_body["result"]["vehicle_to_load_power_output_kw"] == 1.9  # type: ignore[index]
    assert us_body["result"]["vehicle_to_load_interior_port_details"] == "None"  # type: ignore[index]


def test_the_api_key_header_is_accepted_too(client: TestClient, key: str) -> None:
    response = client.get(
        PATH.format(market="uk", kind="car"),
        params={"evdb_vehicle_id": IONIQ5},
        headers={"Api-Key": key},
    )
    assert response.status_code == 200


def insert(settings: Settings, **overrides: object) -> int:
    vehicle = make_vehicle(**overrides)
    database = Database(settings)
    with database.transaction() as session:
        VehicleRepository(session).upsert(vehicle, source="test", source_key=vehicle.id)
    database.dispose()
    return vehicle.evdb_vehicle_id


def test_a_known_vehicle_with_unknown_fields_is_206_with_the_known_fields(
    client: TestClient, key: str, settings: Settings
) -> None:
    evdb_id = insert(settings)  # no V2X facts at all
    status, body = ask(client, key, evdb_id)
    assert status == 206
    assert body is not None
    assert body["success"] is True
    assert set(body["result"]) == FIELDS  # type: ignore[arg-type]
    assert "vehicle_to_load_support_status" in str(body["error"])


@pytest.mark.parametrize(
    ("case", "evdb_id", "market", "kind"),
    [
        ("unknown id", 99999, "uk", "car"),
        ("a car asked for on the van path", IONIQ5, "uk", "van"),
    ],
)
def test_no_content_is_204_without_a_body(
    client: TestClient, key: str, case: str, evdb_id: int, market: str, kind: str
) -> None:
    response = client.get(
        PATH.format(market=market, kind=kind),
        params={"evdb_vehicle_id": evdb_id},
        headers={"x-api-key": key},
    )
    assert response.status_code == 204
    assert response.content == b""


def test_a_car_not_sold_in_the_market_is_204(
    client: TestClient, key: str, settings: Settings
) -> None:
    evdb_id = insert(settings)  # sold in uk and eu only
    status, _body = ask(client, key, evdb_id, market="us")
    assert status == 204


@pytest.mark.parametrize(
    ("case", "evdb_id", "market", "kind", "says"),
    [
        ("missing id", None, "uk", "car", "evdb_vehicle_id is required"),
        ("empty id", "", "uk", "car", "evdb_vehicle_id is required"),
        ("non-numeric id", "abc", "uk", "car", "whole number"),
        ("negative id", "-4", "uk", "car", "whole number"),
        ("unknown market", IONIQ5, "fr", "car", "unknown market"),
        ("unknown vehicle type", IONIQ5, "uk", "truck", "unknown vehicle type"),
    ],
)
def test_bad_parameters_are_400_with_a_message(
    client: TestClient, key: str, case: str, evdb_id: object, market: str, kind: str, says: str
) -> None:
    status, body = ask(client, key, evdb_id, market=market, kind=kind)
    assert status == 400
    assert body is not None
    assert body["success"] is False
    assert body["result"] is None
    assert says in str(body["error"])  # type: ignore[index]


def test_auth_failures_are_403_in_the_one_auto_envelope(
    client: TestClient, make_key: MakeKey, settings: Settings
) -> None:
    no_group = make_key("ReadVehicles")
    revoked = make_key("all", name="gone")
    database = Database(settings)
    with database.transaction() as session:
        from evcharge.services.platform.api_keys import revoke_key

        revoke_key(session, "gone")
    database.dispose()
    cases = {
        None: "api_key missing",
        "evc_deadbeef_not-a-real-key": "api_key invalid",
        "garbage": "api_key invalid",
        revoked: "api_key invalid",
        no_group: "action read_bidirectional_charging not allowed",
    }
    for presented, message in cases.items():
        status, body = ask(client, presented)
        assert status == 403, presented
        assert body == {"success": False, "result": None, "error": message}


def test_an_unexpected_failure_is_500_in_the_envelope_without_a_trace(
    settings: Settings, key: str
) -> None:
    database = Database(settings)
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE vehicles"))
    database.dispose()
    from evcharge.api.app import create_app

    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        status, body = ask(client, key)
    assert status == 500
    assert body == {"success": False, "result": None, "error": "Internal server error"}
    database = Database(settings)
    with database.transaction() as session:
        events = UsageRepository(session).events()
    database.dispose()
    assert [(e.status, e.chargeable) for e in events] == [(500, False)]


def test_every_keyed_call_is_recorded_and_only_200_is_chargeable(
    client: TestClient, make_key: MakeKey, settings: Settings
) -> None:
    live = make_key("all")
    sandbox = make_key("all", sandbox=True)
    ask(client, live)  # 200
    ask(client, live, 99999)  # 204
    ask(client, live, "x")  # 400
    ask(client, sandbox)  # 200, but sandbox
    ask(client, None)  # 403, no key: refused without billing anyone, so no event
    database = Database(settings)
    with database.transaction() as session:
        events = UsageRepository(session).events()
    database.dispose()
    seen = [(e.endpoint, e.status, e.chargeable, str(e.unit_price)) for e in events]
    assert seen == [
        ("bidirectional_charging", 200, True, "0.5000"),
        ("bidirectional_charging", 204, False, "0.5000"),
        ("bidirectional_charging", 400, False, "0.5000"),
        ("bidirectional_charging", 200, False, "0.5000"),
    ]
    assert events[0].currency == "GBP"
    assert all(e.api_key_id is not None for e in events)
