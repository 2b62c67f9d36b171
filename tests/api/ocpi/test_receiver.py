"""A registered CPO pushes locations and tariffs; the next quote prices them at once."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from evcharge.core.auth import hash_key
from evcharge.core.ids import stable_uuid
from evcharge.db.base import utcnow
from evcharge.db.engine import Database
from evcharge.db.models import StationRow
from evcharge.db.repositories.ocpi import OcpiPartyRepository
from evcharge.services.ocpi.parties import party_named
from tests.api.ocpi.conftest import Pair, auth, new_party
from tests.api.test_bulk_prices import bulk, ioniq_id
from tests.conftest import key_maker

RECEIVER = "/ocpi/2.2.1/receiver"
STATION = stable_uuid("ocpi-location", "NL*PEE*LOC1")
TARIFF_ID = stable_uuid("ocpi-tariff", "NL*PEE*T1")


def tariff(price_per_kwh: float) -> dict[str, Any]:
    return {
        "country_code": "NL", "party_id": "PEE", "id": "T1", "currency": "EUR",
        "elements": [{"price_components": [
            {"type": "ENERGY", "price": price_per_kwh, "vat": 20, "step_size": 1}]}],
        "last_updated": "2026-11-30T06:00:00Z",
    }  # fmt: skip


def evse(uid: str, power_w: int = 150000) -> dict[str, Any]:
    return {
        "uid": uid, "evse_id": f"NL*PEE*E{uid}", "status": "AVAILABLE",
        "connectors": [{"id": "1", "standard": "IEC_62196_T2_COMBO", "format": "CABLE",
                        "power_type": "DC", "max_voltage": 500, "max_amperage": 300,
                        "max_electric_power": power_w, "last_updated": "2026-11-30T06:00:00Z"}],
        "last_updated": "2026-11-30T06:00:00Z",
    }  # fmt: skip


LOCATION: dict[str, Any] = {
    "country_code": "NL", "party_id": "PEE", "id": "LOC1", "publish": True,
    "name": "Peer Plaza", "address": "Stationsplein 1", "city": "Utrecht",
    "country": "NLD", "coordinates": {"latitude": "52.089444", "longitude": "5.110278"},
    "time_zone": "Europe/Amsterdam", "evses": [evse("1")],
    "last_updated": "2026-11-30T06:00:00Z",
}  # fmt: skip


def push(pair: Pair, token: str, method: str, path: str, body: object = None) -> dict[str, Any]:
    answer = pair.us.request(method, RECEIVER + path, headers=auth(token), json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status_code"] == 1000
    return dict(answer.json())


def bulk_price(pair: Pair, key: str) -> Any:
    payload = bulk(ioniq_id(pair.us_settings), [STATION], [TARIFF_ID])
    answer = pair.us.post("/v1/charge_prices/bulk", json=payload, headers={"Api-Key": key})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_pushed_tariff_prices_the_pushed_station_at_once(any_pair: Pair) -> None:
    pair = any_pair
    token, key = pair.register_peer(), key_maker(pair.us_settings)("all")
    push(pair, token, "PUT", "/tariffs/NL/PEE/T1", tariff(0.5))
    push(pair, token, "PUT", "/locations/NL/PEE/LOC1", LOCATION)
    # IONIQ 5 54 kWh, 20 -> 80 %: 33.402 kWh (see test_bulk_prices) x 0.50 x 1.20 = 20.04.
    [first] = bulk_price(pair, key)["data"]
    assert first["attributes"]["price"] == 20.04
    assert first["relationships"]["tariff"]["data"]["id"] == TARIFF_ID
    push(pair, token, "PUT", "/tariffs/NL/PEE/T1", tariff(0.4))
    [second] = bulk_price(pair, key)["data"]
    assert second["attributes"]["price"] == 16.03  # 33.402 x 0.40 x 1.20
    quote = pair.us.post("/v1/charge_prices", headers={"Api-Key": key}, json={"data": {
        "type": "charge_price_request", "attributes": {"data_adapter": "chargeprice",
        "station": {"longitude": 5.110278, "latitude": 52.089444, "country": "NL",
                    "network": stable_uuid("ocpi-party", "NL*PEE"),
                    "charge_points": [{"power": 150, "plug": "ccs"}]},
        "options": {"energy": 30, "duration": 30}}}})  # fmt: skip
    assert quote.status_code == 200, quote.text
    [mine] = [d for d in quote.json()["data"] if d["id"] == TARIFF_ID]
    assert mine["attributes"]["charge_point_prices"][0]["price"] == 14.4  # 30 x 0.40 x 1.20
    push(pair, token, "DELETE", "/tariffs/NL/PEE/T1")
    push(pair, token, "DELETE", "/tariffs/NL/PEE/T1")  # idempotent
    gone = pair.us.post("/v1/charge_prices/bulk", headers={"Api-Key": key},
                        json=bulk(ioniq_id(pair.us_settings), [STATION], [TARIFF_ID]))  # fmt: skip
    assert gone.status_code == 404


def stored_station(pair: Pair) -> tuple[str, int, list[dict[str, Any]]]:
    database = Database(pair.us_settings)
    with database.transaction() as session:
        row = session.scalars(select(StationRow).where(StationRow.id == STATION)).one()
        found = (row.name, row.version, row.charge_points)
    database.dispose()
    return found


def test_pushes_are_idempotent_and_patch_and_evse_puts_merge(any_pair: Pair) -> None:
    pair = any_pair
    token = pair.register_peer()
    push(pair, token, "PUT", "/locations/NL/PEE/LOC1", LOCATION)
    push(pair, token, "PUT", "/locations/NL/PEE/LOC1", LOCATION)
    assert stored_station(pair)[:2] == ("Peer Plaza", 1)
    push(pair, token, "PATCH", "/locations/NL/PEE/LOC1",
         {"name": "Peer Plaza Noord", "last_updated": "2026-11-30T07:00:00Z"})  # fmt: skip
    push(pair, token, "PUT", "/locations/NL/PEE/LOC1/2", evse("2", 300000))
    name, version, charge_points = stored_station(pair)
    assert (name, version) == ("Peer Plaza Noord", 3)
    assert sorted((cp["power"], cp["count"]) for cp in charge_points) == [(150.0, 1), (300.0, 1)]
    push(pair, token, "PATCH", "/locations/NL/PEE/LOC1/2/1", {"max_electric_power": 50000})
    assert sorted(cp["power"] for cp in stored_station(pair)[2]) == [50.0, 150.0]
    got = push(pair, token, "GET", "/locations/NL/PEE/LOC1/2/1")["data"]
    assert got["max_electric_power"] == 50000
    assert push(pair, token, "GET", "/locations/NL/PEE/LOC1")["data"]["name"] == "Peer Plaza Noord"


@pytest.mark.parametrize(
    ("path", "body", "http", "says"),
    [
        ("/locations/DE/ABC/X", LOCATION, 403, "cannot write under DE*ABC"),
        ("/tariffs/NL/PEE/T2", tariff(0.5), 400, "id 'T1' is not the URL's"),
        ("/tariffs/NL/PEE/T1", {**tariff(0.5), "elements": []}, 400, "elements"),
        ("/tariffs/NL/PEE/T1", {**tariff(0.5), "currency": 5}, 400, "currency"),
        ("/locations/NL/PEE/LOC1", {**LOCATION, "coordinates": None}, 400, "coordinates"),
        ("/locations/NL/PEE/LOC1", {**LOCATION, "evses": [{"uid": 1}]}, 400, "no connector"),
        ("/locations/NL/PEE/LOC1", [1, 2], 400, "Location object"),
        ("/locations/NL/PEE/LOC1/1", evse("1"), 404, "before its EVSEs"),
        ("/tariffs/NL/PEE/" + "T" * 37, tariff(0.5), 400, "1 to 36 characters"),
    ],
)
def test_bad_pushes_get_ocpi_errors_naming_the_problem(
    pair: Pair, path: str, body: object, http: int, says: str
) -> None:
    token = pair.register_peer()
    answer = pair.us.put(RECEIVER + path, headers=auth(token), json=body)
    assert answer.status_code == http, answer.text
    assert answer.json()["status_code"] in (2001, 2003, 2000)
    assert says in answer.json()["status_message"]


def test_an_emsp_cannot_push(pair: Pair) -> None:
    new_party(pair.us_settings, "DE", "ABC", "EMSP")
    database = Database(pair.us_settings)
    with database.transaction() as session:  # as if it had registered: its token C
        party = party_named(session, "DE*ABC")
        OcpiPartyRepository(session).update(party.id, status="registered", token_hash=hash_key("c"))
    database.dispose()
    answer = pair.us.put(RECEIVER + "/tariffs/DE/ABC/T1", headers=auth("c"), json=tariff(0.5))
    assert answer.status_code == 403
    assert "only a CPO pushes" in answer.json()["status_message"]


def test_what_fails_before_an_ocpi_route_still_answers_in_the_ocpi_envelope(
    pair: Pair,
) -> None:
    # The body limit answers before any route: on an OCPI path, in OCPI's envelope.
    token = pair.register_peer()
    huge = {"id": "T1", "padding": "x" * 2_000_000}
    answer = pair.us.put(RECEIVER + "/tariffs/DE/EVC/T1", headers=auth(token), json=huge)
    assert answer.status_code == 413
    body = answer.json()
    assert (body["data"], body["status_code"]) == (None, 2000)
    assert "larger than 1000000 bytes" in body["status_message"]
    assert body["timestamp"].endswith("Z")


def listed(pair: Pair, key: str) -> bool:
    """Whether a search around the pushed location lists its station."""
    box = {"filter[latitude.gte]": "52.08", "filter[latitude.lte]": "52.10",
           "filter[longitude.gte]": "5.10", "filter[longitude.lte]": "5.12"}  # fmt: skip
    answer = pair.us.get("/v1/charging_stations", params=box, headers={"Api-Key": key})
    assert answer.status_code == 200, answer.text
    return STATION in {s["id"] for s in answer.json()["data"]}


def removed_since(pair: Pair, key: str, since: str) -> list[tuple[str, str]]:
    answer = pair.us.get(
        "/v1/removed_charging_stations",
        params={"filter[updated_since]": since},
        headers={"Api-Key": key},
    )
    assert answer.status_code == 200, answer.text
    return [(r["id"], r["attributes"]["reason"]) for r in answer.json()["data"]]


def test_a_location_whose_evses_are_all_removed_is_unlisted_until_one_is_back(
    any_pair: Pair,
) -> None:
    """OCPI deletes nothing: a CPO sets an EVSE's status to REMOVED, and a location without a
    valid EVSE "should no longer be displayed" (mod_locations)."""
    pair = any_pair
    token, key = pair.register_peer(), key_maker(pair.us_settings)("all")
    push(
        pair, token, "PUT", "/locations/NL/PEE/LOC1", {**LOCATION, "evses": [evse("1"), evse("2")]}
    )
    assert listed(pair, key)
    since = utcnow().isoformat()
    push(pair, token, "PATCH", "/locations/NL/PEE/LOC1/1", {"status": "REMOVED"})
    assert listed(pair, key)  # EVSE 2 is still there
    push(pair, token, "PATCH", "/locations/NL/PEE/LOC1/2", {"status": "REMOVED"})
    assert not listed(pair, key)
    assert removed_since(pair, key, since) == [(STATION, "removed")]
    pushed = push(pair, token, "GET", "/locations/NL/PEE/LOC1")["data"]
    assert [e["status"] for e in pushed["evses"]] == ["REMOVED", "REMOVED"]
    push(pair, token, "PATCH", "/locations/NL/PEE/LOC1/2", {"status": "REMOVED"})  # idempotent
    push(pair, token, "PATCH", "/locations/NL/PEE/LOC1/2", {"status": "AVAILABLE"})
    assert listed(pair, key)
    assert removed_since(pair, key, since) == []
    [(_name, version, charge_points)] = [stored_station(pair)]
    assert version == 4  # pushed, EVSE 1 removed, every EVSE removed, EVSE 2 back
    assert [(cp["power"], cp["count"]) for cp in charge_points] == [(150.0, 1)]
    # A removed location never pushed before has no station to remove: refused, as before.
    never = {**LOCATION, "id": "LOC9", "evses": [evse("9") | {"status": "REMOVED"}]}
    answer = pair.us.put(f"{RECEIVER}/locations/NL/PEE/LOC9", headers=auth(token), json=never)
    assert answer.status_code == 400
    assert answer.json()["status_message"] == "location NL*PEE*LOC9: every EVSE is REMOVED"
