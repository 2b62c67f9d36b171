"""`Client` against a live server: vehicles, bidirectional charging, stations, companies,
tariffs, usage and keys, compared with the same calls over plain HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from evcharge.client import (
    AuthenticationError,
    BadRequestError,
    BoundingBox,
    Client,
    NotFoundError,
)
from evcharge.db.engine import Database
from evcharge.db.models import CompanyRow, StationRow
from evcharge.settings import Settings
from tests.client.conftest import CountingTransport
from tests.live_server import LiveServer

WITZHAVE_EVSE = "DE*ION*E001001"  # IONITY A24 Witzhave, in the embedded network


def test_a_search_runs_across_pages(live: LiveServer) -> None:
    transport = CountingTransport()
    with Client(live.url, api_key=live.key, transport=transport) as client:
        found = list(client.vehicles(q="ioniq 5", page_size=2))
    raw = live.raw("GET", "/v2/vehicles", params={"q": "ioniq 5"}).json()
    assert [v.id for v in found] == [v["id"] for v in raw["data"]]
    assert len(found) == raw["meta"]["overall_count"] > 2
    assert len(transport.requests) == -(-len(found) // 2)  # one request per page
    assert found[0].model == "IONIQ 5"


def test_every_vehicle_is_listed_once(client: Client, live: LiveServer) -> None:
    vehicles = list(client.vehicles(page_size=50))
    total = live.raw("GET", "/v2/vehicles", params={"page[size]": 1}).json()["meta"]
    assert len({v.id for v in vehicles}) == len(vehicles) == total["overall_count"]


def test_a_vehicle_by_id_has_units_in_its_names(client: Client, live: LiveServer) -> None:
    first = next(client.vehicles(q="ioniq 5"))
    vehicle = client.vehicle(first.id)
    raw = live.raw("GET", "/v2/vehicles", params={"filter[id]": first.id}).json()["data"][0]
    attributes = raw["attributes"]
    assert vehicle == first
    assert vehicle.evdb_vehicle_id == 91001
    assert vehicle.usable_battery_size_kwh == attributes["usable_battery_size"]
    assert vehicle.dc_max_power_kw == attributes["dc_max_power"]
    assert vehicle.average_consumption_kwh_per_100km == 16.8
    assert vehicle.brand_id == raw["relationships"]["manufacturer"]["data"]["id"]
    assert vehicle.dc_charging_curve is not None
    assert vehicle.dc_charging_curve[0].soc_pct == attributes["dc_charging_curve"][0]["percentage"]
    assert vehicle.ac_power_per_charging_point_kw is not None
    assert vehicle.ac_power_per_charging_point_kw[22.0] == 11.0
    assert vehicle.curve_provenance == attributes["curve_provenance"]


def test_a_fitted_vehicle_carries_its_makers_figure(client: Client, live: LiveServer) -> None:
    fitted = next(v for v in client.vehicles() if v.curve_provenance == "fitted_to_published")
    raw = live.raw("GET", "/v2/vehicles", params={"filter[id]": fitted.id}).json()["data"][0]
    reference = raw["attributes"]["reference_charge"]
    assert fitted.reference_charge is not None
    assert fitted.reference_charge.duration_min == reference["duration_min"]
    assert fitted.reference_charge.as_of.isoformat() == reference["as_of"]


def test_an_unknown_vehicle_is_not_found(client: Client) -> None:
    with pytest.raises(NotFoundError) as caught:
        client.vehicle("no-such-vehicle")
    assert str(caught.value) == "404 NOT_FOUND: vehicle 'no-such-vehicle' not found"


def test_brands_across_pages(client: Client, live: LiveServer) -> None:
    brands = list(client.vehicle_brands(page_size=7))
    raw = live.raw("GET", "/v2/vehicle_brands").json()
    assert [b.name for b in brands] == [b["attributes"]["name"] for b in raw["data"]]


def test_bidirectional_charging(client: Client, live: LiveServer) -> None:
    found = client.bidirectional(91001)
    path = "/evdatabase/uk/car/bidirectionalcharging/"
    raw = live.raw("GET", path, params={"evdb_vehicle_id": 91001}).json()["result"]
    assert found.model_dump(include=set(raw)) == raw
    assert (found.complete, found.unknown_fields) == (True, ())
    assert found.vehicle_to_load_power_output_kw == 3.6


def test_bidirectional_charging_with_unknown_fields_is_incomplete(client: Client) -> None:
    found = client.bidirectional(92502)  # BYD Atto 3: V2L power not yet sourced (206)
    assert found.complete is False
    assert "vehicle_to_load_power_output_kw" in found.unknown_fields
    assert found.vehicle_to_load_power_output_kw is None


def test_bidirectional_charging_of_a_van_in_another_market(client: Client) -> None:
    assert client.bidirectional(92806, vehicle_type="van").vehicle_type == "van"
    assert client.bidirectional(91004, market="us").vehicle_to_load_power_output_kw == 1.9


def test_bidirectional_errors_raise_the_same_tree(client: Client) -> None:
    with pytest.raises(NotFoundError) as unknown:
        client.bidirectional(999999)
    assert unknown.value.status == 204
    assert str(unknown.value) == "204 NOT_FOUND: no car with evdb_vehicle_id 999999 in market 'uk'"
    with pytest.raises(BadRequestError) as bad:
        client.bidirectional("abc")
    assert bad.value.error == "evdb_vehicle_id must be a whole number, got 'abc'"
    with pytest.raises(BadRequestError, match="unknown market 'xx'"):
        client.bidirectional(91001, market="xx")


def test_stations_iterate_over_every_page(client: Client, live: LiveServer) -> None:
    transport = CountingTransport()
    with Client(live.url, api_key=live.key, transport=transport) as paged:
        stations = list(paged.stations(page_size=50))
    raw = live.raw("GET", "/v1/charging_stations", params={"export": "true", "page[size]": 1000})
    assert [s.id for s in stations] == [s["id"] for s in raw.json()["data"]]
    assert len(transport.requests) == -(-len(stations) // 50)
    assert all(s.operator is not None and s.operator.id == s.operator_id for s in stations)


def test_station_filters(client: Client) -> None:
    fast_de = list(client.stations(countries="DE", power_gte_kw=300))
    assert fast_de
    assert all(
        s.country == "DE" and max(cp.power_kw for cp in s.charge_points) >= 300 for s in fast_de
    )
    witzhave = client.station(WITZHAVE_EVSE)
    near = list(
        client.stations(latitude=witzhave.latitude, longitude=witzhave.longitude, radius_m=1000)
    )
    boxed = list(client.stations(bbox=BoundingBox(53.5, 10.3, 53.6, 10.4), plugs=["ccs"]))
    assert witzhave.id in {s.id for s in near} & {s.id for s in boxed}
    assert [s.id for s in client.stations(ids=[witzhave.id])] == [witzhave.id]


def test_one_station_by_id_or_evse_id(client: Client, live: LiveServer) -> None:
    station = client.station(WITZHAVE_EVSE)
    raw = live.raw("GET", f"/v1/charging_stations/{station.id}").json()
    assert client.station(station.id) == station
    assert station.name == raw["data"]["attributes"]["name"] == "IONITY A24 Witzhave"
    assert station.operator is not None
    assert station.operator.name == "IONITY"
    assert station.charge_points[0].power_kw == 350.0
    with pytest.raises(NotFoundError, match="404 NOT_FOUND: charging station nope"):
        client.station("nope")


# Written in the future: no station another test reads has left the lists since then.
GONE_AT = datetime(2999, 1, 1, tzinfo=UTC)


def stations_that_left(live: LiveServer) -> datetime:
    """Three unlisted rows in the live database (once): one removed at GONE_AT, and two merged
    into it a second later. No search lists them; the time they left from."""
    database = Database(Settings(database_url=live.env["EVCHARGE_DATABASE_URL"]))
    with database.transaction() as session:
        if session.get(StationRow, "client-gone") is None:
            operator = session.scalars(select(CompanyRow.id).limit(1)).one()
            later = GONE_AT + timedelta(seconds=1)
            for station_id, at, canonical in (
                ("client-gone", GONE_AT, None),
                ("client-merged-b", later, "client-gone"),
                ("client-merged-a", later, "client-gone"),
            ):
                session.add(StationRow(
                    id=station_id, source="test-client", source_key=f"test-client:{station_id}",
                    name=station_id, address="", latitude=0.0, longitude=0.0, country="DE",
                    operator_id=operator, facilities=[], charge_points=[], max_power_kw=0.0,
                    status="removed" if canonical is None else "operational",
                    duplicate_of=canonical, created_at=at, updated_at=at,
                ))  # fmt: skip
                session.flush()
    database.dispose()
    return GONE_AT


def test_stations_that_left_the_lists_page_by_cursor(client: Client, live: LiveServer) -> None:
    since = stations_that_left(live)
    transport = CountingTransport()
    with Client(live.url, api_key=live.key, transport=transport) as paged:
        found = list(paged.removed_stations(since, page_size=2))
    assert len(transport.requests) == 2  # 2 + 1, following links.next's cursor
    params = {"filter[updated_since]": since.isoformat(), "page[size]": 1000}
    raw = live.raw("GET", "/v1/removed_charging_stations", params=params).json()["data"]
    assert [r.id for r in found] == [r["id"] for r in raw]
    assert [(r.id, r.reason, r.merged_into_id) for r in found] == [
        ("client-gone", "removed", None),
        ("client-merged-a", "merged", "client-gone"),  # one time: in id order
        ("client-merged-b", "merged", "client-gone"),
    ]
    assert found[0].updated_at == since
    assert [r.id for r in client.removed_stations(since + timedelta(seconds=1))] == [
        "client-merged-a",
        "client-merged-b",
    ]
    # The other half of the sync: no station listed now was written since then.
    assert list(client.stations(updated_since=since)) == []
    with pytest.raises(BadRequestError, match="page"):
        next(client.removed_stations(since, page_size=1001))


def test_companies(client: Client, live: LiveServer) -> None:
    companies = list(client.companies(page_size=5))
    raw = live.raw("GET", "/v1/companies").json()
    assert [c.id for c in companies] == [c["id"] for c in raw["data"]]
    cpos = list(client.companies(is_cpo=True))
    assert cpos
    assert all(c.is_cpo for c in cpos)
    assert next(client.companies(q="IONITY")).name == "IONITY"


def test_tariffs_have_exact_fees(client: Client, live: LiveServer) -> None:
    tariffs = client.tariffs()
    raw = json.loads(live.raw("GET", "/v1/tariffs").text, parse_float=Decimal)["data"]
    assert [t.id for t in tariffs] == [t["id"] for t in raw]
    assert [t.total_monthly_fee for t in tariffs] == [
        t["attributes"]["total_monthly_fee"] for t in raw
    ]
    assert all(isinstance(t.total_monthly_fee, Decimal) for t in tariffs)
    tagged = next(t for t in tariffs if t.tags)
    assert tagged.tags[0].text("de")
    assert [t.id for t in client.tariffs(ids=[tariffs[0].id])] == [tariffs[0].id]
    assert all(t.is_direct_payment for t in client.tariffs(direct_payment=True))


def test_usage_is_the_keys_own(client: Client, live: LiveServer) -> None:
    client.bidirectional(91001)
    usage = client.usage()
    raw = live.raw("GET", "/v1/usage").json()
    assert usage.key_name == raw["meta"]["key"] == "live"
    by_endpoint = {p.endpoint: p for p in usage.periods}
    assert by_endpoint["bidirectional_charging"].chargeable_calls >= 1
    assert isinstance(by_endpoint["bidirectional_charging"].amount, Decimal)
    assert usage.total == {c: Decimal(a) for c, a in raw["meta"]["total"].items()}


def test_api_keys_can_be_created_listed_and_revoked(client: Client, live: LiveServer) -> None:
    created = client.create_api_key("partner", ["ReadVehicles"], rate_limit_per_min=60)
    assert created.api_key.groups == ("ReadVehicles",)
    assert "partner" in {k.name for k in client.api_keys()}
    with Client(live.url, api_key=created.secret) as partner:
        assert next(partner.vehicles(q="ioniq 5")).evdb_vehicle_id == 91001
        assert client.revoke_api_key("partner").revoked_at is not None
        with pytest.raises(AuthenticationError, match="api_key invalid"):
            next(partner.vehicles())
